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

class Flux1ProTest extends RigTest {
    static final byte[] IMAGE = TestMedia.png(48, 64);
    static final byte[] MASK = TestMedia.mask(48, 64);

    @Test
    void textToImageSendsFlux11ProTheCleanedPromptAspectRatioPngSafetyAndSeed() throws Exception {
        var task = rig.imageTask(imageRequest(ImageModel.FLUX_1_PRO, "  a red   fox\n in snow ", 1280, 720), Map.of());

        List<String> keys = new Flux1Pro(rig.client()).run(imageContext(task));

        assertThat(rig.emulator.lastInput(Flux1Pro.TEXT_TO_IMAGE)).isEqualTo(json(Map.of("prompt", "a red fox in snow",
                "aspect_ratio", "16:9", "output_format", "png", "safety_tolerance", 5, "seed", 7)));
        assertThat(rig.emulator.calls().getFirst().path())
                .isEqualTo("/v1/models/black-forest-labs/flux-1.1-pro/predictions");
        assertOnePng(task, keys);
    }

    @Test
    void imageToImageSendsKontextProTheImageAsPngAndTheSafetyItAllowsWithImages() throws Exception {
        var task = rig.imageTask(imageRequest(ImageModel.FLUX_1_PRO, "make it winter", 1280, 720),
                Map.of("image", IMAGE));

        List<String> keys = new Flux1Pro(rig.client()).run(imageContext(task));

        assertThat(rig.emulator.lastInput(Flux1Pro.IMAGE_TO_IMAGE)).isEqualTo(json(Map.of("prompt", "make it winter",
                "input_image", TestMedia.pngDataUri(IMAGE), "aspect_ratio", "match_input_image",
                "output_format", "png", "safety_tolerance", 2, "seed", 7)));
        assertOnePng(task, keys);
    }

    @Test
    void inpaintingSendsFillProTheImageAndTheGreyscaleMask() throws Exception {
        var task = rig.imageTask(imageRequest(ImageModel.FLUX_1_PRO, "a window", 1280, 720),
                Map.of("image", IMAGE, "mask", MASK));

        List<String> keys = new Flux1Pro(rig.client()).run(imageContext(task));

        assertThat(rig.emulator.lastInput(Flux1Pro.INPAINT)).isEqualTo(json(Map.of("prompt", "a window",
                "image", TestMedia.pngDataUri(IMAGE), "mask", TestMedia.maskDataUri(MASK), "output_format", "png",
                "safety_tolerance", 6, "seed", 7)));
        assertOnePng(task, keys);
    }
}
