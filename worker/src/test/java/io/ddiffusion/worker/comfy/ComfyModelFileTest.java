package io.ddiffusion.worker.comfy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddiffusion.worker.models.ModelComponent;
import io.ddiffusion.worker.models.hub.HubFile;
import org.junit.jupiter.api.Test;

class ComfyModelFileTest {

    private static final String SHA = "660c6f5b1abae9dc498ac2d21e1347d2abdb0cf6c0c0c8576cd796491d9a6cdd";

    @Test
    void aFileWithFullCommitSizeAndSha256IsPinned() {
        String commit = "0123456789abcdef0123456789abcdef01234567";
        var file = ComfyModelFile.recorded("clip_l", ComfyFolder.TEXT_ENCODERS, "org/encoders", commit,
                "split_files/text_encoders/clip_l.safetensors", 246_144_152L, SHA, "a manifest");

        ModelComponent c = file.component();

        assertThat(file.isPinned()).isTrue();
        assertThat(file.fileName()).isEqualTo("clip_l.safetensors");
        assertThat(c.file()).contains(new HubFile("org/encoders", commit,
                "split_files/text_encoders/clip_l.safetensors", 246_144_152L, SHA));
    }

    @Test
    void aCommitKnownOnlyByItsPrefixLeavesTheFileUnpinnedKeepingWhatIsRecorded() {
        var file = ComfyModelFile.recorded("clip_l", ComfyFolder.TEXT_ENCODERS, "org/encoders", "6af2a98e",
                "clip_l.safetensors", 246_144_152L, SHA, "Dinkster");

        ModelComponent c = file.component();

        assertThat(c.isPinned()).isFalse();
        assertThat(c.missing()).isEqualTo("commit known only by its prefix 6af2a98e; recorded: sha256 660c6f5b1aba…,"
                + " 246,144,152 bytes (Dinkster)");
    }

    @Test
    void aFileNothingIsRecordedAboutSaysSo() {
        var file = ComfyModelFile.unrecorded("unet", ComfyFolder.DIFFUSION_MODELS, "org/model", "a/unet.safetensors");
        assertThat(file.component().missing()).isEqualTo("no commit recorded, no sha256 recorded, no exact size"
                + " recorded");
        assertThatThrownBy(() -> ComfyModelFile.recorded("x", ComfyFolder.VAE, "o/r", "ABC", "x", 1, SHA, ""))
                .hasMessageContaining("lowercase hex");
    }

    @Test
    void loadersReadTheirFolders() {
        assertThat(ComfyFolder.readBy("UNETLoader", "unet_name")).contains(ComfyFolder.DIFFUSION_MODELS);
        assertThat(ComfyFolder.readBy("DualCLIPLoader", "clip_name2")).contains(ComfyFolder.TEXT_ENCODERS);
        assertThat(ComfyFolder.readBy("LoraLoaderModelOnly", "lora_name")).contains(ComfyFolder.LORAS);
        assertThat(ComfyFolder.readBy("KSampler", "seed")).isEmpty();
    }
}
