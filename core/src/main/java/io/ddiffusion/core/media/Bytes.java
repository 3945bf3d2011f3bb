package io.ddiffusion.core.media;

/** Unsigned reads from a byte array; callers check the bounds first, except where a method says otherwise. */
final class Bytes {

    private Bytes() {}

    static int u8(byte[] b, int off) {
        return b[off] & 0xFF;
    }

    static int u16be(byte[] b, int off) {
        return (u8(b, off) << 8) | u8(b, off + 1);
    }

    static int u16le(byte[] b, int off) {
        return u8(b, off) | (u8(b, off + 1) << 8);
    }

    static int u24le(byte[] b, int off) {
        return u16le(b, off) | (u8(b, off + 2) << 16);
    }

    static long u32be(byte[] b, int off) {
        return ((long) u16be(b, off) << 16) | u16be(b, off + 2);
    }

    static long u32le(byte[] b, int off) {
        return u16le(b, off) | ((long) u16le(b, off + 2) << 16);
    }

    /** Whether {@code b} holds the ASCII text {@code s} at {@code off}; false when {@code b} is too short. */
    static boolean ascii(byte[] b, int off, String s) {
        if (off < 0 || b.length - off < s.length()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (b[off + i] != (byte) s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code b} starts with the given unsigned byte values; false when {@code b} is too short. */
    static boolean startsWith(byte[] b, int... values) {
        if (b.length < values.length) {
            return false;
        }
        for (int i = 0; i < values.length; i++) {
            if (u8(b, i) != values[i]) {
                return false;
            }
        }
        return true;
    }
}
