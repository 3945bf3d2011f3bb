package io.ddiffusion.worker.images.local.sdxl;

import io.ddiffusion.worker.images.local.diffusion.GaussianNoise;
import io.ddiffusion.worker.images.local.diffusion.Scheduler;
import io.ddiffusion.worker.images.local.diffusion.SchedulerConfig;
import io.ddiffusion.worker.images.local.diffusion.StepPlan;
import io.ddiffusion.worker.models.ModelPaths;
import io.ddiffusion.worker.models.onnx.InferenceException;
import io.ddiffusion.worker.models.onnx.ModelResidency.Lease;
import io.ddiffusion.worker.models.onnx.ModelResidency.ModelRef;
import io.ddiffusion.worker.models.onnx.ModelResidency;
import io.ddiffusion.worker.models.onnx.Tensor;
import io.ddiffusion.worker.models.tokenizers.ClipTokenizer;
import io.ddiffusion.worker.runtime.TaskCancelledException;
import io.ddiffusion.worker.runtime.TaskContext;
import java.util.Arrays;
import java.util.Locale;

/**
 * Stable Diffusion XL over ONNX sessions, for one set of model files: prompt embeddings from both text encoders, seeded
 * latents (pure noise, or the input image's latents noised to the strength's first step), the guided denoising walk,
 * and the VAE decode. Each component is leased only for its phase, so a tight memory budget can evict the text
 * encoders while the UNet runs. Thread-safe: per-run state lives in {@link #generate}.
 */
final class SdXlPipeline {
    static final int LATENT_CHANNELS = 4;
    /** The VAE's downsampling: latents are 1/8 of the image per side. */
    static final int VAE_FACTOR = 8;
    /** An inpainting UNet's input: latents, the mask, the masked image's latents. */
    static final int INPAINTING_UNET_CHANNELS = 9;
    private static final String MODEL = "sd-xl";
    /** tokenizer/special_tokens_map.json pads with the end token, tokenizer_2's with "!" (id 0). */
    private static final String PAD = ClipTokenizer.END_OF_TEXT;
    private static final String PAD_2 = "!";

    private final ModelResidency residency;
    private final ModelPaths files;
    private final SdXlSettings settings;
    private final ClipTokenizer tokenizer1;
    private final ClipTokenizer tokenizer2;

    SdXlPipeline(ModelResidency residency, ModelPaths files, SdXlSettings settings) {
        this.residency = residency;
        this.files = files;
        this.settings = settings;
        this.tokenizer1 = tokenizer(files, "tokenizer", PAD);
        this.tokenizer2 = tokenizer(files, "tokenizer_2", PAD_2);
    }

    /** The prompt encoder over this pipeline's tokenizers and the given text encoder sessions. */
    PromptEncoder promptEncoder(Lease textEncoder, Lease textEncoder2) {
        return new PromptEncoder(tokenizer1, textEncoder, tokenizer2, textEncoder2);
    }

    private static ClipTokenizer tokenizer(ModelPaths files, String role, String pad) {
        return ClipTokenizer.fromFiles(files.path(role + "_vocab"), files.path(role + "_merges"), pad,
                ClipTokenizer.CONTEXT_LENGTH);
    }

    ModelPaths files() {
        return files;
    }

