package io.ddiffusion.worker.images.local.sam;

import static io.ddiffusion.worker.testing.TinyOnnx.in;
import static io.ddiffusion.worker.testing.TinyOnnx.integer;
import static io.ddiffusion.worker.testing.TinyOnnx.ints;
import static io.ddiffusion.worker.testing.TinyOnnx.out;

import io.ddiffusion.worker.testing.TinyOnnx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Tiny stand-ins for the sam-2 exports, with their real input/output names and element types: Grounding DINO whose
 * detections are constants the test chooses, a float16 SAM 2.1 vision encoder that average-pools its input, and a
 * mask decoder whose masks are the box it is given. Public for the local-models benchmark ({@code bench/}).
 */
public final class TinySamModels {
    static final int QUERIES = 900;
    static final int TEXT_SLOTS = 256;
    /** The logit of every (query, token) a test does not set: probability ≈ 0.00005. */
    static final float QUIET_LOGIT = -10f;
    /** The decoder's IoU estimate per hypothesis; hypothesis 1 (the box itself) is the best. */
    static final float[] IOU = {0.2f, 0.9f, 0.5f};

    /** BERT's special-token ids (bert-base-uncased) with a few words after them. */
    static final List<String> VOCAB = vocab();

    private TinySamModels() {
    }

    private static List<String> vocab() {
        List<String> v = new ArrayList<>();
        v.add("[PAD]");
        for (int i = 1; i < 100; i++) {
            v.add("[unused" + i + "]");
        }
        v.addAll(List.of("[UNK]", "[CLS]", "[SEP]", "[MASK]", ".", "a", "cat", "dog", "red", "##s", "ball"));
        return List.copyOf(v);
    }

    static long id(String token) {
        return VOCAB.indexOf(token);
    }

    public static Path writeVocab(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        return Files.write(file, VOCAB);
    }

    /**
     * What the tiny detector reports for one query: token {@code token} of the prompt gets {@code probability}, and the
     * query's box is {@code (cx, cy, w, h)}, normalised.
     */
    public record FakeQuery(int query, int token, float probability, float cx, float cy, float w, float h) {
        float logit() {
            return (float) Math.log(probability / (1.0 - probability));
        }
    }

    /**
     * Grounding DINO: {@code logits [1, 900, 256]} and {@code pred_boxes [1, 900, 4]} are the constants {@code queries}
     * describe. {@code sequenceLength} is a number for an export with a fixed text length, a name for a dynamic one.
     * Extra {@code echo_*} outputs return what the model was fed: the text inputs, the per-channel mean of
     * {@code pixel_values} and the sum of {@code pixel_mask}.
     */
    public static Path detector(Path file, Object sequenceLength, FakeQuery... queries) throws IOException {
        float[] logits = new float[QUERIES * TEXT_SLOTS];
        Arrays.fill(logits, QUIET_LOGIT);
        float[] boxes = new float[QUERIES * 4];
        for (int q = 0; q < QUERIES; q++) {
            boxes[q * 4] = 0.5f;
            boxes[q * 4 + 1] = 0.5f;
            boxes[q * 4 + 2] = 0.1f;
            boxes[q * 4 + 3] = 0.1f;
        }
        for (FakeQuery f : queries) {
            logits[f.query() * TEXT_SLOTS + f.token()] = f.logit();
            System.arraycopy(new float[] {f.cx(), f.cy(), f.w(), f.h()}, 0, boxes, f.query() * 4, 4);
        }
        return TinyOnnx.model("grounding-dino")
                .input("pixel_values", TinyOnnx.FLOAT, 1, 3, 800, 800)
                .input("input_ids", TinyOnnx.INT64, 1, sequenceLength)
                .input("token_type_ids", TinyOnnx.INT64, 1, sequenceLength)
                .input("attention_mask", TinyOnnx.INT64, 1, sequenceLength)
                .input("pixel_mask", TinyOnnx.INT64, 1, 800, 800)
                .constant("logit_values", TinyOnnx.FLOAT, logits, 1, QUERIES, TEXT_SLOTS)
                .constant("box_values", TinyOnnx.FLOAT, boxes, 1, QUERIES, 4)
                .node("Identity", in("logit_values"), out("logits"))
                .node("Identity", in("box_values"), out("pred_boxes"))
                .node("Identity", in("input_ids"), out("echo_input_ids"))
                .node("Identity", in("token_type_ids"), out("echo_token_type_ids"))
                .node("Identity", in("attention_mask"), out("echo_attention_mask"))
                .node("ReduceMean", in("pixel_values"), out("echo_pixel_means"), ints("axes", 2, 3),
                        integer("keepdims", 0))
                .node("ReduceSum", in("pixel_mask"), out("echo_pixel_mask_sum"), integer("keepdims", 0))
                .output("logits", TinyOnnx.FLOAT, 1, QUERIES, TEXT_SLOTS)
                .output("pred_boxes", TinyOnnx.FLOAT, 1, QUERIES, 4)
                .output("echo_input_ids", TinyOnnx.INT64, 1, sequenceLength)
                .output("echo_token_type_ids", TinyOnnx.INT64, 1, sequenceLength)
                .output("echo_attention_mask", TinyOnnx.INT64, 1, sequenceLength)
                .output("echo_pixel_means", TinyOnnx.FLOAT, 1, 3)
                .output("echo_pixel_mask_sum", TinyOnnx.INT64)
                .save(file);
    }

