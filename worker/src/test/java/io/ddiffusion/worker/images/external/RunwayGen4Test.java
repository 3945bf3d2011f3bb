package io.ddiffusion.worker.images.external;

import static io.ddiffusion.worker.providers.replicate.ReplicateRig.imageContext;
import static io.ddiffusion.worker.providers.replicate.ReplicateRig.imageRequest;
import static io.ddiffusion.worker.providers.replicate.ReplicateRig.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddiffusion.schema.images.ImageModel;
import io.ddiffusion.worker.media.Images;
import io.ddiffusion.worker.providers.replicate.RigTest;
import io.ddiffusion.worker.providers.replicate.TestMedia;
import java.awt.image.BufferedImage;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunwayGen4Test extends RigTest {
    static final byte[] WIDE = TestMedia.png(300, 100);
    static final byte[] TALL = TestMedia.png(40, 100);
    static final byte[] SQUARE = TestMedia.png(50, 50);

    @Test
    void textToImageSendsGen4ImageThePromptAndAspectRatio() throws Exception {
        var task = rig.imageTask(imageRequest(ImageModel.RUNWAY_GEN_4, "a harbour", 512, 512), Map.of());

        List<String> keys = new RunwayGen4(rig.client()).run(imageContext(task));

        assertThat(rig.emulator.lastInput(RunwayGen4.TEXT_TO_IMAGE))
                .isEqualTo(json(Map.of("prompt", "a harbour", "aspect_ratio", "1:1")));
        assertOnePng(task, keys);
    }

    @Test
    void anImageAndReferencesGoToGen4ImageTurboFittedToTheAllowedRatiosAndTagged() throws Exception {
        var task = rig.imageTask(imageRequest(ImageModel.RUNWAY_GEN_4, "@image1 in @image2", 512, 512),
                Map.of("image", WIDE, "references[0].image", TALL));

        List<String> keys = new RunwayGen4(rig.client()).run(imageContext(task));

        assertThat(rig.emulator.lastInput(RunwayGen4.WITH_REFERENCES)).isEqualTo(json(Map.of(
                "prompt", "@image1 in @image2", "aspect_ratio", "16:9",
                "reference_images", List.of(fitted(WIDE), fitted(TALL)),
                "reference_tags", List.of("image1", "image2"))));
        assertOnePng(task, keys);
    }

    @Test
    void referencesWithoutAnImageAreTaggedFromImage2() throws Exception {
        var task = rig.imageTask(imageRequest(ImageModel.RUNWAY_GEN_4, "x", 720, 1280),
                Map.of("references[0].image", SQUARE, "references[1].image", SQUARE));

        new RunwayGen4(rig.client()).run(imageContext(task));

        assertThat(rig.emulator.lastInput(RunwayGen4.WITH_REFERENCES).get("reference_tags"))
                .isEqualTo(json(Map.of("t", List.of("image2", "image3"))).get("t"));
        assertThat(rig.emulator.lastInput(RunwayGen4.WITH_REFERENCES).get("aspect_ratio").asText()).isEqualTo("9:16");
    }

    @Test
    void moreThanThreeImagesFailBeforeAnyCall() {
        var task = rig.imageTask(imageRequest(ImageModel.RUNWAY_GEN_4, "x", 64, 64), Map.of("image", SQUARE,
                "references[0].image", SQUARE, "references[1].image", SQUARE, "references[2].image", SQUARE));

        assertThatThrownBy(() -> new RunwayGen4(rig.client()).run(imageContext(task)))
                .hasMessageContaining("takes at most 3 images");
        assertThat(rig.emulator.calls()).isEmpty();
    }

    @Test
    void fittingCentreCropsTooWideAndTooTallImagesAndLeavesOthersAlone() throws Exception {
        BufferedImage wide = RunwayGen4.fitRatio(Images.decodeRgb(WIDE));
        BufferedImage tall = RunwayGen4.fitRatio(Images.decodeRgb(TestMedia.png(100, 300)));
        BufferedImage square = Images.decodeRgb(SQUARE);

        assertThat(new int[] {wide.getWidth(), wide.getHeight()}).containsExactly(198, 100);
        assertThat(wide.getRGB(0, 0)).isEqualTo(Images.decodeRgb(WIDE).getRGB(51, 0));
        assertThat(new int[] {tall.getWidth(), tall.getHeight()}).containsExactly(100, 192);
        assertThat(RunwayGen4.fitRatio(square)).isSameAs(square);
    }

    private static String fitted(byte[] png) throws Exception {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(Images.png(RunwayGen4.fitRatio(
                Images.decodeRgb(png))));
    }
}
