package io.ddiffusion.worker.images.external;

import static io.ddiffusion.worker.providers.replicate.ReplicateRig.imageContext;
import static io.ddiffusion.worker.providers.replicate.ReplicateRig.imageRequest;
import static io.ddiffusion.worker.providers.replicate.ReplicateRig.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddiffusion.schema.images.ImageModel;
import io.ddiffusion.worker.providers.replicate.RigTest;
import io.ddiffusion.worker.providers.replicate.TestMedia;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Gemini2Test extends RigTest {
    static final byte[] IMAGE = TestMedia.png(40, 30);
    static final byte[] REF = TestMedia.png(30, 30);

    @Test
    void textToImageSendsGemini25FlashImageThePromptPngAndAspectRatio() throws Exception {
        var task = rig.imageTask(imageRequest(ImageModel.GEMINI_2, "a fox", 1280, 720), Map.of());

        List<String> keys = new Gemini2(rig.client()).run(imageContext(task));

        assertThat(rig.emulator.lastInput(Gemini2.TEXT_TO_IMAGE)).isEqualTo(json(Map.of("prompt", "a fox",
                "output_format", "png", "aspect_ratio", "16:9")));
        assertOnePng(task, keys);
    }

    @Test
    void anEditSendsNanoBananaTheImageThenTheReferencesMatchingTheImagesAspectRatio() throws Exception {
        var task = rig.imageTask(imageRequest(ImageModel.GEMINI_2, "put the hat on", 1280, 720),
                Map.of("image", IMAGE, "references[0].image", REF));

        List<String> keys = new Gemini2(rig.client()).run(imageContext(task));

        assertThat(rig.emulator.lastInput(Gemini2.EDIT)).isEqualTo(json(Map.of("prompt", "put the hat on",
                "image_input", List.of(TestMedia.pngDataUri(IMAGE), TestMedia.pngDataUri(REF)),
                "output_format", "png", "aspect_ratio", "match_input_image")));
        assertOnePng(task, keys);
    }

    @Test
    void referencesAloneAreAnEditAtTheRequestedAspectRatio() throws Exception {
        var task = rig.imageTask(imageRequest(ImageModel.GEMINI_2, "in this style", 720, 1280),
                Map.of("references[0].image", REF));

        new Gemini2(rig.client()).run(imageContext(task));

        assertThat(rig.emulator.lastInput(Gemini2.EDIT)).isEqualTo(json(Map.of("prompt", "in this style",
                "image_input", List.of(TestMedia.pngDataUri(REF)), "output_format", "png", "aspect_ratio", "9:16")));
    }
}
