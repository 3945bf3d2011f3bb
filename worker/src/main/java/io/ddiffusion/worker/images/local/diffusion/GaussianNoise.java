package io.ddiffusion.worker.images.local.diffusion;

/**
 * Seeded standard-normal noise, identical for a seed on every JVM and platform: SplitMix64 (Steele, Lea and Flood's
 * published constants) feeds the Box–Muller transform evaluated with {@link StrictMath}. It is not PyTorch's
 * generator, so a seed gives different images here than in diffusers. Not thread-safe; one per run.
 */
public final class GaussianNoise {

    private long state;
    private double spare;
    private boolean hasSpare;

    public GaussianNoise(long seed) {
        this.state = seed;
    }

    /** The next N(0, 1) sample. */
    public double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spare;
        }
        double radius = StrictMath.sqrt(-2.0 * StrictMath.log(nextUnitOpenAtZero()));
        double angle = 2.0 * StrictMath.PI * nextUnitOpenAtZero();
        spare = radius * StrictMath.sin(angle);
        hasSpare = true;
        return radius * StrictMath.cos(angle);
    }

    /** Fills {@code out} with the next samples, in order. */
    public void fill(float[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) nextGaussian();
        }
    }

    /** The next {@code count} samples in a new array (the starting latents). */
    public float[] next(int count) {
        float[] out = new float[count];
        fill(out);
        return out;
    }

    /** A uniform double in (0, 1], so the logarithm stays finite. */
    private double nextUnitOpenAtZero() {
        return ((nextLong() >>> 11) + 1) * 0x1.0p-53;
    }

    private long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
