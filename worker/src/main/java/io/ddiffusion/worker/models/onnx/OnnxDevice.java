package io.ddiffusion.worker.models.onnx;

import java.util.Locale;

/** Where sessions run: {@code AUTO} takes CUDA when it is usable and the CPU otherwise. */
public enum OnnxDevice {
    AUTO, CPU, CUDA;

    /** Parses {@code auto}, {@code cpu} or {@code cuda} (any case); anything else is a configuration error. */
    public static OnnxDevice parse(String value) {
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("DDIFFUSION_ONNX_DEVICE must be auto, cpu or cuda, not '" + value + "'");
        }
    }
}
