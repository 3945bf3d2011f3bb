package io.ddiffusion.worker.models.onnx;

import java.util.Arrays;

/**
 * A dense tensor in row-major order, as pipelines see it: floating point values are always {@code float} (an fp16
 * export is converted at the session boundary) and integers always {@code long}.
 */
public sealed interface Tensor permits Tensor.Floats, Tensor.Longs {

    long[] shape();

    /** Number of elements the shape holds. */
    static int elements(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("dynamic dimension in a concrete shape " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("tensor too large: " + Arrays.toString(shape));
        }
        return (int) n;
    }

    static Floats floats(float[] data, long... shape) {
        return new Floats(shape, data);
    }

    static Longs longs(long[] data, long... shape) {
        return new Longs(shape, data);
    }

    /** A floating point tensor (float32, float16 or double in the model). */
    record Floats(long[] shape, float[] data) implements Tensor {
        public Floats {
            if (elements(shape) != data.length) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + elements(shape)
                        + " values, not " + data.length);
            }
        }

        @Override
        public String toString() {
            return "Floats" + Arrays.toString(shape);
        }
    }

    /** An integer or boolean tensor (int64, int32, uint8 or bool in the model). */
    record Longs(long[] shape, long[] data) implements Tensor {
        public Longs {
            if (elements(shape) != data.length) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + elements(shape)
                        + " values, not " + data.length);
            }
        }

        @Override
        public String toString() {
            return "Longs" + Arrays.toString(shape);
        }
    }
}