    /**
     * The SAM 2.1 vision encoder as the fp16 export declares it ({@code pixel_values} and outputs float16): each
     * {@code image_embeddings.i} is the input average-pooled by 4, 8 and 16 — the real maps' 256, 128 and 64 sizes,
     * with 3 channels instead of 32, 64 and 256.
     */
    public static Path visionEncoder(Path file, int elemType) throws IOException {
        TinyOnnx m = TinyOnnx.model("sam2-vision-encoder")
                .input("pixel_values", elemType, "batch_size", 3, 1024, 1024)
                .node("Cast", in("pixel_values"), out("pixels32"), integer("to", TinyOnnx.FLOAT));
        int[] pools = {4, 8, 16};
        for (int i = 0; i < pools.length; i++) {
            int k = pools[i];
            m.node("AveragePool", in("pixels32"), out("pooled" + i), ints("kernel_shape", k, k), ints("strides", k, k))
                    .node("Cast", in("pooled" + i), out("image_embeddings." + i), integer("to", elemType))
                    .output("image_embeddings." + i, elemType, "batch_size", 3, 1024 / k, 1024 / k);
        }
        return m.save(file);
    }

    /**
     * The prompt encoder + mask decoder. Hypothesis 1's logits are the signed distance (in the 1024 frame) from each
     * 256×256 cell centre to the box edge — positive inside the box — and hypotheses 0 and 2 are its negation, so
     * taking any hypothesis but the best one inverts the mask. Every prompt point pushes all logits down by 1000: a
     * box-only prompt must send none.
     */
    public static Path maskDecoder(Path file) throws IOException {
        float[] centres = new float[256];
        for (int i = 0; i < 256; i++) {
            centres[i] = 4 * i + 2;
        }
        return TinyOnnx.model("sam2-prompt-encoder-mask-decoder")
                .input("input_points", TinyOnnx.FLOAT, "batch_size", "point_batch_size", "num_points", 2)
                .input("input_labels", TinyOnnx.INT64, "batch_size", "point_batch_size", "num_points")
                .input("input_boxes", TinyOnnx.FLOAT, "batch_size", "num_boxes", 4)
                .input("image_embeddings.0", TinyOnnx.FLOAT, "batch_size", "c0", 256, 256)
                .input("image_embeddings.1", TinyOnnx.FLOAT, "batch_size", "c1", 128, 128)
                .input("image_embeddings.2", TinyOnnx.FLOAT, "batch_size", "c2", 64, 64)
                .constant("xs", TinyOnnx.FLOAT, centres, 1, 256)
                .constant("ys", TinyOnnx.FLOAT, centres, 256, 1)
                .constant("four", new long[] {4}, 1)
                .constant("i0", new long[] {0})
                .constant("i1", new long[] {1})
                .constant("i2", new long[] {2})
                .constant("i3", new long[] {3})
                .constant("zero", TinyOnnx.FLOAT, new float[] {0f})
                .constant("one", TinyOnnx.FLOAT, new float[] {1f})
                .constant("per_point", TinyOnnx.FLOAT, new float[] {1000f})
                .constant("axis0", new long[] {0}, 1)
                .constant("mask_shape", new long[] {1, 1, 3, 256, 256}, 5)
                .constant("iou_values", TinyOnnx.FLOAT, IOU, 1, 1, 3)
                .constant("object_values", TinyOnnx.FLOAT, new float[] {5f}, 1, 1, 1)
                .node("Reshape", in("input_boxes", "four"), out("box"))
                .node("Gather", in("box", "i0"), out("x1"))
                .node("Gather", in("box", "i1"), out("y1"))
                .node("Gather", in("box", "i2"), out("x2"))
                .node("Gather", in("box", "i3"), out("y2"))
                .node("Sub", in("xs", "x1"), out("left"))
                .node("Sub", in("x2", "xs"), out("right"))
                .node("Sub", in("ys", "y1"), out("top"))
                .node("Sub", in("y2", "ys"), out("bottom"))
                .node("Min", in("left", "right", "top", "bottom"), out("inside"))
                .node("Cast", in("input_labels"), out("labels"), integer("to", TinyOnnx.FLOAT))
                .node("Mul", in("labels", "zero"), out("label_zeros"))
                .node("Add", in("label_zeros", "one"), out("label_ones"))
                .node("ReduceSum", in("label_ones"), out("points"), integer("keepdims", 0))
                .node("Mul", in("points", "per_point"), out("penalty"))
                .node("Sub", in("inside", "penalty"), out("box_mask"))
                .node("Neg", in("box_mask"), out("inverted"))
                .node("Unsqueeze", in("box_mask", "axis0"), out("box_mask3"))
                .node("Unsqueeze", in("inverted", "axis0"), out("inverted3"))
                .node("Concat", in("inverted3", "box_mask3", "inverted3"), out("masks3"), integer("axis", 0))
                .node("Reshape", in("masks3", "mask_shape"), out("pred_masks"))
                .node("Identity", in("iou_values"), out("iou_scores"))
                .node("Identity", in("object_values"), out("object_score_logits"))
                .output("iou_scores", TinyOnnx.FLOAT, "batch_size", "num_boxes", 3)
                .output("pred_masks", TinyOnnx.FLOAT, "batch_size", "num_boxes", 3, 256, 256)
                .output("object_score_logits", TinyOnnx.FLOAT, "batch_size", "num_boxes", 1)
                .save(file);
    }
}
