package io.ddiffusion.worker.comfy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ComfyGraphCheckTest {

    private static final ComfyGraph GOOD = ComfyTemplates.load("flux-1/text-to-image.json");

    private static List<String> problems(ComfyGraph g) {
        return ComfyGraphCheck.problems(g, NodeDefinitionsFixture.definitions());
    }

    private static ComfyGraph edited(String from, String to) {
        return ComfyGraph.parse(GOOD.toJson().toString().replace(from, to));
    }

    @Test
    void aShippedTemplateFitsTheDefinitions() {
        assertThat(problems(GOOD)).isEmpty();
    }

    @Test
    void aWrongInputNameFails() {
        assertThat(problems(edited("\"latent_image\"", "\"latent\""))).containsExactlyInAnyOrder(
                "node 8 (KSampler 'sampler'): required input latent_image missing",
                "node 8 (KSampler 'sampler'): unknown input latent");
    }

    @Test
    void aDanglingLinkFails() {
        assertThat(problems(edited("\"latent_image\":[\"7\",0]", "\"latent_image\":[\"70\",0]")))
                .containsExactly("node 8 (KSampler 'sampler'): input latent_image links to 70[0], a node the graph"
                        + " lacks");
    }

    @Test
    void aLinkToAMissingOutputOrOfTheWrongTypeFails() {
        assertThat(problems(edited("\"latent_image\":[\"7\",0]", "\"latent_image\":[\"7\",1]")))
                .containsExactly("node 8 (KSampler 'sampler'): input latent_image links to 7[1], but that node has 1"
                        + " outputs");
        assertThat(problems(edited("\"latent_image\":[\"7\",0]", "\"latent_image\":[\"6\",0]")))
                .containsExactly("node 8 (KSampler 'sampler'): input latent_image links to 6[0] of type CONDITIONING,"
                        + " but the input takes LATENT");
    }

    @Test
    void unknownClassesAndBadWidgetValuesFail() {
        assertThat(problems(edited("\"FluxGuidance\"", "\"FluxGuidanceX\"")))
                .containsExactly("node 5 (FluxGuidanceX 'guidance'): unknown class_type");
        assertThat(problems(edited("\"type\":\"flux\"", "\"type\":\"flux3\""))).singleElement().asString()
                .startsWith("node 2 (DualCLIPLoader 'text_encoders'): input type = flux3 is not a valid COMBO of [");
        assertThat(problems(edited("\"steps\":30", "\"steps\":\"30\"")))
                .containsExactly("node 8 (KSampler 'sampler'): input steps = 30 is not a valid INT");
        assertThat(problems(edited("\"steps\":30", "\"steps\":30.5")))
                .containsExactly("node 8 (KSampler 'sampler'): input steps = 30.5 is not a valid INT");
    }
}
