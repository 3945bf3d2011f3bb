package io.ddiffusion.worker.comfy;

import java.util.Optional;

/**
 * The ComfyUI models subfolders our graphs load from, and which loader input reads each (from the loaders'
 * {@code folder_paths.get_filename_list(...)} calls in ComfyUI's {@code nodes.py}).
 */
public enum ComfyFolder {
    CHECKPOINTS("checkpoints"),
    DIFFUSION_MODELS("diffusion_models"),
    TEXT_ENCODERS("text_encoders"),
    VAE("vae"),
    LORAS("loras"),
    CLIP_VISION("clip_vision");

    private final String folder;

    ComfyFolder(String folder) {
        this.folder = folder;
    }

    /** The folder's name under ComfyUI's {@code models/}. */
    public String folder() {
        return folder;
    }

    /** The folder a loader node's input names a file in; empty for inputs that name no model file. */
    public static Optional<ComfyFolder> readBy(String classType, String input) {
        return Optional.ofNullable(switch (classType + "." + input) {
            case "CheckpointLoaderSimple.ckpt_name" -> CHECKPOINTS;
            case "UNETLoader.unet_name" -> DIFFUSION_MODELS;
            case "CLIPLoader.clip_name", "DualCLIPLoader.clip_name1", "DualCLIPLoader.clip_name2" -> TEXT_ENCODERS;
            case "VAELoader.vae_name" -> VAE;
            case "LoraLoaderModelOnly.lora_name" -> LORAS;
            case "CLIPVisionLoader.clip_name" -> CLIP_VISION;
            default -> null;
        });
    }
}
