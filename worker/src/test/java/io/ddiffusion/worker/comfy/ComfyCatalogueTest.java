package io.ddiffusion.worker.comfy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddiffusion.schema.common.ModelSpec;
import io.ddiffusion.schema.images.ImageModel;
import io.ddiffusion.schema.videos.VideoModel;
import io.ddiffusion.worker.images.local.comfy.ComfyImageJob;
import io.ddiffusion.worker.images.local.comfy.ComfyImageModels;
import io.ddiffusion.worker.media.Size;
import io.ddiffusion.worker.models.LocalModels;
import io.ddiffusion.worker.videos.local.comfy.ComfyVideoJob;
import io.ddiffusion.worker.videos.local.comfy.ComfyVideoModels;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every registry model on the ComfyUI engine has workflows for the modes it allows, and only those. */
class ComfyCatalogueTest {

    private static final Size SIZE = new Size(640, 480);

    /** The local models of this build without an ONNX manifest: the heavy ones, on the ComfyUI engine. */
    private static boolean needsComfy(ModelSpec m) {
        return m.notInThisBuild().isEmpty() && !m.external() && LocalModels.BUILT_IN.find(m.id()).isEmpty();
    }

    private static ComfyImageJob image(Map<String, String> uploaded) {
        return ComfyImageJob.of("p", 1, 0.5, SIZE, uploaded);
    }

    private static ComfyVideoJob video(Map<String, String> uploaded) {
        return ComfyVideoJob.of("p", 1, SIZE, 33, uploaded);
    }

    @Test
    void everyImageModelAwaitingComfyBuildsExactlyTheModesTheRegistryAllows() {
        var models = Arrays.stream(ImageModel.values()).filter(ComfyCatalogueTest::needsComfy).toList();
        assertThat(models).extracting(ImageModel::id)
                .containsExactlyInAnyOrderElementsOf(ComfyImageModels.ALL.stream().map(ComfyModel::name).toList());
        for (ImageModel m : models) {
            assertThat(ComfyImageModels.model(m)).isPresent();
            check(m.textToImage(), () -> ComfyImageModels.graph(m, image(Map.of())));
            check(m.imageToImage(), () -> ComfyImageModels.graph(m, image(Map.of("image", "i"))));
            check(m.inpainting(), () -> ComfyImageModels.graph(m, image(Map.of("image", "i", "mask", "m"))));
            check(m.references(), () -> ComfyImageModels.graph(m, image(Map.of("references[0]", "r"))));
        }
    }

    @Test
    void everyVideoModelAwaitingComfyBuildsExactlyTheModesTheRegistryAllows() {
        var models = Arrays.stream(VideoModel.values()).filter(ComfyCatalogueTest::needsComfy).toList();
        assertThat(models).extracting(VideoModel::id)
                .containsExactlyInAnyOrderElementsOf(ComfyVideoModels.ALL.stream().map(ComfyModel::name).toList());
        for (VideoModel m : models) {
            check(m.textToVideo(), () -> ComfyVideoModels.graph(m, video(Map.of())));
            check(m.imageToVideo(), () -> ComfyVideoModels.graph(m, video(Map.of("image", "i"))));
            check(m.lastImage(), () -> ComfyVideoModels.graph(m, video(Map.of("image", "i", "last_image", "l"))));
            check(m.videoToVideo(), () -> ComfyVideoModels.graph(m, video(Map.of("video", "v"))));
        }
    }

    @Test
    void aModelThatDoesNotRunOnComfyIsRefused() {
        assertThatThrownBy(() -> ComfyImageModels.graph(ImageModel.SD_XL, image(Map.of())))
                .hasMessage("sd-xl does not run on ComfyUI");
        assertThatThrownBy(() -> ComfyImageModels.graph(ImageModel.Z_IMAGE, image(Map.of("image", "i"))))
                .hasMessage("z-image does not do image-to-image");
        assertThatThrownBy(() -> ComfyVideoModels.graph(VideoModel.WAN_2, video(Map.of("video", "v"))))
                .hasMessage("wan-2 does not do video-to-video");
    }

    private static void check(boolean allowed, Runnable build) {
        if (allowed) {
            build.run();
        } else {
            assertThatThrownBy(build::run).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("does not do");
        }
    }
}
