package io.ddiffusion.core.media;

import java.util.Optional;

/** Walks a JPEG's marker segments to the first start-of-frame (SOF0–SOF15) and reads the size it declares. */
final class JpegHeader {

    private static final int DHT = 0xC4;
    private static final int JPG = 0xC8;
    private static final int DAC = 0xCC;
    private static final int SOS = 0xDA;
    private static final int EOI = 0xD9;

    private JpegHeader() {}

    static Optional<ImageDimensions> read(byte[] b) {
        if (!Bytes.startsWith(b, 0xFF, 0xD8)) {
            return Optional.empty();
        }
        int pos = 2;
        while (pos < b.length) {
            if (Bytes.u8(b, pos) != 0xFF) {
                return Optional.empty(); // garbage where a marker must be
            }
            while (pos < b.length && Bytes.u8(b, pos) == 0xFF) {
                pos++; // a marker may be preceded by any number of 0xFF fill bytes
            }
            if (pos >= b.length) {
                return Optional.empty();
            }
            int marker = Bytes.u8(b, pos++);
            if (isStandalone(marker)) {
                continue;
            }
            if (marker == 0x00 || marker == SOS || marker == EOI || pos + 2 > b.length) {
                return Optional.empty(); // stuffed byte outside entropy data, scan or end before any frame, truncated
            }
            int length = Bytes.u16be(b, pos); // includes its own two bytes
            if (length < 2) {
                return Optional.empty();
            }
            if (isStartOfFrame(marker)) {
                // length (2), sample precision (1), height (2), width (2)
                if (length < 7 || pos + 7 > b.length) {
                    return Optional.empty();
                }
                return ImageDimensions.of(Bytes.u16be(b, pos + 5), Bytes.u16be(b, pos + 3));
            }
            pos += length;
        }
        return Optional.empty();
    }

    private static boolean isStandalone(int marker) {
        return marker == 0x01 || marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7);
    }

    private static boolean isStartOfFrame(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != DHT && marker != JPG && marker != DAC;
    }
}
