package io.ddiffusion.worker.images.local.esrgan;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxJavaType;
import io.ddiffusion.worker.models.onnx.TensorSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UpscalerExportTest {

    private static UpscalerExport export(long height, long width) {
        TensorSpec in = new TensorSpec("image", OnnxJavaType.FLOAT, new long[] {1, 3, height, width});
        TensorSpec out = new TensorSpec("upscaled_image", OnnxJavaType.FLOAT, new long[] {1, 3, -1, -1});
        return UpscalerExport.of("real-esrgan-x4", Map.of("image", in), Map.of("upscaled_image", out), 4);
    }

    @Test
    void readsTheNamesAndTheFixedSizeFromTheModel() {
        UpscalerExport e = export(128, 128);
        assertThat(e.input()).isEqualTo("image");
        assertThat(e.output()).isEqualTo("upscaled_image");
        assertThat(e.fixedSize()).isTrue();
    }

    @Test
    void aFixedExportIsTiledAtItsSizeWhateverIsConfigured() {
        assertThat(export(128, 128).tileSide(512)).isEqualTo(128);
        assertThat(export(128, 128).tileSide(64)).isEqualTo(128);
        assertThat(export(96, 128).tileSide(512)).isEqualTo(96);
    }

    @Test
    void aDynamicExportUsesTheConfiguredSizeCappedByAnyFixedSide() {
        assertThat(export(-1, -1).fixedSize()).isFalse();
        assertThat(export(-1, -1).tileSide(512)).isEqualTo(512);
        assertThat(export(-1, 200).tileSide(512)).isEqualTo(200);
        assertThat(export(-1, 200).tileSide(64)).isEqualTo(64);
    }
}
