package io.ddiffusion.worker.images.local.sam;

/**
 * Grounding DINO's two thresholds: a box is kept when its score is over {@code box}; a prompt token names it when its
 * probability is over {@code text}.
 */
public record DetectionThresholds(float box, float text) {
    /** The original's LangSAM settings (inventory §4.3). */
    public static final DetectionThresholds ORIGINAL = new DetectionThresholds(0.3f, 0.25f);

    public DetectionThresholds {
        if (!(box >= 0 && box < 1) || !(text >= 0 && text < 1)) {
            throw new IllegalArgumentException("thresholds must be in [0, 1), got box " + box + ", text " + text);
        }
    }
}
