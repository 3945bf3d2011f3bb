package io.ddiffusion.worker.models.tokenizers;

import java.util.Arrays;
import java.util.List;

/**
 * Several encodings stacked row-major into {@code [batchSize, sequenceLength]} int64 tensors' data, shorter rows padded
 * on the right with the pad id (mask 0). This is the layout ONNX text encoders take for {@code input_ids},
 * {@code attention_mask} and {@code token_type_ids}.
 */
public record TokenBatch(long[] inputIds, long[] attentionMask, long[] tokenTypeIds, int batchSize, int sequenceLength) {

    /** Stacks the encodings, padding each to the longest with {@code padId}. */
    public static TokenBatch of(List<Encoding> encodings, long padId) {
        if (encodings.isEmpty()) {
            throw new IllegalArgumentException("a token batch needs at least one text");
        }
        int length = encodings.stream().mapToInt(Encoding::length).max().orElseThrow();
        int batch = encodings.size();
        long[] ids = new long[batch * length];
        long[] mask = new long[batch * length];
        long[] types = new long[batch * length];
        for (int row = 0; row < batch; row++) {
            Encoding encoding = encodings.get(row);
            int offset = row * length;
            Arrays.fill(ids, offset, offset + length, padId);
            System.arraycopy(encoding.inputIds(), 0, ids, offset, encoding.length());
            System.arraycopy(encoding.attentionMask(), 0, mask, offset, encoding.length());
            System.arraycopy(encoding.tokenTypeIds(), 0, types, offset, encoding.length());
        }
        return new TokenBatch(ids, mask, types, batch, length);
    }

    /** The tensor shape, {@code {batchSize, sequenceLength}}. */
    public long[] shape() {
        return new long[] {batchSize, sequenceLength};
    }
}
