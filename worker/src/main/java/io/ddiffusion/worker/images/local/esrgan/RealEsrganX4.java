package io.ddiffusion.worker.images.local.esrgan;

import io.ddiffusion.worker.images.local.LocalPipelineSettings;
import io.ddiffusion.schema.images.ImageModel;
import io.ddiffusion.worker.images.ImageContext;
import io.ddiffusion.worker.images.ImageHandler;
import io.ddiffusion.worker.images.local.LocalRuntime;
import io.ddiffusion.worker.media.ImageTensors;
import io.ddiffusion.worker.media.TileGrid;
import io.ddiffusion.worker.media.Tiler;
import io.ddiffusion.worker.models.onnx.InferenceException;
import io.ddiffusion.worker.models.onnx.ModelResidency;
import io.ddiffusion.worker.models.onnx.ModelResidency.ModelRef;
import io.ddiffusion.worker.runtime.TaskContext;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * real-esrgan-x4: 4× super-resolution with a Real-ESRGAN x4plus export (RGB in [0, 1], NCHW, no normalisation). The
 * image is cut into overlapping tiles so any size fits the model's memory: tiles of the export's own size when it is
 * fixed (edge tiles mirrored out to it), of {@link Settings#tileSize} when it takes any size; overlaps are
 * cross-faded so no seams show. Progress is reported per tile and cancellation honoured between tiles.
 */
public final class RealEsrganX4 implements ImageHandler {
    static final String MODEL = "real-esrgan-x4";
    static final String WEIGHTS = "model";
    static final int SCALE = 4;

    /**
     * How images are tiled and how large they may get.
     *
     * @param tileSize        tile side in source pixels for exports that take any size
     * @param overlap         source pixels neighbouring tiles share and blend
     * @param maxOutputPixels the largest upscaled image (width × height) a task may produce
     */
    public record Settings(int tileSize, int overlap, long maxOutputPixels) {
        /** 512-pixel tiles sharing 16 pixels, outputs up to 8192 × 8192. */
        public static final Settings DEFAULTS = new Settings(512, 16, 8192L * 8192L);

        public Settings {
            if (tileSize < 1 || overlap < 0 || overlap >= tileSize) {
                throw new IllegalArgumentException("Real-ESRGAN tiles (DDIFFUSION_ESRGAN_TILE_SIZE, _OVERLAP) need "
                        + "a positive size and an overlap smaller than it, got size " + tileSize + " and overlap " + overlap);
            }
            if (maxOutputPixels < 1) {
                throw new IllegalArgumentException("DDIFFUSION_ESRGAN_MAX_OUTPUT_PIXELS must be positive, got " + maxOutputPixels);
            }
        }
    }

    private final LocalRuntime runtime;
    private final Settings settings;

    /** As the worker builds it: tiles and output limit from {@code DDIFFUSION_ESRGAN_*}. */
    public RealEsrganX4(LocalRuntime runtime, LocalPipelineSettings pipelines) {
        this(runtime, new Settings(pipelines.esrganTileSize(), pipelines.esrganTileOverlap(),
                pipelines.esrganMaxOutputPixels()));
    }

    public RealEsrganX4(LocalRuntime runtime, Settings settings) {
        this.runtime = runtime;
        this.settings = settings;
    }

    @Override
    public ImageModel model() {
        return ImageModel.REAL_ESRGAN_X4;
    }

    @Override
    public List<String> run(ImageContext ctx) throws Exception {
        BufferedImage image = ctx.image().orElseThrow(() -> new IllegalArgumentException(
                "Model '" + MODEL + "' upscales an image: send one in 'image'"));
        checkOutputSize(image.getWidth(), image.getHeight());
        TaskContext<?> task = ctx.task();
        var files = runtime.files(MODEL, task::log);
        BufferedImage upscaled;
        try (ModelResidency.Lease lease = runtime.residency().acquire(
                ModelRef.of(MODEL + "/" + WEIGHTS, files.path(WEIGHTS)), task::log)) {
            UpscalerExport export = UpscalerExport.of(MODEL, lease.inputs(), lease.outputs(), SCALE);
            Tiler tiler = tiler(export);
            TileGrid grid = tiler.grid(image.getWidth(), image.getHeight());
            task.log("Upscaling " + image.getWidth() + "×" + image.getHeight() + " to " + image.getWidth() * SCALE
                    + "×" + image.getHeight() * SCALE + " in " + grid.size() + " tiles of up to " + grid.tileSize()
                    + " px" + (export.fixedSize() ? " (the export's fixed size)" : "") + ", overlap "
                    + grid.overlap() + " px, on " + runtime.device());
            long start = System.nanoTime();
            upscaled = tiler.upscale(image, ImageTensors.Range.UNIT, tile -> export.upscale(lease, tile),
                    (done, total) -> {
                        task.progress(done, total);
                        if (done < total) {
                            task.cancellation().throwIfCancelled();
                        }
                    });
            task.log("Upscaled in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        }
        String key = ctx.savePng(upscaled);
        task.log("Image Super-Resolution completed");
        return List.of(key);
    }

    /** Refuses, before any work, an image whose upscale would exceed the configured pixel limit. */
    private void checkOutputSize(int width, int height) {
        long outW = (long) width * SCALE;
        long outH = (long) height * SCALE;
        if (outW * outH > settings.maxOutputPixels()) {
            throw new IllegalArgumentException("Model '" + MODEL + "' would turn this " + width + "×" + height
                    + " image into " + outW + "×" + outH + " = " + outW * outH + " pixels, over the limit of "
                    + settings.maxOutputPixels() + " output pixels; send a smaller image");
        }
    }

    private Tiler tiler(UpscalerExport export) {
        int side = export.tileSide(settings.tileSize());
        if (settings.overlap() >= side) {
            throw new InferenceException(MODEL + ": the export takes " + side + " px tiles, which cannot overlap by "
                    + settings.overlap() + " px; configure a smaller overlap");
        }
        return Tiler.of(side, settings.overlap(), SCALE);
    }
}
