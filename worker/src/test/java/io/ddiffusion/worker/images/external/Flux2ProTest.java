package io.ddiffusion.worker.images.external;

import static io.ddiffusion.worker.providers.replicate.ReplicateRig.imageContext;
import static io.ddiffusion.worker.providers.replicate.ReplicateRig.imageRequest;
import static io.ddiffusion.worker.providers.replicate.ReplicateRig.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddiffusion.schema.images.ImageModel;
import io.ddiffusion.worker.providers.replicate.RigTest;
import io.ddiffusion.worker.providers.replicate.TestMedia;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Flux2ProTest extends RigTest {
    static final byte[] IMAGE = TestMedia.png(64, 48);
    static final byte[] MASK = TestMedia.mask(64, 48);
    static final byte[] REF_1 = TestMedia.png(20, 30);
    static final byte[] REF_2 = TestMedia.jpeg(30, 20);

    @Test
    void textToImageSendsTwoMegapixelsTheAspectRatioAndNoInputImages() throws Exception {
        var task = rig.imageTask(imageRequest(ImageModel.FLUX_2_PRO, "a tram", 720, 1280), Map.of());

        List<String> keys = new Flux2Pro(rig.client()).run(imageContext(task));

        assertThat(rig.emulator.lastInput(Flux2Pro.MODEL)).isEqualTo(json(Map.of("prompt", "a tram",
                "resolution", "2 MP", "aspect_ratio", "9:16", "safety_tolerance", 5, "output_format", "png",
                "seed", 7)));
        assertOnePng(task, keys);
    }

    @Test
    void imageToImageSendsTheImageFirstThenTheReferencesAndMatchesTheImagesAspectRatio() throws Exception {
        var task = rig.imageTask(imageRequest(ImageModel.FLUX_2_PRO, "same style", 720, 1280),
                Map.of("image", IMAGE, "references[0].image", REF_1, "references[1].image", REF_2));

        List<String> keys = new Flux2Pro(rig.client()).run(imageContext(task));

        assertThat(rig.emulator.lastInput(Flux2Pro.MODEL)).isEqualTo(json(Map.of("prompt", "same style",
                "resolution", "2 MP", "aspect_ratio", "match_input_image", "safety_tolerance", 5,
                "output_format", "png", "seed", 7, "input_images", List.of(TestMedia.pngDataUri(IMAGE),
                        TestMedia.pngDataUri(REF_1), TestMedia.pngDataUri(REF_2)))));
        assertOnePng(task, keys);
    }

    @Test
    void inpaintingSendsTheMaskThenTheImageAndExplainsThemInThePrompt() throws Exception {
        var task = rig.imageTask(imageRequest(ImageModel.FLUX_2_PRO, "a cat", 720, 1280),
                Map.of("image", IMAGE, "mask", MASK));

        List<String> keys = new Flux2Pro(rig.client()).run(imageContext(task));

        assertThat(rig.emulator.lastInput(Flux2Pro.MODEL)).isEqualTo(json(Map.of("prompt",
                Flux2Pro.INPAINT_PREFIX + "a cat", "resolution", "2 MP", "aspect_ratio", "match_input_image",
                "safety_tolerance", 5, "output_format", "png", "seed", 7, "input_images",
                List.of(TestMedia.maskDataUri(MASK), TestMedia.pngDataUri(IMAGE)))));
        assertThat(Flux2Pro.INPAINT_PREFIX).contains("Image 1 is a mask").contains("white area");
        assertOnePng(task, keys);
    }

    @Test
    void moreThanEightImagesFailBeforeAnyCall() {
        Map<String, byte[]> inputs = new HashMap<>(Map.of("image", IMAGE));
        for (int i = 0; i < 8; i++) {
            inputs.put("references[" + i + "].image", REF_1);
        }
        var task = rig.imageTask(imageRequest(ImageModel.FLUX_2_PRO, "x", 64, 48), inputs);

        assertThatThrownBy(() -> new Flux2Pro(rig.client()).run(imageContext(task)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Model 'flux-2-pro' takes at most 8 images (input image and references together); got 9.");
        assertThat(rig.emulator.calls()).isEmpty();
    }
}
