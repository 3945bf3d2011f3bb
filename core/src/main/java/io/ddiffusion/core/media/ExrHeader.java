package io.ddiffusion.core.media;

import java.util.Optional;

/** Reads the size from the {@code dataWindow} attribute of an OpenEXR file's (first part's) header. */
final class ExrHeader {

    static final int[] MAGIC = {0x76, 0x2F, 0x31, 0x01};
    private static final int HEADER_START = 8; // magic (4), version and flags (4)
    private static final int MAX_NAME = 256; // names are at most 255 bytes with the long-names flag, 31 without

    private ExrHeader() {}

    static Optional<ImageDimensions> read(byte[] b) {
        if (!Bytes.startsWith(b, MAGIC)) {
            return Optional.empty();
        }
        int pos = HEADER_START;
        while (pos < b.length && b[pos] != 0) { // an empty name ends the header
            int nameEnd = terminator(b, pos);
            int typeEnd = nameEnd < 0 ? -1 : terminator(b, nameEnd + 1);
            if (typeEnd < 0 || typeEnd + 5 > b.length) {
                return Optional.empty();
            }
            int value = typeEnd + 5;
            long size = Bytes.u32le(b, typeEnd + 1);
            if (size > Integer.MAX_VALUE) {
                return Optional.empty();
            }
            if (nameEnd - pos == "dataWindow".length() && Bytes.ascii(b, pos, "dataWindow")
                    && typeEnd - nameEnd - 1 == "box2i".length() && Bytes.ascii(b, nameEnd + 1, "box2i")) {
                return size == 16 && value + 16 <= b.length ? box(b, value) : Optional.empty();
            }
            if (value + size > b.length) {
                return Optional.empty();
            }
            pos = value + (int) size;
        }
        return Optional.empty();
    }

    /** box2i: xMin, yMin, xMax, yMax as signed 32-bit little-endian. */
    private static Optional<ImageDimensions> box(byte[] b, int off) {
        long xMin = (int) Bytes.u32le(b, off);
        long yMin = (int) Bytes.u32le(b, off + 4);
        long xMax = (int) Bytes.u32le(b, off + 8);
        long yMax = (int) Bytes.u32le(b, off + 12);
        return ImageDimensions.of(xMax - xMin + 1, yMax - yMin + 1);
    }

    /** The index of the NUL ending the non-empty string at {@code start}, or -1 if there is none within bounds. */
    private static int terminator(byte[] b, int start) {
        int limit = Math.min(b.length, start + MAX_NAME);
        for (int i = start; i < limit; i++) {
            if (b[i] == 0) {
                return i == start ? -1 : i;
            }
        }
        return -1;
    }
}
