package io.ddiffusion.worker.images.local.depth;

import static io.ddiffusion.worker.testing.TinyOnnx.in;
import static io.ddiffusion.worker.testing.TinyOnnx.integer;
import static io.ddiffusion.worker.testing.TinyOnnx.ints;
import static io.ddiffusion.worker.testing.TinyOnnx.out;

import io.ddiffusion.worker.testing.TinyOnnx;

/**
 * A stand-in for the Depth-Anything-V2 export with its real input and output (names, ranks, dynamic axes): the
 * "depth" is the mean over the normalised colour channels, so tests can compute what the pipeline must produce.
 */
public final class TinyDepthAnything {
    private TinyDepthAnything() {
    }

    /** The model in float32 ({@link TinyOnnx#FLOAT}) or float16 ({@link TinyOnnx#FLOAT16}) input and output. */
    public static TinyOnnx meanOverChannels(int elemType) {
        TinyOnnx m = TinyOnnx.model("depth-anything-v2-tiny")
                .input("pixel_values", elemType, "batch_size", 3, "height", "width")
                .output("predicted_depth", elemType, "batch_size", "height", "width");
        if (elemType == TinyOnnx.FLOAT) {
            return m.node("ReduceMean", in("pixel_values"), out("predicted_depth"), ints("axes", 1),
                    integer("keepdims", 0));
        }
        return m.node("Cast", in("pixel_values"), out("x32"), integer("to", TinyOnnx.FLOAT))
                .node("ReduceMean", in("x32"), out("mean32"), ints("axes", 1), integer("keepdims", 0))
                .node("Cast", in("mean32"), out("predicted_depth"), integer("to", elemType));
    }
}
