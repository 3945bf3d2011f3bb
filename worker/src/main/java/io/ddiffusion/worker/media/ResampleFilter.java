package io.ddiffusion.worker.media;

/**
 * Reconstruction kernels for {@link Resampler}. The two cubic variants differ only in Keys' parameter {@code a}, and
 * libraries disagree on which one "bicubic" means, so each is named after who uses it.
 */
public enum ResampleFilter {
    /** Triangle, support 1: PIL's {@code BILINEAR}, torch's {@code bilinear} (SAM's mask upsampling). */
    BILINEAR(1.0),
    /** Keys cubic with a = -0.5, support 2: PIL's {@code BICUBIC} (Hugging Face image processors resize with it). */
    BICUBIC_PIL(2.0),
    /** Keys cubic with a = -0.75, support 2: torch's {@code interpolate(mode="bicubic")} and OpenCV's. */
    BICUBIC_TORCH(2.0),
    /** Lanczos windowed sinc, a = 3, support 3: PIL's {@code LANCZOS}, the original's resize. */
    LANCZOS3(3.0);

    private final double support;

    ResampleFilter(double support) {
        this.support = support;
    }

    /** Half-width of the kernel in source pixels at scale 1; the kernel is zero outside it. */
    public double support() {
        return support;
    }

    /** The kernel's value at distance {@code x} (in source pixels at scale 1) from the sample. */
    public double weight(double x) {
        double t = Math.abs(x);
        return switch (this) {
            case BILINEAR -> t < 1.0 ? 1.0 - t : 0.0;
            case BICUBIC_PIL -> cubic(t, -0.5);
            case BICUBIC_TORCH -> cubic(t, -0.75);
            case LANCZOS3 -> t < 3.0 ? sinc(t) * sinc(t / 3.0) : 0.0;
        };
    }

    private static double cubic(double t, double a) {
        if (t < 1.0) {
            return ((a + 2.0) * t - (a + 3.0)) * t * t + 1.0;
        }
        if (t < 2.0) {
            return ((a * t - 5.0 * a) * t + 8.0 * a) * t - 4.0 * a;
        }
        return 0.0;
    }

    private static double sinc(double t) {
        if (t == 0.0) {
            return 1.0;
        }
        double p = Math.PI * t;
        return Math.sin(p) / p;
    }
}
