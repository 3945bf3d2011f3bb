package io.ddiffusion.bench.local;

import io.ddiffusion.worker.images.local.LocalPipelineSettings;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddiffusion.worker.images.local.LocalRuntime;
import io.ddiffusion.worker.models.ModelPaths;
import io.ddiffusion.worker.models.LocalModelSettings.OnnxDevice;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineRunTest {
    static final LocalPipelineSettings DEFAULTS = new LocalPipelineSettings(16, 512, 16, 8192L * 8192L,
            "euler");

    @TempDir
    Path dir;

    PipelineResult measure(String model, LocalRuntime.Weights weights, String... options) throws Exception {
        LocalBenchOptions o = LocalBenchOptions.parse(options);
        BenchCase c = BenchCases.of(model, o, DEFAULTS);
        return PipelineRun.measure(c, log -> new LocalRuntime(weights, OnnxDevice.CPU, 1L << 30, log), o.runs(),
                false, dir);
    }

    @Test
    void tinySdXlReportsEachSessionItLoadedAndItsStepTime() throws Exception {
        ModelPaths files = TinyWeights.write("sd-xl", dir.resolve("weights"));

        PipelineResult r = measure("sd-xl", (model, log) -> files, "--sdxl-steps", "2", "--runs", "2");

        assertThat(r.problem()).isEmpty();
        assertThat(r.loads()).extracting(LogTimings.Load::session)
                .containsExactly("sd-xl/text_encoder", "sd-xl/text_encoder_2", "sd-xl/unet", "sd-xl/vae_decoder");
        assertThat(r.warmMs().count()).isEqualTo(2);
        assertThat(r.firstStepMs()).isPresent();
        assertThat(r.warmStepMs().count()).isEqualTo(2);
        assertThat(r.engine()).startsWith("ONNX Runtime on CPU");
    }

    @Test
    void tinySamFindsItsOneBoxAndHasNoStepTime() throws Exception {
        ModelPaths files = TinyWeights.write("sam-2", dir.resolve("weights"));

        PipelineResult r = measure("sam-2", (model, log) -> files, "--runs", "1");

        assertThat(r.problem()).isEmpty();
        assertThat(r.loads()).extracting(LogTimings.Load::session)
                .containsExactly("sam-2/detector", "sam-2/vision_encoder", "sam-2/mask_decoder");
        assertThat(r.firstStepMs()).isEmpty();
    }

    @Test
    void aPipelineThatFailsIsReportedWithItsMessageInsteadOfThrowing() throws Exception {
        PipelineResult r = measure("real-esrgan-x4", (model, log) -> {
            throw new IllegalStateException("no weights for " + model);
        }, "--runs", "1");

        assertThat(r.failed()).isTrue();
        assertThat(r.problem()).hasValue("failed: IllegalStateException: no weights for real-esrgan-x4");
    }
}
