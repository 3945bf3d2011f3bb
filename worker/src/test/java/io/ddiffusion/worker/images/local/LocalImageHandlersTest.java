package io.ddiffusion.worker.images.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddiffusion.core.config.Settings;
import io.ddiffusion.schema.images.ImageModel;
import io.ddiffusion.worker.runtime.HandlerRegistry;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalImageHandlersTest {
    @TempDir
    Path cache;

    HandlerRegistry register(Map<String, String> env) {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("HF_HUB_CACHE", cache.toString());
        HandlerRegistry.Builder b = HandlerRegistry.builder();
        new LocalImageHandlers().register(b, Settings.from(name -> Optional.ofNullable(all.get(name))));
        return b.build();
    }

    @Test
    void registersTheLocalImageModelsWithoutStartingOnnxRuntime() {
        HandlerRegistry registry = register(Map.of());
        assertThat(registry.taskNames()).contains(ImageModel.DEPTH_ANYTHING_2.taskName(),
                ImageModel.REAL_ESRGAN_X4.taskName(), ImageModel.SAM_2.taskName(), ImageModel.SD_XL.taskName());
        assertThat(registry.loadedModels()).isEmpty();
        assertThat(registry.device()).as("the engine starts with the first local task").isEmpty();
    }

    @Test
    void aBadPipelineSettingStopsTheWorkerAtStartWithItsName() {
        assertThatThrownBy(() -> register(Map.of("DDIFFUSION_DEPTH_PNG_BITS", "12")))
                .hasMessageContaining("DDIFFUSION_DEPTH_PNG_BITS");
        assertThatThrownBy(() -> register(Map.of("DDIFFUSION_ESRGAN_TILE_SIZE", "64",
                "DDIFFUSION_ESRGAN_TILE_OVERLAP", "64")))
                .hasMessageContaining("overlap");
        assertThatThrownBy(() -> register(Map.of("DDIFFUSION_SDXL_SCHEDULER", "ddim")))
                .hasMessageContaining("euler");
    }
}
