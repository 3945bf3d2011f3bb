package io.ddiffusion.worker.comfy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ComfyGraphTest {

    private static final String GRAPH = """
            {"1": {"class_type": "CLIPTextEncode", "_meta": {"title": "prompt"},
                   "inputs": {"text": "a cat", "clip": ["2", 0]}},
             "2": {"class_type": "CLIPLoader", "inputs": {"clip_name": "t5.safetensors", "type": "wan"}},
             "3": {"class_type": "KSampler", "_meta": {"title": "sampler"},
                   "inputs": {"seed": 7, "cfg": 3.5, "denoise": 1.0, "positive": ["1", 0]}}}
            """;

    @Test
    void parsesLinksValuesAndTitlesAndWritesThemBackInApiFormat() {
        ComfyGraph g = ComfyGraph.parse(GRAPH);

        assertThat(g.titled("prompt").inputs()).containsEntry("clip", new ComfyLink("2", 0));
        assertThat(g.node("2").title()).as("untitled nodes take their class as title").isEqualTo("CLIPLoader");
        assertThat(g.value("sampler", "seed")).isEqualTo(7L);
        assertThat(g.value("sampler", "cfg")).isEqualTo(3.5);
        assertThat(ComfyGraph.fromJson(g.toJson())).isEqualTo(g);
        assertThat(g.toJson().path("1").path("inputs").path("clip").toString()).isEqualTo("[\"2\",0]");
        assertThat(g.toJson().path("3").path("inputs").path("seed").isIntegralNumber()).isTrue();
    }

    @Test
    void settingAnInputByTitleLeavesTheOriginalAlone() {
        ComfyGraph g = ComfyGraph.parse(GRAPH);

        ComfyGraph set = g.set("prompt", "text", "a dog").set("sampler", "seed", 9L).unset("sampler", "cfg");

        assertThat(set.value("prompt", "text")).isEqualTo("a dog");
        assertThat(set.value("sampler", "seed")).isEqualTo(9L);
        assertThat(set.titled("sampler").inputs()).doesNotContainKey("cfg");
        assertThat(g.value("prompt", "text")).isEqualTo("a cat");
    }

    @Test
    void aNodeIsRemovedOnlyOnceNothingLinksToIt() {
        ComfyGraph g = ComfyGraph.parse(GRAPH);

        assertThatThrownBy(() -> g.without("prompt")).hasMessage("input positive of 'sampler' still links to 'prompt'");
        assertThat(g.unset("sampler", "positive").without("prompt").nodes()).containsOnlyKeys("2", "3");
    }

    @Test
    void anUnknownOrAmbiguousTitleIsAnError() {
        ComfyGraph g = ComfyGraph.parse(GRAPH);
        assertThatThrownBy(() -> g.set("nope", "text", "x")).hasMessageContaining("0 nodes titled 'nope'");
        assertThatThrownBy(() -> ComfyGraph.parse("{\"1\": {\"inputs\": {}}}")).hasMessageContaining("class_type");
        assertThatThrownBy(() -> ComfyGraph.parse("{\"1\": {\"class_type\": \"X\", \"inputs\": {\"a\": {}}}}"))
                .hasMessageContaining("neither a scalar nor a link");
    }
}
