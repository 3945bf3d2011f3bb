package io.ddiffusion.core.media;

import java.util.Optional;

/** The pixel size an image header declares, both sides at least 1. */
public record ImageDimensions(int width, int height) {

    public ImageDimensions {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("image dimensions must be positive: " + width + "x" + height);
        }
    }

    /** The pixel count, width × height, which may exceed {@code int}. */
    public long pixels() {
        return (long) width * height;
    }

    /** The dimensions when both sides fit 1..{@link Integer#MAX_VALUE}, else empty. */
    static Optional<ImageDimensions> of(long width, long height) {
        if (width < 1 || height < 1 || width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
            return Optional.empty();
        }
        return Optional.of(new ImageDimensions((int) width, (int) height));
    }

    @Override
    public String toString() {
        return width + "x" + height;
    }
}
