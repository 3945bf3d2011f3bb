package io.ddiffusion.worker.models.onnx;

import ai.onnxruntime.OnnxJavaType;
import java.util.Arrays;

/** A model input or output as the export declares it: name, element type and shape (-1 for a dynamic axis). */
public record TensorSpec(String name, OnnxJavaType type, long[] shape) {

    public boolean isFloatingPoint() {
        return type == OnnxJavaType.FLOAT || type == OnnxJavaType.FLOAT16 || type == OnnxJavaType.DOUBLE
                || type == OnnxJavaType.BFLOAT16;
    }

    @Override
    public String toString() {
        return name + ":" + type + Arrays.toString(shape);
    }
}
