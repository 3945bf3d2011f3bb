package io.ddiffusion.worker.comfy;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddiffusion.core.json.Json;
import io.ddiffusion.worker.images.local.comfy.Flux1;
import org.junit.jupiter.api.Test;

/** Which model files a sidecar's loaders list, from {@code /object_info} in both of its combo shapes. */
class ComfyVisibleFilesTest {

    static ComfyVisibleFiles of(String objectInfo) throws Exception {
        return ComfyVisibleFiles.of(ComfyNodeDefinitions.fromObjectInfo(Json.MAPPER.readTree(objectInfo)));
    }

    @Test
    void filesListedByTheLoadersAreVisibleAndOthersOfAKnownFolderAreMissing() throws Exception {
        ComfyVisibleFiles files = of("""
                {"UNETLoader": {"input": {"required": {"unet_name": [["flux1-krea-dev_fp8_scaled.safetensors"], {}],
                    "weight_dtype": [["default", "fp8_e4m3fn"], {}]}}, "output": ["MODEL"]},
                 "VAELoader": {"input": {"required": {"vae_name": ["COMBO", {"options": ["ae.safetensors"]}]}},
                    "output": ["VAE"]},
                 "DualCLIPLoader": {"input": {"required": {"clip_name1": [[], {}], "clip_name2": [[], {}]}},
                    "output": ["CLIP"]}}
                """);

        assertThat(files.byFolder()).containsOnlyKeys(ComfyFolder.DIFFUSION_MODELS, ComfyFolder.VAE);
        assertThat(files.missing(Flux1.MODEL)).extracting(ComfyModelFile::role)
                .as("text encoders: an empty list tells nothing").containsExactly("kontext_dev", "fill_dev");
    }

    @Test
    void withoutInputDescriptionsNothingIsKnownOrMissing() throws Exception {
        ComfyVisibleFiles files = of("""
                {"UNETLoader": {"input": {"required": {}}, "output": ["MODEL"]}}
                """);

        assertThat(files.byFolder()).isEmpty();
        assertThat(files.missing(Flux1.MODEL)).isEmpty();
        assertThat(ComfyVisibleFiles.UNKNOWN.missing(Flux1.MODEL)).isEmpty();
    }
}
