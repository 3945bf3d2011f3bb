package io.ddiffusion.worker.videos.local.comfy;

import static io.ddiffusion.worker.comfy.ComfyFolder.DIFFUSION_MODELS;
import static io.ddiffusion.worker.comfy.ComfyFolder.LORAS;
import static io.ddiffusion.worker.comfy.ComfyFolder.TEXT_ENCODERS;
import static io.ddiffusion.worker.comfy.ComfyFolder.VAE;

import io.ddiffusion.worker.comfy.ComfyFolder;
import io.ddiffusion.worker.comfy.ComfyGraph;
import io.ddiffusion.worker.comfy.ComfyModel;
import io.ddiffusion.worker.comfy.ComfyModelFile;
import io.ddiffusion.worker.comfy.ComfyTemplates;
import io.ddiffusion.worker.media.Size;
import java.util.List;

/**
 * {@code wan-2} on ComfyUI: Wan 2.2 A14B, whose high-noise and low-noise experts run one after the other (two
 * {@code KSamplerAdvanced} sharing one step schedule, split in the middle as the original's boundary ratio 0.5),
 * text-to-video, image-to-video, and image-to-video with a last frame.
 *
 * <p>Settings: the original's 16 fps, ≤ 1 MP and sizes floored to 16, frames made 4k+1. It ran Lightning-distilled
 * transformers (magespace, 8 steps, guidance 1, flow shift 3, 5 from 0.9 MP); those are diffusers files ComfyUI
 * cannot load. So text-to-video runs the base experts with the official template's settings, which are Wan's own
 * (20 steps, CFG 3.5, shift 8, Wan's default negative prompt), and image-to-video runs them with the lightx2v 4-step
 * LoRAs the official template enables by default (4 steps, CFG 1, shift 5): the LoRA's recommendation, and about the
 * original's speed.
 */
public final class Wan2 {

    /** Frames per second of the output, as the original. */
    public static final double FPS = 16.0;
    /** The working size is capped at this many megapixels, as the original. */
    public static final double MAX_MEGAPIXELS = 1.0;
    /** The working size is floored to this multiple, as the original. */
    public static final int MULTIPLE = 16;

    /** Wan's default negative prompt (its generation config), as the official templates use it. */
    public static final String NEGATIVE_PROMPT = "色调艳丽，过曝，静态，细节模糊不清，字幕，风格，作品，画作，画面，静止，"
            + "整体发灰，最差质量，低质量，JPEG压缩残留，丑陋的，残缺的，多余的手指，画得不好的手部，画得不好的脸部，畸形的，毁容的，"
            + "形态畸形的肢体，手指融合，静止不动的画面，杂乱的背景，三条腿，背景人很多，倒着走";

    private static final String WAN22 = "Comfy-Org/Wan_2.2_ComfyUI_Repackaged";
    private static final String WAN21 = "Comfy-Org/Wan_2.1_ComfyUI_repackaged";

    /**
     * The files: Comfy-Org's fp8 repacks of the four experts and the two lightx2v LoRAs (nothing recorded about them);
     * the UMT5 encoder and the Wan 2.1 VAE (which Wan 2.2 A14B uses) from the Wan 2.1 repack, whose sha256 and sizes
     * are recorded (the Wan 2.2 repo's VAE copy is not).
     */
    public static final ComfyModel MODEL = new ComfyModel("wan-2",
            "Wan 2.2 A14B t2v + i2v experts (fp8) + lightx2v 4-step i2v LoRAs for ComfyUI", List.of(
                    file("t2v_high", DIFFUSION_MODELS, "wan2.2_t2v_high_noise_14B_fp8_scaled.safetensors"),
                    file("t2v_low", DIFFUSION_MODELS, "wan2.2_t2v_low_noise_14B_fp8_scaled.safetensors"),
                    file("i2v_high", DIFFUSION_MODELS, "wan2.2_i2v_high_noise_14B_fp8_scaled.safetensors"),
                    file("i2v_low", DIFFUSION_MODELS, "wan2.2_i2v_low_noise_14B_fp8_scaled.safetensors"),
                    file("i2v_lora_high", LORAS, "wan2.2_i2v_lightx2v_4steps_lora_v1_high_noise.safetensors"),
                    file("i2v_lora_low", LORAS, "wan2.2_i2v_lightx2v_4steps_lora_v1_low_noise.safetensors"),
                    ComfyModelFile.recorded("text_encoder", TEXT_ENCODERS, WAN21, "617a7633",
                            "split_files/text_encoders/umt5_xxl_fp8_e4m3fn_scaled.safetensors", 6_735_906_897L,
                            "c3355d30191f1f066b26d93fba017ae9809dce6c627dda5f6a66eaa651204f68", "Dinkster, SwarmUI"),
                    ComfyModelFile.recorded("vae", VAE, WAN21, "", "split_files/vae/wan_2.1_vae.safetensors",
                            253_815_318L, "2fc39d31359a4b0a64f55876d8ff7fa8d780956ae2cb13463b0223e15148976b",
                            "Dinkster, SwarmUI")));

    /** The modes the registry allows (text, image, image + last image), chosen by the inputs present. */
    public enum Mode {
        TEXT_TO_VIDEO("wan-2/text-to-video.json"),
        IMAGE_TO_VIDEO("wan-2/image-to-video.json"),
        FIRST_LAST_FRAME_TO_VIDEO("wan-2/first-last-frame-to-video.json");

        private final String template;

        Mode(String template) {
            this.template = template;
        }

        /** The template's resource path under {@code comfy/}. */
        public String template() {
            return template;
        }
    }

    private Wan2() {
    }

    private static ComfyModelFile file(String role, ComfyFolder folder, String name) {
        return ComfyModelFile.unrecorded(role, folder, WAN22, "split_files/" + folder.folder() + "/" + name);
    }

    /** A last image means first-last-frame, an image image-to-video, neither text-to-video. */
    public static Mode mode(ComfyVideoJob job) {
        return job.lastImage().isPresent() ? Mode.FIRST_LAST_FRAME_TO_VIDEO
                : job.image().isPresent() ? Mode.IMAGE_TO_VIDEO : Mode.TEXT_TO_VIDEO;
    }

    /**
     * The graph for this job. The frames are uploaded as they came: the conditioning node scales and centre-crops
     * them to the working size itself.
     */
    public static ComfyGraph graph(ComfyVideoJob job) {
        Mode mode = mode(job);
        Size size = job.workingSize(MAX_MEGAPIXELS, MULTIPLE);
        String sizeNode = mode == Mode.TEXT_TO_VIDEO ? "latent" : "conditioning";
        ComfyGraph g = ComfyTemplates.load(mode.template())
                .set("prompt", "text", job.prompt())
                .set("negative_prompt", "text", NEGATIVE_PROMPT)
                .set("sampler_high", "noise_seed", job.seed())
                .set("sampler_low", "noise_seed", job.seed())
                .set(sizeNode, "width", size.width())
                .set(sizeNode, "height", size.height())
                .set(sizeNode, "length", job.framesPlusOne(4))
                .set("video", "fps", FPS);
        if (mode != Mode.TEXT_TO_VIDEO) {
            g = g.set("image", "image", job.image().orElseThrow());
        }
        if (mode == Mode.FIRST_LAST_FRAME_TO_VIDEO) {
            g = g.set("last_image", "image", job.lastImage().orElseThrow());
        }
        return g;
    }
}
