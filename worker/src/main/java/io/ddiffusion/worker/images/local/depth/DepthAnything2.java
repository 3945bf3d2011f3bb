package io.ddiffusion.worker.images.local.depth;

import io.ddiffusion.worker.images.local.LocalPipelineSettings;
import io.ddiffusion.schema.images.ImageModel;
import io.ddiffusion.worker.images.ImageContext;
import io.ddiffusion.worker.images.ImageHandler;
import io.ddiffusion.worker.images.local.LocalRuntime;
import io.ddiffusion.worker.media.DepthPng;
import io.ddiffusion.worker.media.FloatImage;
import io.ddiffusion.worker.media.ImageTensors;
import io.ddiffusion.worker.media.ResampleFilter;
import io.ddiffusion.worker.media.Resampler;
import io.ddiffusion.worker.media.Size;
import io.ddiffusion.worker.models.onnx.InferenceException;
import io.ddiffusion.worker.models.onnx.ModelResidency;
import io.ddiffusion.worker.models.onnx.ModelResidency.ModelRef;
import io.ddiffusion.worker.models.onnx.Tensor;
import io.ddiffusion.worker.runtime.TaskContext;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * depth-anything-2: the onnx-community Depth-Anything-V2 export. The image is prepared as its DPT processor does
 * (resized bicubically to multiples of 14 around 518, keeping the aspect ratio; scaled to [0, 1]; ImageNet mean and
 * standard deviation; RGB, NCHW); the predicted relative depth (larger = nearer) is resized back to the input size
 * bicubically, min–max normalised and stored as a greyscale PNG, 16-bit unless configured to the original's 8-bit.
 */
public final class DepthAnything2 implements ImageHandler {
    static final String MODEL = "depth-anything-2";
    /** The fp32 export's role; a float16 export loaded under it runs the same way (converted at the session). */
    static final String WEIGHTS = "model";
    static final String INPUT = "pixel_values";
    static final String OUTPUT = "predicted_depth";
    private static final int STEPS = 3;
    /** Relative spread below which a map is flat: a few float ulps summed over a resampling kernel. */
    private static final float ROUND_OFF = 1e-5f;

    /**
     * The model infers at about 518 px on the short side; 4 MP keeps several times that for the antialiased resize
     * while an 8K plate is never held whole (the map still comes back at the input's declared size).
     */
    static final long MAX_INPUT_PIXELS = 2048L * 2048;

    private final LocalRuntime runtime;
    private final DepthPngBits bits;

    /** As the worker builds it: the PNG depth from {@code DDIFFUSION_DEPTH_PNG_BITS}. */
    public DepthAnything2(LocalRuntime runtime, LocalPipelineSettings pipelines) {
        this(runtime, DepthPngBits.parse(String.valueOf(pipelines.depthPngBits())));
    }

    public DepthAnything2(LocalRuntime runtime, DepthPngBits bits) {
        this.runtime = runtime;
        this.bits = bits;
    }

    @Override
    public ImageModel model() {
        return ImageModel.DEPTH_ANYTHING_2;
    }

    @Override
    public long maxInputPixels() {
        return MAX_INPUT_PIXELS;
    }

    @Override
    public List<String> run(ImageContext ctx) throws Exception {
        BufferedImage image = ctx.image().orElseThrow(() -> new IllegalArgumentException(
                "Model '" + MODEL + "' estimates depth from an image: send one in 'image'"));
        TaskContext<?> task = ctx.task();
        task.progress(0, STEPS);
        Size size = DptResize.DEPTH_ANYTHING_V2.sizeFor(image.getWidth(), image.getHeight());
        FloatImage pixels = preprocess(image, size);
        task.log("Depth input " + ctx.width() + "×" + ctx.height() + (image.getWidth() == ctx.width() ? ""
                : " (read at " + image.getWidth() + "×" + image.getHeight() + ")") + " resized to " + size);
        task.progress(1, STEPS);
        task.cancellation().throwIfCancelled();

        var files = runtime.files(MODEL, task::log);
        FloatImage depth;
        try (ModelResidency.Lease lease = runtime.residency().acquire(
                ModelRef.of(MODEL + "/" + WEIGHTS, files.path(WEIGHTS)), task::log)) {
            task.cancellation().throwIfCancelled();
            long start = System.nanoTime();
            depth = infer(lease, pixels);
            task.log("Depth estimated at " + depth.width() + "×" + depth.height() + " on " + runtime.device()
                    + " in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        }
        task.progress(2, STEPS);

        // why: torch's bicubic (a = -0.75) as the original's post-processing; unlike torch it is antialiased when
        // the map shrinks to a smaller input, and it renormalises the kernel at borders instead of clamping
        FloatImage full = flatIfRoundOff(Resampler.resize(depth, ctx.width(), ctx.height(),
                ResampleFilter.BICUBIC_TORCH));
        String key = ctx.savePng(bits == DepthPngBits.SIXTEEN ? DepthPng.grey16(full) : DepthPng.grey8(full));
        task.progress(STEPS, STEPS);
        task.log("Depth map saved as a " + bits.bits() + "-bit " + full.width() + "×" + full.height() + " PNG");
        return List.of(key);
    }

    /** The processor's steps: bicubic resize of the 8-bit image (as PIL), then {@code (v / 255 - mean) / std}. */
    static FloatImage preprocess(BufferedImage image, Size size) {
        BufferedImage resized = image.getWidth() == size.width() && image.getHeight() == size.height() ? image
                : Resampler.resize(image, size.width(), size.height(), ResampleFilter.BICUBIC_PIL);
        return ImageTensors.toChw(resized, ImageTensors.Normalisation.IMAGENET);
    }

    /**
     * A map whose spread is no larger than float round-off (a flat depth after resampling) as exactly flat: min–max
     * normalisation would otherwise stretch that noise to full black-to-white speckle.
     */
    static FloatImage flatIfRoundOff(FloatImage depth) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float v : depth.data()) {
            if (Float.isFinite(v)) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        boolean roundOff = max >= min && max - min <= ROUND_OFF * Math.max(Math.abs(min), Math.abs(max));
        return roundOff ? FloatImage.zeros(1, depth.width(), depth.height()) : depth;
    }

    /** Runs the export on one NCHW image; its depth comes back as a plane ({@code [1, h, w]} or {@code [1, 1, h, w]}). */
    static FloatImage infer(ModelResidency.Lease lease, FloatImage pixels) {
        if (!lease.inputs().containsKey(INPUT) || !lease.outputs().containsKey(OUTPUT)) {
            throw new InferenceException(MODEL + ": the model file takes " + lease.inputs().keySet() + " and gives "
                    + lease.outputs().keySet() + ", not " + INPUT + " → " + OUTPUT
                    + " as the Depth-Anything-V2 export does");
        }
        Tensor out = lease.run(Map.of(INPUT, Tensor.floats(pixels.data(), pixels.nchwShape())), Set.of(OUTPUT))
                .get(OUTPUT);
        long[] shape = out.shape();
        if (!(out instanceof Tensor.Floats depth) || shape.length < 2
                || Tensor.elements(shape) != shape[shape.length - 1] * shape[shape.length - 2]) {
            throw new InferenceException(MODEL + " returned " + OUTPUT + " as " + out
                    + ", expected one float depth map [1, height, width]");
        }
        return FloatImage.plane((int) shape[shape.length - 1], (int) shape[shape.length - 2], depth.data());
    }
}
