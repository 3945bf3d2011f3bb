package io.ddiffusion.worker.images.local.sam;

import io.ddiffusion.worker.models.onnx.Tensor;
import io.ddiffusion.worker.models.tokenizers.Encoding;
import io.ddiffusion.worker.models.tokenizers.WordPieceTokenizer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The prompt as Grounding DINO reads it: a lower-case caption ending with a period ({@code "a cat."}), tokenised with
 * BERT WordPiece into {@code [CLS] … [SEP]}, padded with {@code [PAD]} (attention 0) only when the export fixes the
 * sequence length.
 *
 * @param caption the normalised prompt
 * @param tokens the real tokens, {@code [CLS]} and {@code [SEP]} included, padding excluded
 * @param inputIds ids over the whole sequence, padding included
 * @param attentionMask 1 over the real tokens, 0 over padding
 */
public record DetectorText(String caption, List<String> tokens, long[] inputIds, long[] attentionMask) {
    /** Grounding DINO's {@code max_text_len}: its logits have one slot per token up to this many. */
    public static final int MAX_TOKENS = 256;

    public DetectorText {
        tokens = List.copyOf(tokens);
    }

    /**
     * Tokenises {@code prompt}. {@code fixedLength} is the sequence length the export declares, or a value below 1 when
     * the axis is dynamic (then the sequence is exactly the tokens, as the transformers processor sends it).
     */
    public static DetectorText of(WordPieceTokenizer tokenizer, String prompt, long fixedLength) {
        int max = fixedLength > 0 ? (int) Math.min(fixedLength, MAX_TOKENS) : MAX_TOKENS;
        String caption = caption(prompt);
        Encoding encoding = tokenizer.encode(caption, max);
        int length = fixedLength > 0 ? (int) fixedLength : encoding.length();
        long[] ids = Arrays.copyOf(encoding.inputIds(), length);
        long[] mask = Arrays.copyOf(encoding.attentionMask(), length);
        Arrays.fill(ids, encoding.length(), length, tokenizer.padId());
        return new DetectorText(caption, encoding.tokens(), ids, mask);
    }

    /** Lower case, whitespace collapsed, ending with a period: the caption form Grounding DINO was trained on. */
    public static String caption(String prompt) {
        String text = prompt.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
        return text.endsWith(".") ? text : text + ".";
    }

    /** Number of real tokens (the positions whose logits count). */
    public int realLength() {
        return tokens.size();
    }

    /** The sequence length fed to the model, padding included. */
    public int length() {
        return inputIds.length;
    }

    public Tensor.Longs inputIdsTensor() {
        return Tensor.longs(inputIds, 1, length());
    }

    public Tensor.Longs attentionMaskTensor() {
        return Tensor.longs(attentionMask, 1, length());
    }

    /** Segment ids: all zero for a single caption. */
    public Tensor.Longs tokenTypeIdsTensor() {
        return Tensor.longs(new long[length()], 1, length());
    }
}
