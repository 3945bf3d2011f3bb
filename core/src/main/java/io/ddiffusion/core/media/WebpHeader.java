package io.ddiffusion.core.media;

import java.util.Optional;

/** Reads the size from the first chunk of a WebP file: a VP8 key frame, a VP8L header or a VP8X canvas. */
final class WebpHeader {

    private static final int CHUNK_DATA = 20; // "RIFF" size "WEBP" fourcc chunk-size

    private WebpHeader() {}

    static boolean matches(byte[] b) {
        return Bytes.ascii(b, 0, "RIFF") && Bytes.ascii(b, 8, "WEBP");
    }

    static Optional<ImageDimensions> read(byte[] b) {
        if (!matches(b)) {
            return Optional.empty();
        }
        if (Bytes.ascii(b, 12, "VP8 ")) {
            return lossy(b);
        }
        if (Bytes.ascii(b, 12, "VP8L")) {
            return lossless(b);
        }
        if (Bytes.ascii(b, 12, "VP8X")) {
            return extended(b);
        }
        return Optional.empty();
    }

    /** VP8 frame tag (3 bytes, bit 0 clear on key frames), start code 9D 01 2A, then 14-bit width and height. */
    private static Optional<ImageDimensions> lossy(byte[] b) {
        int d = CHUNK_DATA;
        if (b.length < d + 10 || (Bytes.u8(b, d) & 1) != 0
                || Bytes.u8(b, d + 3) != 0x9D || Bytes.u8(b, d + 4) != 0x01 || Bytes.u8(b, d + 5) != 0x2A) {
            return Optional.empty();
        }
        return ImageDimensions.of(Bytes.u16le(b, d + 6) & 0x3FFF, Bytes.u16le(b, d + 8) & 0x3FFF);
    }

    /** VP8L signature 0x2F, then width-1 and height-1 as 14-bit little-endian bit fields. */
    private static Optional<ImageDimensions> lossless(byte[] b) {
        int d = CHUNK_DATA;
        if (b.length < d + 5 || Bytes.u8(b, d) != 0x2F) {
            return Optional.empty();
        }
        long bits = Bytes.u32le(b, d + 1);
        return ImageDimensions.of((bits & 0x3FFF) + 1, ((bits >>> 14) & 0x3FFF) + 1);
    }

    /** VP8X flags (1 byte), reserved (3 bytes), then canvas width-1 and height-1 as 24-bit little-endian. */
    private static Optional<ImageDimensions> extended(byte[] b) {
        int d = CHUNK_DATA;
        if (b.length < d + 10) {
            return Optional.empty();
        }
        return ImageDimensions.of(Bytes.u24le(b, d + 4) + 1L, Bytes.u24le(b, d + 7) + 1L);
    }
}
