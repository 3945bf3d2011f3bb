package io.ddiffusion.worker.images.external;


import static io.ddiffusion.worker.providers.replicate.ReplicateRig.imageContext;
import static io.ddiffusion.worker.providers.replicate.ReplicateRig.imageRequest;
import static io.ddiffusion.worker.providers.replicate.ReplicateRig.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddiffusion.schema.images.ImageModel;
import io.ddiffusion.worker.media.Images;
import io.ddiffusion.worker.providers.replicate.ReplicateClient;
import io.ddiffusion.worker.providers.replicate.RigTest;
import io.ddiffusion.worker.providers.replicate.TestMedia;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopazlabsUpscaleTest extends RigTest {
    @Test
    void sendsTheImageFor4xPngUpscalingWithoutFaceEnhancement() throws Exception {
        byte[] image = TestMedia.png(32, 24);
        var task = rig.imageTask(imageRequest(ImageModel.TOPAZLABS_UPSCALE, "x", 1280, 720), Map.of("image", image));

        List<String> keys = new TopazlabsUpscale(rig.client()).run(imageContext(task));

        assertThat(rig.emulator.lastInput(TopazlabsUpscale.MODEL)).isEqualTo(json(Map.of("image",
                TestMedia.pngDataUri(image), "upscale_factor", "4x", "output_format", "png",
                "face_enhancement", false)));
        assertOnePng(task, keys);
    }

    @Test
    void anImageOver256KiBIsUploadedThroughTheFilesApiAndSentAsItsUrl() throws Exception {
        byte[] image = TestMedia.noisePng(400, 400);
        byte[] sent = Images.png(Images.decodeRgb(image));
        assertThat(sent.length).isGreaterThan(ReplicateClient.DATA_URI_MAX_BYTES);
        var task = rig.imageTask(imageRequest(ImageModel.TOPAZLABS_UPSCALE, "x", 1280, 720), Map.of("image", image));

        new TopazlabsUpscale(rig.client()).run(imageContext(task));

        assertThat(rig.emulator.uploads()).singleElement().satisfies(f -> {
            assertThat(f.declaredType()).isEqualTo("image/png");
            assertThat(f.bytes()).isEqualTo(sent);
        });
        assertThat(rig.emulator.lastInput(TopazlabsUpscale.MODEL).get("image").asText())
                .isEqualTo(rig.emulator.baseUrl() + "/files/f1");
        assertThat(task.logs()).anyMatch(l -> l.startsWith("Uploaded image.png (" + sent.length + " bytes)"));
    }
}
