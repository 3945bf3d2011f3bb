package io.ddiffusion.worker.images.local.sdxl;

import io.ddiffusion.worker.images.local.LocalPipelineSettings;
import io.ddiffusion.schema.images.ImageModel;
import io.ddiffusion.worker.images.ImageContext;
import io.ddiffusion.worker.images.ImageHandler;
import io.ddiffusion.worker.images.local.LocalRuntime;
import io.ddiffusion.worker.images.local.diffusion.StepPlan;
import io.ddiffusion.worker.media.FloatImage;
import io.ddiffusion.worker.media.ImageTensors.Range;
import io.ddiffusion.worker.media.ImageTensors;
import io.ddiffusion.worker.models.ModelPaths;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * {@code sd-xl}: Stable Diffusion XL on ONNX Runtime. The request's inputs pick the mode as in the original: a mask
 * (with its image) inpaints at strength 0.95 and guidance 4.0, an image alone is transformed at the request's strength,
 * otherwise text-to-image; guidance 3.5 and 35 steps otherwise (see {@link SdXlSettings}). The working size is floored
 * to multiples of 16 with the image and mask centre-cropped to it. Same seed, same inputs, same device: same bytes.
 */
public final class SdXl implements ImageHandler {
    static final String MODEL = "sd-xl";
    private static final int SIZE_MULTIPLE = 16;

    private final LocalRuntime runtime;
    private final SdXlSettings settings;
    private SdXlPipeline pipeline;

    public SdXl(LocalRuntime runtime) {
        this(runtime, SdXlSettings.defaults());
    }

    /** As the worker builds it: the sampler from {@code DDIFFUSION_SDXL_SCHEDULER}. */
    public SdXl(LocalRuntime runtime, LocalPipelineSettings pipelines) {
        this(runtime, SdXlSettings.defaults().withScheduler(SdXlSettings.parseScheduler(pipelines.sdxlScheduler())));
    }

    public SdXl(LocalRuntime runtime, SdXlSettings settings) {
        this.runtime = runtime;
        this.settings = settings;
    }

    @Override
    public ImageModel model() {
        return ImageModel.SD_XL;
    }

    @Override
    public List<String> run(ImageContext context) throws Exception {
        ImageContext ctx = context.ensureDivisible(SIZE_MULTIPLE);
        SdXlJob job = job(ctx);
        SdXlPipeline sdxl = pipeline(runtime.files(MODEL, ctx.task()::log));
        int steps = new StepPlan(settings.steps(), job.strength()).runSteps();
        ctx.task().log("sd-xl " + job.mode() + " " + job.width() + "x" + job.height() + " (from " + context.width()
                + "x" + context.height() + "), " + steps + " of " + settings.steps() + " steps, scheduler "
                + settings.scheduler() + ", guidance " + job.guidance() + ", seed " + job.seed() + ", device "
                + runtime.device());
        float[] chw = sdxl.generate(job, ctx.task());
        BufferedImage image = ImageTensors.toRgb(new FloatImage(3, job.width(), job.height(), chw), Range.SIGNED);
        return List.of(ctx.savePng(image));
    }

    /** The job for the context's mode, after the original's settings. */
    SdXlJob job(ImageContext ctx) {
        String prompt = ctx.prompt();
        long seed = ctx.request().seed();
        if (ctx.image().isEmpty()) {
            return new SdXlJob(prompt, ctx.width(), ctx.height(), seed, 1.0, settings.guidance(), null, null);
        }
        float[] image = ImageTensors.toChw(ctx.image().get(), Range.SIGNED).data();
        if (ctx.mask().isPresent()) {
            FloatImage mask = ImageTensors.toPlane(ctx.mask().get(), Range.UNIT);
            return new SdXlJob(prompt, ctx.width(), ctx.height(), seed, settings.inpaintStrength(),
                    settings.inpaintGuidance(), image, new InpaintMask(mask.data(), ctx.width(), ctx.height()));
        }
        return new SdXlJob(prompt, ctx.width(), ctx.height(), seed, imageStrength(ctx.request().strength(), ctx),
                settings.guidance(), image, null);
    }

    /** The request's strength, raised to run at least one step (diffusers refuses a strength that runs none). */
    private double imageStrength(double requested, ImageContext ctx) {
        // why: nextUp so that steps × least is not rounded just below 1
        double least = Math.nextUp(1.0 / settings.steps());
        if ((int) (settings.steps() * requested) >= 1) {
            return requested;
        }
        ctx.task().log("strength " + requested + " runs no step of " + settings.steps() + "; using " + least
                + " (one step)");
        return least;
    }

    /** One pipeline per set of model files, kept while the files stay the same (the tokenizers load once). */
    private synchronized SdXlPipeline pipeline(ModelPaths files) {
        if (pipeline == null || !pipeline.files().equals(files)) {
            pipeline = new SdXlPipeline(runtime.residency(), files, settings);
        }
        return pipeline;
    }
}
