package io.ddiffusion.worker.images.local.sdxl;

import static io.ddiffusion.worker.testing.TinyOnnx.FLOAT;
import static io.ddiffusion.worker.testing.TinyOnnx.FLOAT16;
import static io.ddiffusion.worker.testing.TinyOnnx.INT32;
import static io.ddiffusion.worker.testing.TinyOnnx.INT64;
import static io.ddiffusion.worker.testing.TinyOnnx.in;
import static io.ddiffusion.worker.testing.TinyOnnx.integer;
import static io.ddiffusion.worker.testing.TinyOnnx.ints;
import static io.ddiffusion.worker.testing.TinyOnnx.out;
import static io.ddiffusion.worker.testing.TinyOnnx.string;

import io.ddiffusion.worker.models.ModelPaths;
import io.ddiffusion.worker.testing.TinyOnnx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A tiny SDXL laid out like the real export: every component with the real input and output names and element types,
 * small widths, and outputs that are simple, checkable functions of the inputs.
 *
 * <ul>
 * <li>text encoders: a Gather from a constant table; {@code hidden_states.k} is the looked-up row times (k + 1), so
 * the penultimate layer is recognisable; text_encoder_2's {@code text_embeds} is 5 × the mean row.
 * <li>UNet: {@code out_sample = 2·sample[0..3] + 0.01·c + 1e-5·timestep}, with c per batch item = mean of
 * encoder_hidden_states + 0.1·mean of text_embeds + time_ids · {@link #TIME_WEIGHTS}; an inpainting UNet also adds
 * 0.3 × its mask channel. Predicting twice the scaled sample as noise makes it a crude denoiser that shrinks the
 * latents to a modest size by the last step.
 * <li>VAE encoder: 8×8 average pooling to R, G, B, their mean (the distribution's mean), then −3·mean + 7 as the
 * log-variance; decoder: the first three latent channels upsampled 8× (nearest).
 * </ul>
 *
 * <p>Public for the local-models benchmark ({@code bench/}).
 */
public final class TinySdXl {
    static final int WIDTH_1 = 4;
    static final int WIDTH_2 = 6;
    static final int LAYERS_1 = 2;
    static final int LAYERS_2 = 3;
    static final float SAMPLE_GAIN = 2f;
    /** Small, so the conditioning shifts the result without saturating the decoded image. */
    static final float CONDITION_GAIN = 0.01f;
    static final float TIMESTEP_GAIN = 1e-5f;
    static final float[] TIME_WEIGHTS = {1e-4f, 2e-4f, 3e-4f, 4e-4f, 5e-4f, 6e-4f};
    /** The vocabulary of the tokenizer fixture: "cat" and "dog" are words, every other word is unknown. */
    static final Map<String, Integer> VOCAB = vocab();
    static final int VOCAB_SIZE = VOCAB.size();

    /** What to vary from the real export's layout. */
    public record Options(int unetType, boolean intTimestep, boolean fixedBatchOfOne, boolean inpaintingUnet,
            boolean latentSampleEncoder) {
        public static Options standard() {
            return new Options(FLOAT, false, false, false, false);
        }

        Options withFp16() {
            return new Options(FLOAT16, intTimestep, fixedBatchOfOne, inpaintingUnet, latentSampleEncoder);
        }

        Options withIntTimestep() {
            return new Options(unetType, true, fixedBatchOfOne, inpaintingUnet, latentSampleEncoder);
        }

        Options withBatchOfOne() {
            return new Options(unetType, intTimestep, true, inpaintingUnet, latentSampleEncoder);
        }

        Options withInpaintingUnet() {
            return new Options(unetType, intTimestep, fixedBatchOfOne, true, latentSampleEncoder);
        }

        Options withLatentSampleEncoder() {
            return new Options(unetType, intTimestep, fixedBatchOfOne, inpaintingUnet, true);
        }
    }

    private TinySdXl() {
    }

    /** The embedding table of text encoder {@code which} (1 or 2): row {@code id}, column {@code j}. */
    static float embedding(int which, int id, int j) {
        return which == 1 ? (float) Math.sin(id * 0.7 + j * 0.3) : (float) Math.cos(id * 0.45 - j * 0.2) * 0.8f;
    }

    public static ModelPaths write(Path dir, Options options) throws IOException {
        Map<String, Path> paths = new HashMap<>();
        paths.put("text_encoder", textEncoder(1, INT32, WIDTH_1, LAYERS_1).save(dir.resolve("text_encoder/model.onnx")));
        paths.put("text_encoder_2", textEncoder(2, INT64, WIDTH_2, LAYERS_2)
                .save(dir.resolve("text_encoder_2/model.onnx")));
        paths.put("unet", unet(options).save(dir.resolve("unet/model.onnx")));
        paths.put("vae_encoder", vaeEncoder(options.latentSampleEncoder()).save(dir.resolve("vae_encoder/model.onnx")));
        paths.put("vae_decoder", vaeDecoder().save(dir.resolve("vae_decoder/model.onnx")));
        writeTokenizer(dir.resolve("tokenizer"), paths, "tokenizer");
        writeTokenizer(dir.resolve("tokenizer_2"), paths, "tokenizer_2");
        return new ModelPaths(SdXl.MODEL, paths);
    }

    static TinyOnnx textEncoder(int which, int idType, int width, int layers) {
        float[] table = new float[VOCAB_SIZE * width];
        for (int id = 0; id < VOCAB_SIZE; id++) {
            for (int j = 0; j < width; j++) {
                table[id * width + j] = embedding(which, id, j);
            }
        }
        TinyOnnx m = TinyOnnx.model("text_encoder_" + which)
                .input("input_ids", idType, "batch_size", "sequence_length")
                .constant("table", FLOAT, table, VOCAB_SIZE, width)
                .node("Gather", in("table", "input_ids"), out("rows"), integer("axis", 0))
                .output("last_hidden_state", FLOAT, "batch_size", "sequence_length", width)
                .constant("ten", FLOAT, new float[] {10f})
                .node("Mul", in("rows", "ten"), out("last_hidden_state"));
        for (int k = 0; k <= layers; k++) {
            m.constant("layer" + k, FLOAT, new float[] {k + 1f})
                    .output("hidden_states." + k, FLOAT, "batch_size", "sequence_length", width)
                    .node("Mul", in("rows", "layer" + k), out("hidden_states." + k));
        }
        m.node("ReduceMean", in("rows"), out("mean_row"), ints("axes", 1), integer("keepdims", 0));
        if (which == 1) {
            return m.output("pooler_output", FLOAT, "batch_size", width)
                    .node("Identity", in("mean_row"), out("pooler_output"));
        }
        return m.output("text_embeds", FLOAT, "batch_size", width)
                .constant("five", FLOAT, new float[] {5f})
                .node("Mul", in("mean_row", "five"), out("text_embeds"));
    }

    static TinyOnnx unet(Options o) {
        int t = o.unetType();
        Object batch = o.fixedBatchOfOne() ? (Object) 1 : "batch_size";
        int channels = o.inpaintingUnet() ? 9 : 4;
        TinyOnnx m = TinyOnnx.model("unet")
                .input("sample", t, batch, channels, "height", "width")
                .input("encoder_hidden_states", t, batch, "sequence_length", WIDTH_1 + WIDTH_2)
                .input("text_embeds", t, batch, WIDTH_2)
                .input("time_ids", t, batch, 6)
                .output("out_sample", t, batch, 4, "height", "width");
        if (o.intTimestep()) {
            m.input("timestep", INT64, 1);
        } else {
            m.input("timestep", t);
        }
        // fp16 exports keep fp16 I/O; the arithmetic runs in fp32 after a Cast, as CPU kernels support it
        for (String name : new String[] {"sample", "encoder_hidden_states", "text_embeds", "time_ids", "timestep"}) {
            m.node("Cast", in(name), out(name + "_f"), integer("to", FLOAT));
        }
        m.constant("starts", new long[] {0}, 1).constant("ends", new long[] {4}, 1).constant("axis1", new long[] {1}, 1)
                .node("Slice", in("sample_f", "starts", "ends", "axis1"), out("latents"))
                .constant("gain", FLOAT, new float[] {SAMPLE_GAIN})
                .node("Mul", in("latents", "gain"), out("scaled"))
                .node("ReduceMean", in("encoder_hidden_states_f"), out("ehs_mean"), ints("axes", 1, 2),
                        integer("keepdims", 0))
                .node("ReduceMean", in("text_embeds_f"), out("pooled_mean"), ints("axes", 1), integer("keepdims", 0))
                .constant("tenth", FLOAT, new float[] {0.1f})
                .node("Mul", in("pooled_mean", "tenth"), out("pooled_part"))
                .constant("weights", FLOAT, TIME_WEIGHTS, 6, 1)
                .node("MatMul", in("time_ids_f", "weights"), out("time_part2"))
                .constant("flat", new long[] {-1}, 1)
                .node("Reshape", in("time_part2", "flat"), out("time_part"))
                .node("Add", in("ehs_mean", "pooled_part"), out("c1"))
                .node("Add", in("c1", "time_part"), out("c0"))
                .constant("condition_gain", FLOAT, new float[] {CONDITION_GAIN})
                .node("Mul", in("c0", "condition_gain"), out("c"))
                .constant("per_item", new long[] {-1, 1, 1, 1}, 4)
                .node("Reshape", in("c", "per_item"), out("c4"))
                .constant("timestep_gain", FLOAT, new float[] {TIMESTEP_GAIN})
                .node("Mul", in("timestep_f", "timestep_gain"), out("t_part"))
                .node("Add", in("scaled", "c4"), out("s1"));
        String last = "s2";
        m.node("Add", in("s1", "t_part"), out("s2"));
        if (o.inpaintingUnet()) {
            m.constant("mask_start", new long[] {4}, 1).constant("mask_end", new long[] {5}, 1)
                    .node("Slice", in("sample_f", "mask_start", "mask_end", "axis1"), out("mask"))
                    .constant("mask_weight", FLOAT, new float[] {0.3f})
                    .node("Mul", in("mask", "mask_weight"), out("mask_part"))
                    .node("Add", in("s2", "mask_part"), out("s3"));
            last = "s3";
        }
        return m.node("Cast", in(last), out("out_sample"), integer("to", t));
    }

    static TinyOnnx vaeEncoder(boolean latentSample) {
        TinyOnnx m = TinyOnnx.model("vae_encoder")
                .input("sample", FLOAT, "batch_size", 3, "sample_height", "sample_width")
                .node("AveragePool", in("sample"), out("pooled"), ints("kernel_shape", 8, 8), ints("strides", 8, 8))
                .node("ReduceMean", in("pooled"), out("grey"), ints("axes", 1), integer("keepdims", 1))
                .node("Concat", in("pooled", "grey"), out(latentSample ? "latent_sample" : "mean"),
                        integer("axis", 1));
        if (latentSample) {
            return m.output("latent_sample", FLOAT, "batch_size", 4, "h", "w");
        }
        return m.constant("minus3", FLOAT, new float[] {-3f}).constant("seven", FLOAT, new float[] {7f})
                .node("Mul", in("mean", "minus3"), out("lv1"))
                .node("Add", in("lv1", "seven"), out("logvar"))
                .node("Concat", in("mean", "logvar"), out("latent_parameters"), integer("axis", 1))
                .output("latent_parameters", FLOAT, "batch_size", 8, "h", "w");
    }

    static TinyOnnx vaeDecoder() {
        return TinyOnnx.model("vae_decoder")
                .input("latent_sample", FLOAT, "batch_size", 4, "latent_height", "latent_width")
                .output("sample", FLOAT, "batch_size", 3, "height", "width")
                .constant("starts", new long[] {0}, 1).constant("ends", new long[] {3}, 1)
                .constant("axis1", new long[] {1}, 1)
                .node("Slice", in("latent_sample", "starts", "ends", "axis1"), out("rgb"))
                .constant("scales", FLOAT, new float[] {1f, 1f, 8f, 8f}, 4)
                .node("Resize", in("rgb", "", "scales"), out("sample"), string("mode", "nearest"));
    }

    private static void writeTokenizer(Path dir, Map<String, Path> paths, String role) throws IOException {
        Files.createDirectories(dir);
        StringBuilder json = new StringBuilder("{");
        VOCAB.forEach((token, id) -> json.append(json.length() > 1 ? ", " : "").append('"').append(token)
                .append("\": ").append(id));
        paths.put(role + "_vocab", Files.writeString(dir.resolve("vocab.json"), json.append('}').toString()));
        paths.put(role + "_merges", Files.writeString(dir.resolve("merges.txt"),
                "#version: 0.2\nc a\nca t</w>\nd o\ndo g</w>\n"));
    }

    private static Map<String, Integer> vocab() {
        Map<String, Integer> v = new java.util.LinkedHashMap<>();
        for (String token : new String[] {"!", "c", "a", "t</w>", "ca", "cat</w>", "d", "o", "g</w>", "do",
                "dog</w>", "<|startoftext|>", "<|endoftext|>"}) {
            v.put(token, v.size());
        }
        return Map.copyOf(v);
    }
}
