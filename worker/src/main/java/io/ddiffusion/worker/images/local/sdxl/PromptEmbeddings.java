package io.ddiffusion.worker.images.local.sdxl;

/**
 * One prompt as SDXL's UNet takes it: per-token states of both text encoders side by side
 * ({@code encoder_hidden_states}, {@code tokens × width}, 77 × 2048 for the real encoders) and the second encoder's
 * pooled projection ({@code text_embeds}, 1280 wide). Arrays are shared, not copied: treat them as read-only.
 */
record PromptEmbeddings(float[] hidden, int tokens, int width, float[] pooled) {

    PromptEmbeddings {
        if (hidden.length != tokens * width) {
            throw new IllegalArgumentException("hidden states hold " + hidden.length + " values, not " + tokens + "×"
                    + width);
        }
    }

    /** Whether {@code other} can share a UNet batch with this one (same sequence and widths). */
    boolean sameShapeAs(PromptEmbeddings other) {
        return tokens == other.tokens && width == other.width && pooled.length == other.pooled.length;
    }
}
