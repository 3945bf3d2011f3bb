package io.ddiffusion.worker.images.local.esrgan;

import static io.ddiffusion.worker.testing.TinyOnnx.in;
import static io.ddiffusion.worker.testing.TinyOnnx.integer;
import static io.ddiffusion.worker.testing.TinyOnnx.out;
import static io.ddiffusion.worker.testing.TinyOnnx.string;

import io.ddiffusion.worker.testing.TinyOnnx;

/** A stand-in for a Real-ESRGAN x4 export: 4× nearest-neighbour upscaling with the export's layout. */
public final class TinyUpscaler {
    private TinyUpscaler() {
    }

    /**
     * The real export's tensor names are not published, so each caller picks its own: the pipeline reads them from
     * the model. {@code side} 0 makes height and width dynamic; otherwise the input is fixed at {@code side × side},
     * as Qualcomm's export is at 128.
     */
    public static TinyOnnx nearestX4(String input, String output, int side, int elemType) {
        Object h = side > 0 ? side : "height";
        Object w = side > 0 ? side : "width";
        Object h4 = side > 0 ? side * 4 : "height_x4";
        Object w4 = side > 0 ? side * 4 : "width_x4";
        TinyOnnx m = TinyOnnx.model("nearest-x4")
                .input(input, elemType, 1, 3, h, w)
                .output(output, elemType, 1, 3, h4, w4)
                .constant("scales", TinyOnnx.FLOAT, new float[] {1, 1, 4, 4}, 4);
        String x = input;
        String y = output;
        if (elemType != TinyOnnx.FLOAT) {
            m.node("Cast", in(input), out("x32"), integer("to", TinyOnnx.FLOAT));
            x = "x32";
            y = "y32";
        }
        m.node("Resize", in(x, "", "scales"), out(y), string("mode", "nearest"),
                string("coordinate_transformation_mode", "asymmetric"), string("nearest_mode", "floor"));
        if (elemType != TinyOnnx.FLOAT) {
            m.node("Cast", in("y32"), out(output), integer("to", elemType));
        }
        return m;
    }
}
