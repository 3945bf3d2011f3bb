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

class Gemini3Test extends RigTest {
    static final byte[] IMAGE = TestMedia.png(30, 40);
    static final byte[] REF = TestMedia.png(30, 30);

    @Test
    void textToImageSendsNanoBananaProThePromptPngAndAspectRatio() throws Exception {
        var task = rig.imageTask(imageRequest(ImageModel.GEMINI_3, "a map", 600, 600), Map.of());

        List<String> keys = new Gemini3(rig.client()).run(imageContext(task));

        assertThat(rig.emulator.lastInput(Gemini3.MODEL)).isEqualTo(json(Map.of("prompt", "a map",
                "output_format", "png", "aspect_ratio", "1:1")));
        assertOnePng(task, keys);
    }

    @Test
    void anEditSendsNanoBananaProTheImagesAndMatchesTheImagesAspectRatio() throws Exception {
        var task = rig.imageTask(imageRequest(ImageModel.GEMINI_3, "add a label", 600, 600),
                Map.of("image", IMAGE, "references[0].image", REF));

        List<String> keys = new Gemini3(rig.client()).run(imageContext(task));

        assertThat(rig.emulator.lastInput(Gemini3.MODEL)).isEqualTo(json(Map.of("prompt", "add a label",
                "image_input", List.of(TestMedia.pngDataUri(IMAGE), TestMedia.pngDataUri(REF)),
                "output_format", "png", "aspect_ratio", "match_input_image")));
        assertOnePng(task, keys);
    }
}
