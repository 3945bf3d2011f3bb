package io.ddiffusion.worker.models.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.platform.Fp16Conversions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** An {@link InferenceSession} on ONNX Runtime, converting tensors to the element types the export declares. */
final class OrtInferenceSession implements InferenceSession {
    private final String name;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final Map<String, TensorSpec> inputs;
    private final Map<String, TensorSpec> outputs;

    OrtInferenceSession(String name, OrtEnvironment env, OrtSession session) throws OrtException {
        this.name = name;
        this.env = env;
        this.session = session;
        this.inputs = specs(session.getInputInfo());
        this.outputs = specs(session.getOutputInfo());
    }

    private static Map<String, TensorSpec> specs(Map<String, NodeInfo> infos) {
        Map<String, TensorSpec> specs = new LinkedHashMap<>();
        for (NodeInfo info : infos.values()) {
            if (info.getInfo() instanceof TensorInfo t) {
                specs.put(info.getName(), new TensorSpec(info.getName(), t.type, t.getShape()));
            }
        }
        return Collections.unmodifiableMap(specs);
    }

    @Override
    public Map<String, TensorSpec> inputs() {
        return inputs;
    }

    @Override
    public Map<String, TensorSpec> outputs() {
        return outputs;
    }

    @Override
    public Map<String, Tensor> run(Map<String, Tensor> given, Set<String> wanted) {
        for (String required : inputs.keySet()) {
            if (!given.containsKey(required)) {
                throw new InferenceException(name + " needs input '" + required + "' (declared " + inputs.keySet()
                        + ")");
            }
        }
        List<OnnxTensor> created = new ArrayList<>();
        try {
            Map<String, OnnxTensor> feeds = new HashMap<>();
            for (var e : given.entrySet()) {
                TensorSpec spec = inputs.get(e.getKey());
                if (spec == null) {
                    throw new InferenceException(name + " has no input '" + e.getKey() + "' (declared "
                            + inputs.keySet() + ")");
                }
                OnnxTensor t = toOnnx(spec, e.getValue());
                created.add(t);
                feeds.put(e.getKey(), t);
            }
            try (OrtSession.Result result = wanted.isEmpty() ? session.run(feeds) : session.run(feeds, wanted)) {
                Map<String, Tensor> out = new LinkedHashMap<>();
                for (Map.Entry<String, OnnxValue> e : result) {
                    if (e.getValue() instanceof OnnxTensor t) {
                        out.put(e.getKey(), fromOnnx(t));
                    }
                }
                return out;
            }
        } catch (OrtException | RuntimeException e) {
            if (e instanceof InferenceException ie) {
                throw ie;
            }
            if (ModelOutOfMemoryException.isOutOfMemory(e)) {
                throw new ModelOutOfMemoryException("out of memory while running " + name, e);
            }
            throw new InferenceException(name + " failed: " + e.getMessage(), e);
        } finally {
            created.forEach(OnnxTensor::close);
        }
    }

    private OnnxTensor toOnnx(TensorSpec spec, Tensor tensor) throws OrtException {
        long[] shape = tensor.shape();
        checkRank(spec, shape);
        return switch (tensor) {
            case Tensor.Floats f -> switch (spec.type()) {
                case FLOAT -> OnnxTensor.createTensor(env, FloatBuffer.wrap(f.data()), shape);
                case FLOAT16 -> OnnxTensor.createTensor(env,
                        Fp16Conversions.convertFloatBufferToFp16Buffer(FloatBuffer.wrap(f.data())), shape,
                        OnnxJavaType.FLOAT16);
                case BFLOAT16 -> OnnxTensor.createTensor(env,
                        Fp16Conversions.convertFloatBufferToBf16Buffer(FloatBuffer.wrap(f.data())), shape,
                        OnnxJavaType.BFLOAT16);
                case DOUBLE -> {
                    double[] d = new double[f.data().length];
                    for (int i = 0; i < d.length; i++) {
                        d[i] = f.data()[i];
                    }
                    yield OnnxTensor.createTensor(env, DoubleBuffer.wrap(d), shape);
                }
                default -> throw mismatch(spec, tensor);
            };
            case Tensor.Longs l -> switch (spec.type()) {
                case INT64 -> OnnxTensor.createTensor(env, LongBuffer.wrap(l.data()), shape);
                case INT32 -> {
                    int[] v = new int[l.data().length];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = Math.toIntExact(l.data()[i]);
                    }
                    yield OnnxTensor.createTensor(env, IntBuffer.wrap(v), shape);
                }
                case BOOL, UINT8, INT8 -> {
                    ByteBuffer b = ByteBuffer.allocateDirect(l.data().length).order(ByteOrder.nativeOrder());
                    for (long v : l.data()) {
                        b.put((byte) v);
                    }
                    b.flip();
                    yield OnnxTensor.createTensor(env, b, shape, spec.type());
                }
                default -> throw mismatch(spec, tensor);
            };
        };
    }

    private void checkRank(TensorSpec spec, long[] shape) {
        long[] declared = spec.shape();
        boolean ok = declared.length == shape.length;
        for (int i = 0; ok && i < declared.length; i++) {
            ok = declared[i] < 0 || declared[i] == shape[i];
        }
        if (!ok) {
            throw new InferenceException(name + " input '" + spec.name() + "' expects shape "
                    + java.util.Arrays.toString(declared) + ", got " + java.util.Arrays.toString(shape));
        }
    }

    private InferenceException mismatch(TensorSpec spec, Tensor tensor) {
        return new InferenceException(name + " input '" + spec.name() + "' is " + spec.type() + ", not " + tensor);
    }

    private Tensor fromOnnx(OnnxTensor t) {
        TensorInfo info = t.getInfo();
        long[] shape = info.getShape();
        return switch (info.type) {
            case FLOAT -> Tensor.floats(copy(t.getFloatBuffer()), shape);
            case FLOAT16 -> Tensor.floats(copy(Fp16Conversions.convertFp16BufferToFloatBuffer(t.getShortBuffer())),
                    shape);
            case BFLOAT16 -> Tensor.floats(copy(Fp16Conversions.convertBf16BufferToFloatBuffer(t.getShortBuffer())),
                    shape);
            case DOUBLE -> {
                DoubleBuffer d = t.getDoubleBuffer();
                float[] f = new float[d.remaining()];
                for (int i = 0; i < f.length; i++) {
                    f[i] = (float) d.get(i);
                }
                yield Tensor.floats(f, shape);
            }
            case INT64 -> {
                LongBuffer b = t.getLongBuffer();
                long[] v = new long[b.remaining()];
                b.get(v);
                yield Tensor.longs(v, shape);
            }
            case INT32 -> {
                IntBuffer b = t.getIntBuffer();
                long[] v = new long[b.remaining()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = b.get(i);
                }
                yield Tensor.longs(v, shape);
            }
            case BOOL, UINT8, INT8 -> {
                ByteBuffer b = t.getByteBuffer();
                long[] v = new long[b.remaining()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = info.type == OnnxJavaType.INT8 ? b.get(i) : b.get(i) & 0xFF;
                }
                yield Tensor.longs(v, shape);
            }
            default -> throw new InferenceException(name + " returned an unsupported " + info.type + " tensor");
        };
    }

    private static float[] copy(FloatBuffer b) {
        float[] f = new float[b.remaining()];
        b.get(f);
        return f;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new InferenceException("could not close " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
