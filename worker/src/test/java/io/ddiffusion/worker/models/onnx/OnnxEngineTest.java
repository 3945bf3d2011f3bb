package io.ddiffusion.worker.models.onnx;

import static io.ddiffusion.worker.testing.TinyOnnx.in;
import static io.ddiffusion.worker.testing.TinyOnnx.out;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OnnxJavaType;
import io.ddiffusion.worker.models.LocalModelSettings.OnnxDevice;
import io.ddiffusion.worker.testing.TinyOnnx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxEngineTest {
    static final List<String> log = new ArrayList<>();
    static OnnxEngine engine;
    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        engine = OnnxEngine.start(OnnxDevice.AUTO, log::add);
    }

    /** y = x * 2 over a tensor whose batch, height and width axes are dynamic. */
    private Path doubler(int elemType) throws Exception {
        return TinyOnnx.model("doubler")
                .input("pixel_values", elemType, "batch", 3, "height", "width")
                .constant("two", elemType, new float[] {2f})
                .output("out", elemType, "batch", 3, "height", "width")
                .node("Mul", in("pixel_values", "two"), out("out"))
                .save(dir.resolve("doubler-" + elemType + ".onnx"));
    }

    @Test
    void theCpuBuildRunsOnCpuAndSaysWhyNotCuda() {
        assertThat(engine.device()).isEqualTo(OnnxDevice.CPU);
        assertThat(log).anySatisfy(l -> assertThat(l).contains("CPU").contains("CUDA").contains("-Pgpu"));
    }

    @Test
    void runsAFloat32ModelWithDynamicAxes() throws Exception {
        try (InferenceSession s = engine.load("doubler", doubler(TinyOnnx.FLOAT))) {
            assertThat(s.inputs().get("pixel_values").type()).isEqualTo(OnnxJavaType.FLOAT);
            assertThat(s.inputs().get("pixel_values").shape()).containsExactly(-1, 3, -1, -1);
            float[] x = new float[2 * 3 * 1 * 2];
            for (int i = 0; i < x.length; i++) {
                x[i] = i - 5.5f;
            }
            Tensor.Floats y = (Tensor.Floats) s.run(Map.of("pixel_values", Tensor.floats(x, 2, 3, 1, 2))).get("out");
            assertThat(y.shape()).containsExactly(2, 3, 1, 2);
            for (int i = 0; i < x.length; i++) {
                assertThat(y.data()[i]).isEqualTo(2 * x[i]);
            }
        }
    }

    @Test
    void convertsFloatsToAndFromAFloat16Export() throws Exception {
        try (InferenceSession s = engine.load("doubler16", doubler(TinyOnnx.FLOAT16))) {
            assertThat(s.inputs().get("pixel_values").type()).isEqualTo(OnnxJavaType.FLOAT16);
            float[] x = {0.1f, -1.5f, 3.25f, 1000f, 0f, -0.001f};
            Tensor.Floats y = (Tensor.Floats) s.run(Map.of("pixel_values", Tensor.floats(x, 1, 3, 1, 2))).get("out");
            for (int i = 0; i < x.length; i++) {
                // fp16 keeps about 3 significant digits
                assertThat(y.data()[i]).isCloseTo(2 * x[i], within(Math.abs(2 * x[i]) * 1e-3f + 1e-4f));
            }
        }
    }

    @Test
    void passesInt64InputsAndReturnsIntegerOutputs() throws Exception {
        Path model = TinyOnnx.model("ids")
                .input("input_ids", TinyOnnx.INT64, "batch", "sequence")
                .output("doubled", TinyOnnx.INT64, "batch", "sequence")
                .output("as_float", TinyOnnx.FLOAT, "batch", "sequence")
                .node("Add", in("input_ids", "input_ids"), out("doubled"))
                .node("Cast", in("input_ids"), out("as_float"), TinyOnnx.integer("to", TinyOnnx.FLOAT))
                .save(dir.resolve("ids.onnx"));
        try (InferenceSession s = engine.load("ids", model)) {
            Map<String, Tensor> r = s.run(Map.of("input_ids", Tensor.longs(new long[] {49406, 7, 49407}, 1, 3)));
            assertThat(((Tensor.Longs) r.get("doubled")).data()).containsExactly(98812, 14, 98814);
            assertThat(((Tensor.Floats) r.get("as_float")).data()).containsExactly(49406f, 7f, 49407f);
            Map<String, Tensor> only = s.run(Map.of("input_ids", Tensor.longs(new long[] {1}, 1, 1)),
                    Set.of("as_float"));
            assertThat(only).containsOnlyKeys("as_float");
        }
    }

    @Test
    void namesTheModelAndTheInputWhenInputsAreWrong() throws Exception {
        try (InferenceSession s = engine.load("doubler", doubler(TinyOnnx.FLOAT))) {
            assertThatThrownBy(() -> s.run(Map.of()))
                    .isInstanceOf(InferenceException.class)
                    .hasMessageContaining("doubler needs input 'pixel_values'");
            Tensor.Floats ok = Tensor.floats(new float[3], 1, 3, 1, 1);
            assertThatThrownBy(() -> s.run(Map.of("pixel_values", ok, "mask", ok)))
                    .hasMessageContaining("doubler has no input 'mask'");
            assertThatThrownBy(() -> s.run(Map.of("pixel_values", Tensor.floats(new float[4], 1, 4, 1, 1))))
                    .hasMessageContaining("'pixel_values' expects shape [-1, 3, -1, -1], got [1, 4, 1, 1]");
            assertThatThrownBy(() -> s.run(Map.of("pixel_values", Tensor.longs(new long[3], 1, 3, 1, 1))))
                    .hasMessageContaining("'pixel_values' is FLOAT, not Longs");
        }
    }

    @Test
    void aMissingOrCorruptModelFileFailsWithItsName() throws Exception {
        assertThatThrownBy(() -> engine.load("sd-xl/unet", dir.resolve("nope.onnx")))
                .isInstanceOf(InferenceException.class)
                .hasMessageContaining("sd-xl/unet").hasMessageContaining("missing");
        Path junk = java.nio.file.Files.writeString(dir.resolve("junk.onnx"), "not a model");
        assertThatThrownBy(() -> engine.load("junk", junk))
                .isInstanceOf(InferenceException.class)
                .isNotInstanceOf(ModelOutOfMemoryException.class)
                .hasMessageContaining("could not load junk");
    }

    @Test
    void aModelPaddedToAPinnedSizeStillLoadsAndRuns() throws Exception {
        Path model = doubler(TinyOnnx.FLOAT);
        long pinned = 99_060_839L;
        TinyOnnx.padTo(model, pinned);
        assertThat(java.nio.file.Files.size(model)).isEqualTo(pinned);
        try (InferenceSession s = engine.load("padded", model)) {
            Tensor.Floats y = (Tensor.Floats) s.run(Map.of("pixel_values",
                    Tensor.floats(new float[] {1, 2, 3}, 1, 3, 1, 1))).get("out");
            assertThat(y.data()).containsExactly(2, 4, 6);
        }
    }

    @Test
    void explicitCpuIsHonouredWithoutProbingCuda() {
        List<String> lines = new ArrayList<>();
        assertThat(OnnxEngine.start(OnnxDevice.CPU, lines::add).device()).isEqualTo(OnnxDevice.CPU);
        assertThat(lines).singleElement().asString().contains("as configured");
    }
}
