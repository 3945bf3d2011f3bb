package io.ddiffusion.worker.images.local.sdxl;

import io.ddiffusion.worker.models.onnx.InferenceException;
import io.ddiffusion.worker.models.onnx.ModelResidency.Lease;
import io.ddiffusion.worker.models.onnx.Tensor;
import io.ddiffusion.worker.models.tokenizers.ClipTokenizer;
import io.ddiffusion.worker.models.tokenizers.Encoding;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Encodes a prompt with SDXL's two CLIP text encoders as diffusers' {@code encode_prompt} does: each encoder's
 * penultimate hidden state (the layer before the last, {@code hidden_states[-2]}), joined per token along the width,
 * and the second encoder's pooled {@code text_embeds}.
 *
 * <p>Verified against Optimum's ONNX configs ({@code CLIPTextOnnxConfig} / {@code CLIPTextWithProjectionOnnxConfig}):
 * input {@code input_ids} [batch, sequence] (int32 or int64 by exporter: the session converts), outputs
 * {@code last_hidden_state}, {@code pooler_output} (text_encoder) or {@code text_embeds} (text_encoder_2), and
 * {@code hidden_states.0} … {@code hidden_states.N} for N layers when exported with hidden states. The penultimate
 * layer is found from the declared names (hidden_states.11 of 12 for CLIP ViT-L, hidden_states.31 of 32 for bigG), so
 * an export with another depth still works.
 */
final class PromptEncoder {
    private static final Pattern HIDDEN_STATE = Pattern.compile("hidden_states\\.(\\d+)");
    static final String POOLED = "text_embeds";

    private final ClipTokenizer tokenizer1;
    private final Lease encoder1;
    private final ClipTokenizer tokenizer2;
    private final Lease encoder2;

    PromptEncoder(ClipTokenizer tokenizer1, Lease encoder1, ClipTokenizer tokenizer2, Lease encoder2) {
        this.tokenizer1 = tokenizer1;
        this.encoder1 = encoder1;
        this.tokenizer2 = tokenizer2;
        this.encoder2 = encoder2;
        if (!encoder2.outputs().containsKey(POOLED)) {
            throw new InferenceException(encoder2 + " has no '" + POOLED + "' output (declared "
                    + encoder2.outputs().keySet() + "); sd-xl needs CLIPTextModelWithProjection as text_encoder_2");
        }
    }

    PromptEmbeddings encode(String prompt) {
        String penultimate1 = penultimate(encoder1);
        String penultimate2 = penultimate(encoder2);
        Tensor.Floats first = Outputs.floats(encoder1, run(encoder1, tokenizer1.encode(prompt),
                Set.of(penultimate1)), penultimate1);
        Map<String, Tensor> second = run(encoder2, tokenizer2.encode(prompt), Set.of(penultimate2, POOLED));
        Tensor.Floats states2 = Outputs.floats(encoder2, second, penultimate2);
        Tensor.Floats pooled = Outputs.floats(encoder2, second, POOLED);
        return join(first, states2, pooled.data());
    }

    /** Per token: the first encoder's state, then the second's ({@code torch.concat(..., dim=-1)}). */
    static PromptEmbeddings join(Tensor.Floats first, Tensor.Floats second, float[] pooled) {
        int tokens = (int) first.shape()[1];
        if (second.shape()[1] != tokens) {
            throw new InferenceException("the text encoders returned " + tokens + " and " + second.shape()[1]
                    + " tokens; both must use the 77-token context");
        }
        int w1 = (int) first.shape()[2];
        int w2 = (int) second.shape()[2];
        float[] joined = new float[tokens * (w1 + w2)];
        for (int t = 0; t < tokens; t++) {
            System.arraycopy(first.data(), t * w1, joined, t * (w1 + w2), w1);
            System.arraycopy(second.data(), t * w2, joined, t * (w1 + w2) + w1, w2);
        }
        return new PromptEmbeddings(joined, tokens, w1 + w2, pooled);
    }

    /** The name of the second-to-last {@code hidden_states.N} output. */
    static String penultimate(Lease encoder) {
        int last = -1;
        for (String name : encoder.outputs().keySet()) {
            Matcher m = HIDDEN_STATE.matcher(name);
            if (m.matches()) {
                last = Math.max(last, Integer.parseInt(m.group(1)));
            }
        }
        if (last < 1) {
            throw new InferenceException(encoder + " declares no hidden_states.N outputs (has "
                    + encoder.outputs().keySet() + "); sd-xl needs the penultimate layer: export the text encoders"
                    + " with output_hidden_states");
        }
        return "hidden_states." + (last - 1);
    }

    private static Map<String, Tensor> run(Lease encoder, Encoding encoding, Set<String> outputs) {
        Map<String, Tensor> inputs = new HashMap<>();
        long[] shape = {1, encoding.length()};
        inputs.put("input_ids", Tensor.longs(encoding.inputIds(), shape));
        // why: diffusers runs SDXL's encoders without a mask, i.e. attending to padding too; an export that
        // declares attention_mask gets all ones so the padded positions' states match
        if (encoder.inputs().containsKey("attention_mask")) {
            long[] ones = new long[encoding.length()];
            java.util.Arrays.fill(ones, 1);
            inputs.put("attention_mask", Tensor.longs(ones, shape));
        }
        return encoder.run(inputs, outputs);
    }
}
