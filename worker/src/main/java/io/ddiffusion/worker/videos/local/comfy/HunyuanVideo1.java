package io.ddiffusion.worker.videos.local.comfy;

import static io.ddiffusion.worker.comfy.ComfyFolder.CLIP_VISION;
import static io.ddiffusion.worker.comfy.ComfyFolder.DIFFUSION_MODELS;
import static io.ddiffusion.worker.comfy.ComfyFolder.TEXT_ENCODERS;
import static io.ddiffusion.worker.comfy.ComfyFolder.VAE;

import io.ddiffusion.worker.comfy.ComfyFolder;
import io.ddiffusion.worker.comfy.ComfyGraph;
import io.ddiffusion.worker.comfy.ComfyModel;
import io.ddiffusion.worker.comfy.ComfyModelFile;
import io.ddiffusion.worker.comfy.ComfyTemplates;
import io.ddiffusion.worker.media.Size;
import java.util.List;
import java.util.Optional;

/**
 * {@code hunyuan-video-1} on ComfyUI: HunyuanVideo 1.5 at 480p, the original's distilled models, text-to-video and
 * image-to-video (the registry allows no last frame).
 *
 * <p>Settings: the original's 24 fps, ≤ 1 MP, sizes floored to 16, and its steps (text-to-video 35, image-to-video
 * 12). The graph is the official 720p templates' (shift 7, simple schedule, euler), since no 480p template exists.
 * Guidance: the text-to-video model is CFG-distilled, so CFG 1; the image-to-video model is step-distilled only, so
 * it keeps the template's CFG 6 (the original passed none and took its pipeline's default, which no source here
 * records). Both unverified on a GPU.
 */
public final class HunyuanVideo1 {

    /** Frames per second of the output, as the original. */
    public static final double FPS = 24.0;
    /** The working size is capped at this many megapixels, as the original. */
    public static final double MAX_MEGAPIXELS = 1.0;
    /** The working size is floored to this multiple, as the original. */
    public static final int MULTIPLE = 16;

    private static final String REPO = "Comfy-Org/HunyuanVideo_1.5_repackaged";
    private static final String IDX = "third-party files";
    private static final String DIFFUSION = "split_files/diffusion_models/";

    /**
     * Comfy-Org's repack (the 480p distilled file names come from third-party files, not a template), its two text
     * encoders and VAE, and the SigCLIP vision encoder image-to-video conditions on. Sizes and sha256 are recorded for
     * all but the text-to-video model; no file's commit is.
     */
    public static final ComfyModel MODEL = new ComfyModel("hunyuan-video-1",
            "HunyuanVideo 1.5 480p distilled t2v + i2v (fp8) for ComfyUI", List.of(
                    ComfyModelFile.unrecorded("t2v", DIFFUSION_MODELS, REPO, DIFFUSION
                            + "hunyuanvideo1.5_480p_t2v_cfg_distilled_fp8_scaled.safetensors"),
                    recorded("i2v", DIFFUSION_MODELS, REPO, DIFFUSION
                            + "hunyuanvideo1.5_480p_i2v_step_distilled_fp8_scaled.safetensors", 8_335_127_098L,
                            "302636263ad01e2659a18b78e96e95f44433b92def7cae1dab29b5105eeb63b1"),
                    recorded("text_encoder", TEXT_ENCODERS, REPO,
                            "split_files/text_encoders/qwen_2.5_vl_7b_fp8_scaled.safetensors", 9_384_670_680L,
                            "cb5636d852a0ea6a9075ab1bef496c0db7aef13c02350571e388aea959c5c0b4"),
                    recorded("glyph_encoder", TEXT_ENCODERS, REPO,
                            "split_files/text_encoders/byt5_small_glyphxl_fp16.safetensors", 438_643_184L,
                            "516910bb4c9b225370290e40585d1b0e6c8cd3583690f7eec2f7fb593990fb48"),
                    recorded("vae", VAE, REPO, "split_files/vae/hunyuanvideo15_vae_fp16.safetensors",
                            2_521_292_758L, "e7c3091949c27e2d55ae6d5df917b99dadfebbf308e5a50d0ade0d16c90297ae"),
                    recorded("clip_vision", CLIP_VISION, "Comfy-Org/sigclip_vision_384",
                            "sigclip_vision_patch14_384.safetensors", 856_505_640L,
                            "1fee501deabac72f0ed17610307d7131e3e9d1e838d0363aa3c2b97a6e03fb33")));

    /** The modes the registry allows, chosen by the inputs present. */
    public enum Mode {
        TEXT_TO_VIDEO("hunyuan-video-1/text-to-video.json"),
        IMAGE_TO_VIDEO("hunyuan-video-1/image-to-video.json");

        private final String template;

        Mode(String template) {
            this.template = template;
        }

        /** The template's resource path under {@code comfy/}. */
        public String template() {
            return template;
        }
    }

    private HunyuanVideo1() {
    }

    private static ComfyModelFile recorded(String role, ComfyFolder folder, String repo,
            String path, long size, String sha256) {
        return new ComfyModelFile(role, folder, repo, path, "", Optional.of(size), Optional.of(sha256), IDX);
    }

    /** An image means image-to-video, none text-to-video. */
    public static Mode mode(ComfyVideoJob job) {
        if (job.lastImage().isPresent()) {
            throw new IllegalArgumentException("hunyuan-video-1 takes no last image");
        }
        return job.image().isPresent() ? Mode.IMAGE_TO_VIDEO : Mode.TEXT_TO_VIDEO;
    }

    /** The graph for this job; the first frame is uploaded as it came (the conditioning node fits it). */
    public static ComfyGraph graph(ComfyVideoJob job) {
        Mode mode = mode(job);
        Size size = job.workingSize(MAX_MEGAPIXELS, MULTIPLE);
        String sizeNode = mode == Mode.TEXT_TO_VIDEO ? "latent" : "conditioning";
        ComfyGraph g = ComfyTemplates.load(mode.template())
                .set("prompt", "text", job.prompt())
                .set("noise", "noise_seed", job.seed())
                .set(sizeNode, "width", size.width())
                .set(sizeNode, "height", size.height())
                .set(sizeNode, "length", job.framesPlusOne(4))
                .set("video", "fps", FPS);
        return mode == Mode.IMAGE_TO_VIDEO ? g.set("image", "image", job.image().orElseThrow()) : g;
    }
}