    /** Runs the job; returns the image as CHW [3, height, width] in [-1, 1]. */
    float[] generate(SdXlJob job, TaskContext<?> task) throws TaskCancelledException {
        long start = System.nanoTime();
        PromptEmbeddings positive;
        PromptEmbeddings negative;
        try (Lease te1 = lease("text_encoder", task); Lease te2 = lease("text_encoder_2", task)) {
            PromptEncoder encoder = promptEncoder(te1, te2);
            positive = encoder.encode(job.prompt());
            negative = encoder.encode(settings.negativePrompt());
        }
        task.log("Encoded the prompts in " + millis(System.nanoTime() - start) + " ms");
        task.cancellation().throwIfCancelled();

        int w = job.width() / VAE_FACTOR;
        int h = job.height() / VAE_FACTOR;
        GaussianNoise random = new GaussianNoise(job.seed());
        Scheduler scheduler = settings.scheduler().create(SchedulerConfig.sdxl(), new StepPlan(settings.steps(),
                job.strength()), random);
        float[] noise = random.next(LATENT_CHANNELS * w * h);
        DenoiseLoop.Result result;
        try (Lease unet = lease("unet", task)) {
            GuidedUnet guided = new GuidedUnet(unet, negative, positive, GuidedUnet.timeIds(job.width(),
                    job.height()), job.guidance());
            Start first = start(job, guided.inputChannels(), scheduler, noise, task);
            result = DenoiseLoop.run(scheduler, first.latents, guided, first.extra, first.keep, w, h, task);
        }
        int steps = scheduler.steps();
        task.log("Denoised " + steps + " steps in " + millis(result.nanos()) + " ms (" + millis(result.nanos() / steps)
                + " ms/step)");
        task.cancellation().throwIfCancelled();

        long decodeStart = System.nanoTime();
        Tensor.Floats decoded;
        try (Lease decoder = lease("vae_decoder", task)) {
            decoded = Vae.decode(decoder, result.latents(), w, h);
        }
        if (decoded.shape()[2] != job.height() || decoded.shape()[3] != job.width()) {
            throw new InferenceException("the VAE decoder returned " + Arrays.toString(decoded.shape()) + " for a "
                    + job.width() + "×" + job.height() + " image");
        }
        task.log("Decoded the latents in " + millis(System.nanoTime() - decodeStart) + " ms");
        return job.mask() == null ? decoded.data() : job.mask().composite(decoded.data(), job.image());
    }

    /** The starting latents and, for inpainting, what every step needs from the original image. */
    private record Start(float[] latents, float[] extra, DenoiseLoop.KnownRegion keep) {
    }

    private Start start(SdXlJob job, int unetChannels, Scheduler scheduler, float[] noise, TaskContext<?> task) {
        boolean inpaintingUnet = unetChannels == INPAINTING_UNET_CHANNELS;
        if (unetChannels != LATENT_CHANNELS && !inpaintingUnet) {
            throw new InferenceException("the sd-xl UNet takes " + unetChannels + " input channels; expected 4 (base)"
                    + " or 9 (inpainting)");
        }
        if (inpaintingUnet && job.mask() == null) {
            throw new InferenceException("the sd-xl UNet is an inpainting UNet (9 input channels): it serves"
                    + " inpainting only, not " + job.mode());
        }
        if (job.image() == null) {
            float[] latents = noise.clone();
            float sigma = (float) scheduler.initNoiseSigma();
            for (int i = 0; i < latents.length; i++) {
                latents[i] *= sigma;
            }
            return new Start(latents, null, null);
        }
        float[] imageLatents;
        float[] maskedLatents = null;
        try (Lease encoder = lease("vae_encoder", task)) {
            if (!Vae.givesDistribution(encoder)) {
                task.log("The VAE encoder export returns a latent draw, not the distribution: results from an input"
                        + " image may vary slightly between runs (re-export with a current Optimum for latent_parameters)");
            }
            imageLatents = Vae.encode(encoder, job.image(), job.width(), job.height());
            if (inpaintingUnet) {
                maskedLatents = Vae.encode(encoder, job.mask().maskOut(job.image()), job.width(), job.height());
            }
        }
        float[] latents = scheduler.addNoise(imageLatents, noise, 0);
        if (job.mask() == null) {
            return new Start(latents, null, null);
        }
        float[] latentMask = job.mask().latent(VAE_FACTOR);
        if (inpaintingUnet) {
            // diffusers: torch.cat([latents, mask, masked_image_latents], dim=1)
            float[] extra = Arrays.copyOf(latentMask, latentMask.length + maskedLatents.length);
            System.arraycopy(maskedLatents, 0, extra, latentMask.length, maskedLatents.length);
            return new Start(latents, extra, null);
        }
        return new Start(latents, null, new DenoiseLoop.KnownRegion(imageLatents, noise, latentMask));
    }

    private Lease lease(String role, TaskContext<?> task) {
        return residency.acquire(ModelRef.of(MODEL + "/" + role, files.path(role)), task::log);
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "SdXlPipeline[%s, %s]", files.model(), settings.scheduler());
    }
}
