package io.ddiffusion.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ComfySettingsTest {
    static final Map<String, Map<String, Object>> GRAPH = Map.of(
            "1", Map.of("class_type", "KSampler"), "2", Map.of("class_type", "SaveImage"),
            "10", Map.of("class_type", "ExecutePython"), "3", Map.of("class_type", "ExecutePython"));

    static ComfySettings settings(Map<String, String> env) {
        return ComfySettings.from(Env.of(env));
    }

    @Test
    void withoutListsEveryNodeClassIsAllowed() {
        assertThat(settings(Map.of()).refusedNodes(GRAPH)).isEmpty();
    }

    @Test
    void aDeniedClassIsRefusedNamingItsNodesInOrderAndTheVariable() {
        assertThat(settings(Map.of("DDIFFUSION_COMFY_DENIED_NODES", " ExecutePython ,Other")).refusedNodes(GRAPH))
                .containsExactly("node class ExecutePython (nodes 3, 10) is denied on this installation "
                        + "(DDIFFUSION_COMFY_DENIED_NODES)");
    }

    @Test
    void anAllowListRefusesEveryOtherClassAndClassNamesAreCaseSensitive() {
        assertThat(settings(Map.of("DDIFFUSION_COMFY_ALLOWED_NODES", "KSampler,saveimage")).refusedNodes(GRAPH))
                .containsExactly("node class ExecutePython (nodes 3, 10) is not allowed on this installation "
                        + "(DDIFFUSION_COMFY_ALLOWED_NODES lists 2 classes)",
                        "node class SaveImage (nodes 2) is not allowed on this installation "
                        + "(DDIFFUSION_COMFY_ALLOWED_NODES lists 2 classes)");
    }

    @Test
    void theOutputCapIsReadInMebibytesAndABadValueNamesTheVariable() {
        assertThat(settings(Map.of("DDIFFUSION_COMFY_MAX_OUTPUT_MB", "2")).maxOutputBytes()).isEqualTo(2L << 20);
        assertThat(settings(Map.of()).apiUrl()).isEmpty();
        assertThatThrownBy(() -> settings(Map.of("DDIFFUSION_COMFY_MAX_OUTPUT_MB", "0")))
                .hasMessageContaining("DDIFFUSION_COMFY_MAX_OUTPUT_MB");
    }
}
