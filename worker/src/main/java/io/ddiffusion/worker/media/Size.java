package io.ddiffusion.worker.media;

/** An image size in pixels. */
public record Size(int width, int height) {

    public Size {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("size must be at least 1×1, got " + width + "×" + height);
        }
    }

    /**
     * This size with width and height each floored to a multiple of {@code n} (the original's
     * {@code ensure_divisible}); pair it with {@link Images#centreCrop} for the image and mask.
     */
    public Size floorToMultiple(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("multiple must be at least 1, got " + n);
        }
        if (width < n || height < n) {
            throw new IllegalArgumentException("size " + width + "×" + height + " is smaller than " + n
                    + ", the multiple it must be floored to");
        }
        return new Size(width / n * n, height / n * n);
    }

    @Override
    public String toString() {
        return width + "×" + height;
    }
}
