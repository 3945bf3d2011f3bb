package io.ddiffusion.core.media;

import java.util.Optional;

/** Reads ImageWidth (256) and ImageLength (257) from a TIFF's first IFD, in either byte order. */
final class TiffHeader {

    private static final int IMAGE_WIDTH = 256;
    private static final int IMAGE_LENGTH = 257;
    private static final int SHORT = 3;
    private static final int LONG = 4;
    private static final int ENTRY_SIZE = 12;

    private TiffHeader() {}

    static boolean matches(byte[] b) {
        return Bytes.startsWith(b, 'I', 'I', 42, 0) || Bytes.startsWith(b, 'M', 'M', 0, 42);
    }

    static Optional<ImageDimensions> read(byte[] b) {
        if (!matches(b) || b.length < 8) {
            return Optional.empty();
        }
        boolean le = b[0] == 'I';
        long ifd = le ? Bytes.u32le(b, 4) : Bytes.u32be(b, 4);
        if (ifd < 8 || ifd > b.length - 2L) {
            return Optional.empty();
        }
        int count = u16(b, (int) ifd, le);
        long width = -1;
        long height = -1;
        for (int i = 0, e = (int) ifd + 2; i < count && e + ENTRY_SIZE <= b.length; i++, e += ENTRY_SIZE) {
            int tag = u16(b, e, le);
            if (tag != IMAGE_WIDTH && tag != IMAGE_LENGTH) {
                continue;
            }
            long value = value(b, e, le);
            if (tag == IMAGE_WIDTH) {
                width = value;
            } else {
                height = value;
            }
            if (width >= 0 && height >= 0) {
                return ImageDimensions.of(width, height);
            }
        }
        return Optional.empty();
    }

    /** The single SHORT or LONG value stored inline in an entry, or -1 for any other type or count. */
    private static long value(byte[] b, int entry, boolean le) {
        int type = u16(b, entry + 2, le);
        long n = le ? Bytes.u32le(b, entry + 4) : Bytes.u32be(b, entry + 4);
        if (n != 1) {
            return -1;
        }
        if (type == SHORT) {
            return u16(b, entry + 8, le);
        }
        if (type == LONG) {
            return le ? Bytes.u32le(b, entry + 8) : Bytes.u32be(b, entry + 8);
        }
        return -1;
    }

    private static int u16(byte[] b, int off, boolean le) {
        return le ? Bytes.u16le(b, off) : Bytes.u16be(b, off);
    }
}
