package io.ddiffusion.worker.videos.local.comfy;

import static io.ddiffusion.worker.comfy.ComfyFolder.CHECKPOINTS;
import static io.ddiffusion.worker.comfy.ComfyFolder.TEXT_ENCODERS;

import io.ddiffusion.worker.comfy.ComfyGraph;
import io.ddiffusion.worker.comfy.ComfyLink;
import io.ddiffusion.worker.comfy.ComfyModel;
import io.ddiffusion.worker.comfy.ComfyModelFile;
import io.ddiffusion.worker.comfy.ComfyNode;
import io.ddiffusion.worker.comfy.ComfyTemplates;
import io.ddiffusion.worker.media.Size;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ltx-video} on ComfyUI: LTX-Video 13B 0.9.7 distilled, text-to-video, image-to-video, a last frame, and
 * video-to-video (the registry allows all four).
 *
 * <p>Why LTX-Video distilled and not LTX-2: it is the model the original ran, so results match what users know; the
 * registry's {@code ltx-video} has no audio, which LTX-2 generates with every video; ComfyUI runs it with its core LTXV
 * nodes and the T5 encoder {@code flux-1} already pins (with a recorded sha256), where LTX-2 adds a 19B model and a
 * 12B Gemma encoder; and it is the fast model the registry promises "for iteration".
 *
 * <p>Settings: the original's (≤ 1 MP, sizes floored to 32, 10 steps, guidance 1, 24 fps) with LTX-Video's own
 * negative prompt; frames made 8k+1, what its VAE decodes. A last frame is a guide at the last frame index, a video a
 * guide of its first frames at index 0 (the original ignored the last frame, and a video without an image); the guide
 * frames are cropped from the latent before decoding.
 */
public final class LtxVideo {

    /** Frames per second of the output, as the original. */
    public static final double FPS = 24.0;
    /** The working size is capped at this many megapixels, as the original. */
    public static final double MAX_MEGAPIXELS = 1.0;
    /** The working size is floored to this multiple, as the original (LTX's VAE compresses 32×). */
    public static final int MULTIPLE = 32;
    /** LTX-Video's recommended negative prompt. */
    public static final String NEGATIVE_PROMPT = "worst quality, inconsistent motion, blurry, jittery, distorted";

    /** The text-to-video template (also the base of video-to-video without an image). */
    public static final String TEXT_TO_VIDEO = "ltx-video/text-to-video.json";
    /** The image-to-video template (also the base of a last frame or a video with an image). */
    public static final String IMAGE_TO_VIDEO = "ltx-video/image-to-video.json";

    /**
     * Lightricks' bf16 checkpoint (transformer and VAE in one file, as ComfyUI's checkpoint loader takes it; nothing
     * recorded about it) and the T5 XXL encoder shared with {@code flux-1}.
     */
    public static final ComfyModel MODEL = new ComfyModel("ltx-video", "LTX-Video 13B 0.9.7 distilled for ComfyUI",
            List.of(
                    ComfyModelFile.unrecorded("checkpoint", CHECKPOINTS, "Lightricks/LTX-Video",
                            "ltxv-13b-0.9.7-distilled.safetensors"),
                    ComfyModelFile.recorded("text_encoder", TEXT_ENCODERS, "comfyanonymous/flux_text_encoders",
                            "6af2a98e", "t5xxl_fp16.safetensors", 9_787_841_024L,
                            "6e480b09fae049a72d2a8c5fbccb8d3e92febeb233bbe9dfe7256958a9167635", "Dinkster")));

    private LtxVideo() {
    }

    /** The graph for this job. */
    public static ComfyGraph graph(ComfyVideoJob job) {
        Size size = job.workingSize(MAX_MEGAPIXELS, MULTIPLE);
        boolean image = job.image().isPresent();
        String sizeNode = image ? "conditioning" : "latent";
        ComfyGraph g = ComfyTemplates.load(image ? IMAGE_TO_VIDEO : TEXT_TO_VIDEO)
                .set("prompt", "text", job.prompt())
                .set("negative_prompt", "text", NEGATIVE_PROMPT)
                .set("noise", "noise_seed", job.seed())
                .set(sizeNode, "width", size.width())
                .set(sizeNode, "height", size.height())
                .set(sizeNode, "length", job.framesPlusOne(8))
                .set("video", "fps", FPS);
        if (image) {
            g = g.set("image", "image", job.image().orElseThrow());
        }
        if (job.lastImage().isEmpty() && job.video().isEmpty()) {
            return g;
        }
        return withGuides(g, job, g.idOf(sizeNode));
    }

    /**
     * Chains the video guide and then the last-frame guide onto the conditioning and latent that {@code base} (the
     * empty latent, or the image conditioning) gives, and crops the guide frames off the sampled latent.
     */
    private static ComfyGraph withGuides(ComfyGraph graph, ComfyVideoJob job, String base) {
        ComfyGraph g = graph;
        boolean image = job.image().isPresent();
        ComfyLink positive = new ComfyLink(image ? base : g.idOf("prompt"), 0);
        ComfyLink negative = image ? new ComfyLink(base, 1) : new ComfyLink(g.idOf("negative_prompt"), 0);
        ComfyLink latent = new ComfyLink(base, image ? 2 : 0);
        ComfyLink vae = new ComfyLink(g.idOf("checkpoint"), 2);
        if (job.video().isPresent()) {
            g = g.with("40", new ComfyNode("LoadVideo", "input_video", Map.of("file", job.video().get())))
                    .with("41", new ComfyNode("GetVideoComponents", "video_frames",
                            Map.of("video", new ComfyLink("40", 0))))
                    .with("42", new ComfyNode("ImageFromBatch", "first_frames", ordered("image",
                            new ComfyLink("41", 0), "batch_index", 0L, "length", (long) job.framesPlusOne(8))))
                    .with("43", guide("video_guide", positive, negative, vae, latent, new ComfyLink("42", 0), 0L));
            positive = new ComfyLink("43", 0);
            negative = new ComfyLink("43", 1);
            latent = new ComfyLink("43", 2);
        }
        if (job.lastImage().isPresent()) {
            g = g.with("30", new ComfyNode("LoadImage", "last_image", Map.of("image", job.lastImage().get())))
                    .with("31", guide("last_guide", positive, negative, vae, latent, new ComfyLink("30", 0), -1L));
            positive = new ComfyLink("31", 0);
            negative = new ComfyLink("31", 1);
            latent = new ComfyLink("31", 2);
        }
        String frameRate = g.idOf("frame_rate");
        return g.set("frame_rate", "positive", positive)
                .set("frame_rate", "negative", negative)
                .set("sampler", "latent_image", latent)
                .with("50", new ComfyNode("LTXVCropGuides", "crop_guides", ordered("positive",
                        new ComfyLink(frameRate, 0), "negative", new ComfyLink(frameRate, 1), "latent",
                        new ComfyLink(g.idOf("sampler"), 0))))
                .set("decode", "samples", new ComfyLink("50", 2));
    }

    private static ComfyNode guide(String title, ComfyLink positive, ComfyLink negative, ComfyLink vae,
            ComfyLink latent, ComfyLink image, long frameIndex) {
        return new ComfyNode("LTXVAddGuide", title, ordered("positive", positive, "negative", negative, "vae", vae,
                "latent", latent, "image", image, "frame_idx", frameIndex, "strength", 1.0));
    }

    /** Inputs in the order given, so the JSON sent reads like a template. */
    private static Map<String, Object> ordered(Object... nameValue) {
        Map<String, Object> inputs = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            inputs.put((String) nameValue[i], nameValue[i + 1]);
        }
        return inputs;
    }
}
