package io.ddiffusion.worker.images.local.sam;

/**
 * One object's mask over the whole image: {@code pixels[y * width + x]} is true inside. {@code iouScore} is SAM's own
 * estimate of the mask's quality (the hypothesis chosen by it).
 */
public record Mask(int width, int height, boolean[] pixels, float iouScore) {
    public Mask {
        if (pixels.length != width * height) {
            throw new IllegalArgumentException(pixels.length + " mask pixels for a " + width + "×" + height + " image");
        }
    }

    /** Number of pixels inside. */
    public int area() {
        int n = 0;
        for (boolean p : pixels) {
            if (p) {
                n++;
            }
        }
        return n;
    }
}
