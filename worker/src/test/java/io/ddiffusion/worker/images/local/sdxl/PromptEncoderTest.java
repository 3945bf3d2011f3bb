package io.ddiffusion.worker.images.local.sdxl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ddiffusion.worker.models.ModelPaths;
import io.ddiffusion.worker.models.onnx.InferenceException;
import io.ddiffusion.worker.models.onnx.ModelResidency.Lease;
import io.ddiffusion.worker.testing.TinyOnnx;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptEncoderTest {
    static final int BOS = TinySdXl.VOCAB.get("<|startoftext|>");
    static final int EOS = TinySdXl.VOCAB.get("<|endoftext|>");
    static final int BANG = TinySdXl.VOCAB.get("!");
    static final int CAT = TinySdXl.VOCAB.get("cat</w>");
    static final int DOG = TinySdXl.VOCAB.get("dog</w>");

    @TempDir
    Path dir;

    /** CLIP's layout: start, the words, end, then the tokenizer's pad id up to 77. */
    static int[] ids(int pad, int... words) {
        int[] ids = new int[77];
        java.util.Arrays.fill(ids, pad);
        ids[0] = BOS;
        System.arraycopy(words, 0, ids, 1, words.length);
        ids[words.length + 1] = EOS;
        return ids;
    }

    @Test
    void joinsBothEncodersPenultimateStatesPerTokenAndPoolsTheSecond() throws Exception {
        ModelPaths files = TinySdXl.write(dir, TinySdXl.Options.standard());
        try (Sessions s = new Sessions(files); Lease te1 = s.lease("text_encoder");
                Lease te2 = s.lease("text_encoder_2")) {
            SdXlPipeline pipeline = new SdXlPipeline(s.residency, files, SdXlSettings.defaults());
            PromptEmbeddings e = pipeline.promptEncoder(te1, te2).encode("  A cat,\n dog ");

            // "a" and "," are not in the fixture's vocabulary: CLIP maps unknown symbols to the end token
            int[] ids1 = ids(EOS, EOS, CAT, EOS, DOG);
            int[] ids2 = ids(BANG, EOS, CAT, EOS, DOG);
            int width = TinySdXl.WIDTH_1 + TinySdXl.WIDTH_2;
            assertThat(e.tokens()).isEqualTo(77);
            assertThat(e.width()).isEqualTo(width);
            float[] pooled = new float[TinySdXl.WIDTH_2];
            for (int t = 0; t < 77; t++) {
                for (int j = 0; j < TinySdXl.WIDTH_1; j++) {
                    // hidden_states.1 of layers 0..2: the looked-up row × 2
                    assertThat(e.hidden()[t * width + j]).isCloseTo(2 * TinySdXl.embedding(1, ids1[t], j),
                            within(1e-6f));
                }
                for (int j = 0; j < TinySdXl.WIDTH_2; j++) {
                    // hidden_states.2 of layers 0..3: the looked-up row × 3
                    assertThat(e.hidden()[t * width + TinySdXl.WIDTH_1 + j])
                            .isCloseTo(3 * TinySdXl.embedding(2, ids2[t], j), within(1e-6f));
                    pooled[j] += TinySdXl.embedding(2, ids2[t], j) / 77f;
                }
            }
            for (int j = 0; j < TinySdXl.WIDTH_2; j++) {
                assertThat(e.pooled()[j]).isCloseTo(5 * pooled[j], within(1e-5f));
            }
        }
    }

    @Test
    void theNegativePromptGetsItsOwnEmbeddings() throws Exception {
        ModelPaths files = TinySdXl.write(dir, TinySdXl.Options.standard());
        try (Sessions s = new Sessions(files); Lease te1 = s.lease("text_encoder");
                Lease te2 = s.lease("text_encoder_2")) {
            PromptEncoder encoder = new SdXlPipeline(s.residency, files, SdXlSettings.defaults())
                    .promptEncoder(te1, te2);
            assertThat(encoder.encode("cat").hidden()).isNotEqualTo(encoder.encode("dog").hidden());
            assertThat(encoder.encode(SdXlSettings.NEGATIVE_PROMPT).pooled())
                    .isNotEqualTo(encoder.encode("cat").pooled());
        }
    }

    @Test
    void anEncoderExportedWithoutHiddenStatesIsRefusedWithTheFix() throws Exception {
        ModelPaths files = TinySdXl.write(dir, TinySdXl.Options.standard());
        Map<String, Path> paths = new HashMap<>(files.paths());
        paths.put("text_encoder", TinyOnnx.model("plain")
                .input("input_ids", TinyOnnx.INT64, "batch_size", "sequence_length")
                .node("Cast", TinyOnnx.in("input_ids"), TinyOnnx.out("last_hidden_state"),
                        TinyOnnx.integer("to", TinyOnnx.FLOAT))
                .output("last_hidden_state", TinyOnnx.FLOAT, "batch_size", "sequence_length")
                .save(dir.resolve("plain/model.onnx")));
        ModelPaths plain = new ModelPaths(SdXl.MODEL, paths);
        try (Sessions s = new Sessions(plain); Lease te1 = s.lease("text_encoder");
                Lease te2 = s.lease("text_encoder_2")) {
            PromptEncoder encoder = new SdXlPipeline(s.residency, plain, SdXlSettings.defaults())
                    .promptEncoder(te1, te2);
            assertThatThrownBy(() -> encoder.encode("cat")).isInstanceOf(InferenceException.class)
                    .hasMessageContaining("hidden_states").hasMessageContaining("output_hidden_states");
        }
    }
}
