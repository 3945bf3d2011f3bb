package io.ddiffusion.worker.models.tokenizers;

import java.util.List;

/**
 * One tokenised text, special tokens included, ready for an int64 text-encoder input. The arrays have the same length;
 * {@code tokenTypeIds} is all zeros for single-sequence input (and for CLIP, which has no segments). The arrays are
 * shared, not copied: treat them as read-only.
 *
 * @param tokens the token strings, padding included
 * @param inputIds the vocabulary ids
 * @param attentionMask 1 for real tokens (special tokens included), 0 for padding
 * @param tokenTypeIds segment ids, all 0 here
 */
public record Encoding(List<String> tokens, long[] inputIds, long[] attentionMask, long[] tokenTypeIds) {

    public Encoding {
        tokens = List.copyOf(tokens);
        if (inputIds.length != tokens.size() || attentionMask.length != tokens.size()
                || tokenTypeIds.length != tokens.size()) {
            throw new IllegalArgumentException("encoding arrays differ in length from its " + tokens.size() + " tokens");
        }
    }

    /** The sequence length, padding included. */
    public int length() {
        return inputIds.length;
    }
}
