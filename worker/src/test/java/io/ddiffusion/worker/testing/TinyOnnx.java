package io.ddiffusion.worker.testing;

import com.google.protobuf.ByteString;
import io.ddiffusion.worker.models.onnx.proto.Onnx.AttributeProto;
import io.ddiffusion.worker.models.onnx.proto.Onnx.GraphProto;
import io.ddiffusion.worker.models.onnx.proto.Onnx.ModelProto;
import io.ddiffusion.worker.models.onnx.proto.Onnx.NodeProto;
import io.ddiffusion.worker.models.onnx.proto.Onnx.OperatorSetIdProto;
import io.ddiffusion.worker.models.onnx.proto.Onnx.TensorProto;
import io.ddiffusion.worker.models.onnx.proto.Onnx.TensorShapeProto;
import io.ddiffusion.worker.models.onnx.proto.Onnx.TypeProto;
import io.ddiffusion.worker.models.onnx.proto.Onnx.ValueInfoProto;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Builds tiny ONNX models in tests: declare inputs and outputs with the real exports' names, element types and
 * dynamic axes, add a few standard operators, write the file. ONNX Runtime loads and runs the result like an export.
 *
 * <pre>{@code
 * TinyOnnx.model("depth")
 *     .input("pixel_values", TinyOnnx.FLOAT, "batch", 3, "height", "width")
 *     .output("predicted_depth", TinyOnnx.FLOAT, "batch", "height", "width")
 *     .node("ReduceMean", in("pixel_values"), out("predicted_depth"), ints("axes", 1), integer("keepdims", 0))
 *     .save(dir.resolve("model.onnx"));
 * }</pre>
 */
public final class TinyOnnx {
    public static final int FLOAT = TensorProto.DataType.FLOAT_VALUE;
    public static final int FLOAT16 = TensorProto.DataType.FLOAT16_VALUE;
    public static final int INT64 = TensorProto.DataType.INT64_VALUE;
    public static final int INT32 = TensorProto.DataType.INT32_VALUE;
    public static final int BOOL = TensorProto.DataType.BOOL_VALUE;

    private static final int OPSET = 17;
    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private int nodes;

    private TinyOnnx(String name) {
        graph.setName(name);
    }

    public static TinyOnnx model(String name) {
        return new TinyOnnx(name);
    }

    /** Declares a graph input; each dim is an Integer (fixed) or a String (a named dynamic axis). */
    public TinyOnnx input(String name, int elemType, Object... dims) {
        graph.addInput(valueInfo(name, elemType, dims));
        return this;
    }

    public TinyOnnx output(String name, int elemType, Object... dims) {
        graph.addOutput(valueInfo(name, elemType, dims));
        return this;
    }

    /** Adds a node; inputs may name graph inputs, initializers or earlier node outputs. */
    public TinyOnnx node(String opType, String[] inputs, String[] outputs, AttributeProto... attributes) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(opType).setName(opType + "_" + nodes++);
        for (String i : inputs) {
            n.addInput(i);
        }
        for (String o : outputs) {
            n.addOutput(o);
        }
        for (AttributeProto a : attributes) {
            n.addAttribute(a);
        }
        graph.addNode(n);
        return this;
    }

    /** A float32 constant (or float16 when {@code elemType} is FLOAT16). */
    public TinyOnnx constant(String name, int elemType, float[] values, long... dims) {
        ByteBuffer b = ByteBuffer.allocate(values.length * (elemType == FLOAT16 ? 2 : 4))
                .order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            if (elemType == FLOAT16) {
                b.putShort(Float.floatToFloat16(v));
            } else {
                b.putFloat(v);
            }
        }
        return initializer(name, elemType, b.array(), dims);
    }

    /** An int64 constant (shapes, axes). */
    public TinyOnnx constant(String name, long[] values, long... dims) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putLong(v);
        }
        return initializer(name, INT64, b.array(), dims);
    }

    private TinyOnnx initializer(String name, int elemType, byte[] raw, long... dims) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(elemType)
                .setRawData(ByteString.copyFrom(raw));
        for (long d : dims) {
            t.addDims(d);
        }
        graph.addInitializer(t);
        return this;
    }

    public byte[] bytes() {
        return ModelProto.newBuilder()
                .setIrVersion(8)
                .setProducerName("ddiffusion-tests")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(graph)
                .build()
                .toByteArray();
    }

    /** Writes the model (creating parent folders) and returns the path. */
    public Path save(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, bytes());
        return file;
    }

    /**
     * Grows a saved model to exactly {@code size} bytes, so it can stand in the cache for a pinned file of that size
     * (tasks check cached files by size; only {@code models verify} re-hashes). The padding is one field number the
     * format does not define, holding zeros — readers skip it — written sparse, so no disk is used for it.
     */
    public static Path padTo(Path model, long size) throws IOException {
        long current = Files.size(model);
        int tagBytes = varintSize(PADDING_FIELD << 3 | 2);
        long payload = size - current - tagBytes;
        // the length prefix's own size depends on the payload; shrink the payload until they fit together
        while (payload >= 0 && tagBytes + varintSize(payload) + payload != size - current) {
            payload--;
        }
        if (payload < 0) {
            throw new IllegalArgumentException(model + " is " + current + " bytes; cannot pad it to " + size);
        }
        try (var file = new java.io.RandomAccessFile(model.toFile(), "rw")) {
            file.seek(current);
            file.write(varint(PADDING_FIELD << 3 | 2));
            file.write(varint(payload));
            file.setLength(size);
        }
        return model;
    }

    private static final long PADDING_FIELD = 1999;

    private static int varintSize(long v) {
        return varint(v).length;
    }

    private static byte[] varint(long v) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
        return out.toByteArray();
    }

    public static String[] in(String... names) {
        return names;
    }

    public static String[] out(String... names) {
        return names;
    }

    public static AttributeProto integer(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    public static AttributeProto real(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value)
                .build();
    }

    public static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    public static AttributeProto string(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(value)).build();
    }

    private static ValueInfoProto valueInfo(String name, int elemType, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
            if (d instanceof Number n) {
                dim.setDimValue(n.longValue());
            } else {
                dim.setDimParam(d.toString());
            }
            shape.addDim(dim);
        }
        return ValueInfoProto.newBuilder()
                .setName(name)
                .setType(TypeProto.newBuilder().setTensorType(
                        TypeProto.Tensor.newBuilder().setElemType(elemType).setShape(shape)))
                .build();
    }
}
