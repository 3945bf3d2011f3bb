package io.ddiffusion.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KnownVariablesTest {
    @Test
    void everyDocumentedGroupsVariablesAreKnown() {
        assertThat(KnownVariables.names()).contains("DDIFFUSION_REDIS_URL", "DDIFFUSION_ADMIN_KEY",
                "DDIFFUSION_STORAGE_DIRECTORY", "DDIFFUSION_MAX_BODY_MB", "DDIFFUSION_GPU_CONCURRENCY",
                "DDIFFUSION_COMFY_HARD_TIME_LIMIT", "DDIFFUSION_HEARTBEAT_MS", "DDIFFUSION_LOCAL_LLM_URL",
                "DDIFFUSION_ONNX_DEVICE", "DDIFFUSION_SDXL_SCHEDULER", "DDIFFUSION_ESRGAN_MAX_OUTPUT_PIXELS",
                "DDIFFUSION_HANDLER_PLUGINS", "DDIFFUSION_CORS_ORIGINS", "DDIFFUSION_JAVA_OPTS", "HF_HUB_OFFLINE",
                "COMFY_API_URL", "DDIFFUSION_COMFY_ALLOWED_NODES", "DDIFFUSION_COMFY_DENIED_NODES",
                "DDIFFUSION_COMFY_MAX_OUTPUT_MB", "DDIFFUSION_GPU_SHARED", "DDIFFUSION_STORAGE_URL",
                "DDIFFUSION_S3_ENDPOINT", "DDIFFUSION_S3_PATH_STYLE", "DDIFFUSION_STORAGE_SIGNED_URLS");
    }

    @Test
    void anUnknownDdiffusionVariableIsReportedWithTheNameItProbablyMeant() {
        List<String> warnings = new ArrayList<>();

        KnownVariables.warnUnknown(Map.of("DDIFFUSION_GPU_CONCURENCY", "2", "DDIFFUSION_FROBNICATE", "1",
                "DDIFFUSION_PORT", "5000", "PATH", "/bin"), warnings::add);

        assertThat(warnings).containsExactly(
                "Unknown variable DDIFFUSION_FROBNICATE is ignored",
                "Unknown variable DDIFFUSION_GPU_CONCURENCY is ignored (did you mean DDIFFUSION_GPU_CONCURRENCY?)");
    }
}
