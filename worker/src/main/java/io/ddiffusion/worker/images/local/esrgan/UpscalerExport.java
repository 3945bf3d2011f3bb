package io.ddiffusion.worker.images.local.esrgan;

import io.ddiffusion.worker.media.FloatImage;
import io.ddiffusion.worker.models.onnx.InferenceException;
import io.ddiffusion.worker.models.onnx.ModelResidency;
import io.ddiffusion.worker.models.onnx.Tensor;
import io.ddiffusion.worker.models.onnx.TensorSpec;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * What a loaded upscaler export declares: its one image input {@code [1, 3, h, w]} and image output (names differ
 * between exports, so they are read from the model) and the input size when the export fixed it (Qualcomm's export
 * takes 128×128 only). Runs one tile through it, padding to the fixed size and cropping the result back.
 *
 * @param fixedWidth  the input width the export requires, or 0 when any width goes
 * @param fixedHeight the input height the export requires, or 0 when any height goes
 */
record UpscalerExport(String model, String input, String output, int fixedWidth, int fixedHeight, int scale) {

    static UpscalerExport of(String model, Map<String, TensorSpec> inputs, Map<String, TensorSpec> outputs, int scale) {
        TensorSpec in = inputs.size() == 1 ? inputs.values().iterator().next() : null;
        // why: Qualcomm's exporter squeezes the batch axis away in some releases: [3, H, W] is the same layout
        TensorSpec out = outputs.values().stream().filter(o -> o.isFloatingPoint() && (o.shape().length == 4
                || o.shape().length == 3)).findFirst().orElse(null);
        if (in == null || !in.isFloatingPoint() || in.shape().length != 4 || !(in.shape()[1] == 3
                || in.shape()[1] < 0) || out == null) {
            throw new InferenceException(model + ": the model file takes " + inputs.values() + " and gives "
                    + outputs.values() + ", not one float RGB image [1, 3, height, width] to an upscaled one");
        }
        return new UpscalerExport(model, in.name(), out.name(), (int) Math.max(0, in.shape()[3]),
                (int) Math.max(0, in.shape()[2]), scale);
    }

    boolean fixedSize() {
        return fixedWidth > 0 || fixedHeight > 0;
    }

    /** The tile side to cut images into: exactly the export's fixed input, else at most {@code configured}. */
    int tileSide(int configured) {
        if (fixedWidth > 0 && fixedHeight > 0) {
            return Math.min(fixedWidth, fixedHeight);
        }
        return Math.min(configured, Math.max(fixedWidth, fixedHeight) > 0 ? Math.max(fixedWidth, fixedHeight)
                : configured);
    }

    /** Upscales one CHW tile in [0, 1]: {@code scale}× its size, same channels. */
    FloatImage upscale(ModelResidency.Lease lease, FloatImage tile) {
        FloatImage padded = ReflectPad.to(tile, fixedWidth > 0 ? fixedWidth : tile.width(),
                fixedHeight > 0 ? fixedHeight : tile.height());
        Tensor result = lease.run(Map.of(input, Tensor.floats(padded.data(), padded.nchwShape())), Set.of(output))
                .get(output);
        long[] expected = {1, padded.channels(), (long) padded.height() * scale, (long) padded.width() * scale};
        long[] squeezed = Arrays.copyOfRange(expected, 1, 4);
        if (!(result instanceof Tensor.Floats f) || !(Arrays.equals(f.shape(), expected)
                || Arrays.equals(f.shape(), squeezed))) {
            throw new InferenceException(model + " returned " + result + " for a "
                    + Arrays.toString(padded.nchwShape()) + " tile, expected its " + scale + "× upscale "
                    + Arrays.toString(expected));
        }
        FloatImage up = new FloatImage(padded.channels(), padded.width() * scale, padded.height() * scale, f.data());
        return padded == tile ? up : up.crop(0, 0, tile.width() * scale, tile.height() * scale);
    }
}
