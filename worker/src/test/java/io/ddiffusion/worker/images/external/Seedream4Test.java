package io.ddiffusion.worker.images.external;

import static io.ddiffusion.worker.providers.replicate.ReplicateRig.imageContext;
import static io.ddiffusion.worker.providers.replicate.ReplicateRig.imageRequest;
import static io.ddiffusion.worker.providers.replicate.ReplicateRig.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddiffusion.schema.images.ImageModel;
import io.ddiffusion.worker.providers.replicate.ReplicateEmulator.Output;
import io.ddiffusion.worker.providers.replicate.ReplicateEmulator.Plan;
import io.ddiffusion.worker.providers.replicate.RigTest;
import io.ddiffusion.worker.providers.replicate.TestMedia;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Seedream4Test extends RigTest {
    static final byte[] IMAGE = TestMedia.png(64, 48);
    static final byte[] REF = TestMedia.png(32, 32);

    @Test
    void textToImageSendsSeedream45At2kOneImageAndStoresTheFirstOfItsListOutput() throws Exception {
        rig.emulator.plan(Plan.succeed(Output.PNG_LIST));
        var task = rig.imageTask(imageRequest(ImageModel.SEEDREAM_4, "a kite", 720, 1280), Map.of());

        List<String> keys = new Seedream4(rig.client()).run(imageContext(task));

        assertThat(rig.emulator.lastInput(Seedream4.MODEL)).isEqualTo(json(Map.of("prompt", "a kite",
                "size", "2K", "aspect_ratio", "9:16", "sequential_image_generation", "disabled", "max_images", 1)));
        assertOnePng(task, keys);
    }

    @Test
    void imageToImageSendsTheImageThenTheReferencesAndMatchesTheImagesAspectRatio() throws Exception {
        rig.emulator.plan(Plan.succeed(Output.PNG_LIST));
        var task = rig.imageTask(imageRequest(ImageModel.SEEDREAM_4, "at night", 720, 1280),
                Map.of("image", IMAGE, "references[0].image", REF));

        List<String> keys = new Seedream4(rig.client()).run(imageContext(task));

        assertThat(rig.emulator.lastInput(Seedream4.MODEL)).isEqualTo(json(Map.of("prompt", "at night",
                "size", "2K", "aspect_ratio", "match_input_image", "sequential_image_generation", "disabled",
                "max_images", 1, "image_input", List.of(TestMedia.pngDataUri(IMAGE), TestMedia.pngDataUri(REF)))));
        assertOnePng(task, keys);
    }
}
