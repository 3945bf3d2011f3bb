package io.ddiffusion.core.media;

import java.util.Optional;

/** Reads the size from a PNG's IHDR chunk, which the format requires to come first. */
final class PngHeader {

    static final int[] SIGNATURE = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};

    private PngHeader() {}

    static Optional<ImageDimensions> read(byte[] b) {
        // signature (8), chunk length (4) = 13, "IHDR" (4), width (4), height (4)
        if (!Bytes.startsWith(b, SIGNATURE) || b.length < 24 || Bytes.u32be(b, 8) != 13 || !Bytes.ascii(b, 12, "IHDR")) {
            return Optional.empty();
        }
        return ImageDimensions.of(Bytes.u32be(b, 16), Bytes.u32be(b, 20));
    }
}
