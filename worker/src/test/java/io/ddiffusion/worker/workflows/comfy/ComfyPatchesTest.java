package io.ddiffusion.worker.workflows.comfy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddiffusion.schema.workflows.Patch;
import io.ddiffusion.schema.workflows.PatchClassType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each patch class sets the input ComfyUI's node reads; the request's workflow itself is left as it was. */
class ComfyPatchesTest {
    static Map<String, Object> node(String type, String title) {
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("class_type", type);
        n.put("inputs", new LinkedHashMap<>(Map.of("value", "old")));
        n.put("_meta", Map.of("title", title));
        return n;
    }

    static Map<String, Map<String, Object>> graph() {
        Map<String, Map<String, Object>> g = new LinkedHashMap<>();
        g.put("1", node("PrimitiveInt", "steps"));
        g.put("2", node("PrimitiveFloat", "cfg"));
        g.put("3", node("PrimitiveString", "name"));
        g.put("4", node("PrimitiveStringMultiline", "prompt"));
        g.put("5", node("PrimitiveBoolean", "tiled"));
        g.put("6", node("LoadImage", "image"));
        g.put("7", node("LoadVideo", "clip"));
        return g;
    }

    @Test
    void everyPatchClassSetsItsNodesInput() throws Exception {
        Map<String, Map<String, Object>> g = graph();
        ObjectNode patched = ComfyPatches.apply(g, List.of(new Patch("steps", PatchClassType.PrimitiveInt, 30),
                new Patch("cfg", PatchClassType.PrimitiveFloat, 4.5),
                new Patch("name", PatchClassType.PrimitiveString, "shot_010"),
                new Patch("prompt", PatchClassType.PrimitiveStringMultiline, "a\\nb"),
                new Patch("tiled", PatchClassType.PrimitiveBoolean, true),
                new Patch("image", PatchClassType.LoadImage, "key"),
                new Patch("clip", PatchClassType.LoadVideo, "key")), (i, p) -> "ddiffusion/t/" + i + "." + p.title());

        assertThat(patched.path("1").path("inputs").path("value").asInt()).isEqualTo(30);
        assertThat(patched.path("2").path("inputs").path("value").asDouble()).isEqualTo(4.5);
        assertThat(patched.path("3").path("inputs").path("value").asText()).isEqualTo("shot_010");
        assertThat(patched.path("4").path("inputs").path("value").asText()).isEqualTo("a\\nb");
        assertThat(patched.path("5").path("inputs").path("value").isBoolean()).isTrue();
        assertThat(patched.path("6").path("inputs").path("image").asText()).isEqualTo("ddiffusion/t/5.image");
        assertThat(patched.path("7").path("inputs").path("file").asText()).isEqualTo("ddiffusion/t/6.clip");
        assertThat(g.get("1").get("inputs")).isEqualTo(Map.of("value", "old"));
    }

    @Test
    void aPatchWhoseNodeChangedClassFailsInsteadOfSettingTheWrongInput() {
        assertThatThrownBy(() -> ComfyPatches.apply(graph(), List.of(new Patch("steps", PatchClassType.PrimitiveFloat,
                1.0)), (i, p) -> "")).isInstanceOf(ComfyException.class)
                .hasMessage("patch 'steps': node 1 is PrimitiveInt, not PrimitiveFloat");
    }

    @Test
    void logsNameANodeByItsTitleAndClass() {
        assertThat(ComfyPatches.nodeNames(graph())).containsEntry("6", "node 6 'image' (LoadImage)");
    }
}
