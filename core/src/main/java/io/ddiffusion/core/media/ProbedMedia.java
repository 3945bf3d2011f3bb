package io.ddiffusion.core.media;

import java.util.Objects;
import java.util.Optional;

/** What probing a media file found: its format, its size in bytes and, for images, the declared dimensions. */
public record ProbedMedia(MediaFormat format, long size, Optional<ImageDimensions> dimensions) {

    public ProbedMedia {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(dimensions, "dimensions");
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size);
        }
    }
}
