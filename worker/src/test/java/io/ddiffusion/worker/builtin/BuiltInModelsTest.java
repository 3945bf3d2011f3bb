package io.ddiffusion.worker.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddiffusion.schema.Models;
import io.ddiffusion.schema.common.ModelSpec;
import io.ddiffusion.schema.images.ImageModel;
import io.ddiffusion.schema.videos.VideoModel;
import io.ddiffusion.worker.models.LocalModel;
import io.ddiffusion.worker.models.LocalModels;
import org.junit.jupiter.api.Test;

/** The local catalogue the models command works on: the ONNX manifests and the models on ComfyUI. */
class BuiltInModelsTest {

    @Test
    void theCatalogueHoldsTheOnnxModelsAndTheEightModelsOnComfy() {
        assertThat(BuiltInModels.LOCAL.all()).extracting(LocalModel::name).containsExactly("sd-xl",
                "depth-anything-2", "sam-2", "real-esrgan-x4", "flux-1", "flux-2", "flux-2-klein", "qwen-image",
                "z-image", "wan-2", "hunyuan-video-1", "ltx-video");
        assertThat(BuiltInModels.LOCAL.all().subList(0, 4)).isEqualTo(LocalModels.BUILT_IN.all());
        for (LocalModel m : BuiltInModels.LOCAL.all()) {
            ModelSpec spec = Models.all().stream().filter(s -> s.id().equals(m.name()) && !s.external()).findFirst()
                    .orElseThrow(() -> new AssertionError(m.name() + " is no local registry model"));
            assertThat(spec.notInThisBuild()).as(m.name()).isEmpty();
        }
        assertThat(BuiltInModels.comfy("wan-2")).isPresent();
        assertThat(BuiltInModels.comfy("sd-xl")).isEmpty();
    }

    @Test
    void eachModelOnComfyHasAGraphPerModeWhoseNodeClassesTheSidecarMustHave() {
        var graphs = BuiltInModels.comfyGraphs();
        var nodes = new java.util.HashMap<ModelSpec, java.util.Set<String>>();
        graphs.forEach((m, gs) -> gs.forEach(g -> g.nodes().values().forEach(n -> nodes
                .computeIfAbsent(m, k -> new java.util.TreeSet<>()).add(n.classType()))));

        assertThat(graphs.get(ImageModel.FLUX_1)).as("text-to-image, image-to-image, inpainting").hasSize(3);
        assertThat(graphs.get(VideoModel.WAN_2)).as("text-, image-, first-last-frame-to-video").hasSize(3);
        assertThat(nodes.keySet()).extracting(ModelSpec::id).containsExactlyInAnyOrderElementsOf(
                BuiltInModels.COMFY.stream().map(m -> m.name()).toList());
        assertThat(nodes.get(ImageModel.FLUX_1)).contains("UNETLoader", "DualCLIPLoader", "FluxGuidance",
                "FluxKontextImageScale", "InpaintModelConditioning", "LoadImage", "KSampler", "SaveImage");
        assertThat(nodes.get(VideoModel.WAN_2)).contains("WanImageToVideo", "WanFirstLastFrameToVideo",
                "KSamplerAdvanced", "SaveVideo");
        assertThat(nodes.get(ImageModel.Z_IMAGE)).doesNotContain("LoadImage");
    }
}
