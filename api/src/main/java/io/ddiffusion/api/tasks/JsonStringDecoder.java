package io.ddiffusion.api.tasks;

import java.io.IOException;
import java.io.Writer;
import java.util.Arrays;

/**
 * The characters of a JSON string value, from the UTF-8 bytes after its opening quote, handed over in pieces as they
 * arrive: escapes resolved as RFC 8259 defines them, written to a {@link Writer} in chunks. Stops at the closing
 * quote, or at the first sequence the RFC does not allow in a string (an unknown escape, a bad hex digit in a unicode
 * escape, a control character, bytes that are not UTF-8), which it keeps for whoever reports it.
 */
final class JsonStringDecoder {
    enum State { OPEN, CLOSED, MALFORMED }

    private final Writer out;
    private final char[] chars = new char[8192];
    private int length;
    private State state = State.OPEN;
    /** The escape being read, from its backslash; empty outside one. */
    private final byte[] escape = new byte[6];
    private int escapeLength;
    private int codePoint;
    /** A multi-byte character being read: its bytes so far, and how many are still to come. */
    private final byte[] sequence = new byte[4];
    private int sequenceLength;
    private int continuations;
    private byte[] malformed;

    JsonStringDecoder(Writer out) {
        this.out = out;
    }

    /**
     * Decodes bytes until the string closes or turns out malformed; then the rest is not this string's.
     *
     * @return how many of the bytes were used: all of them while the string is open, else up to and including the
     *     closing quote or the offending byte
     */
    int feed(byte[] bytes, int offset, int count) throws IOException {
        int i = offset;
        int end = offset + count;
        while (i < end && state == State.OPEN) {
            if (escapeLength == 0 && continuations == 0) {
                i = plainRun(bytes, i, end);
                if (i == end) {
                    break;
                }
            }
            take(bytes[i++]);
        }
        return i - offset;
    }

    /**
     * Copies printable ASCII other than quote and backslash (all of base64) straight into the chunk, the bulk of a
     * base64 field; returns where it stopped.
     */
    private int plainRun(byte[] bytes, int from, int end) throws IOException {
        int i = from;
        char[] chunk = chars;
        while (i < end) {
            if (length == chunk.length) {
                flush();
            }
            int n = length;
            int stop = Math.min(end, i + chunk.length - n);
            while (i < stop) {
                byte b = bytes[i];
                if (b < 0x20 || b == '"' || b == '\\') { // why: bytes are signed, so non-ASCII is below 0x20 too
                    length = n;
                    return i;
                }
                chunk[n++] = (char) b;
                i++;
            }
            length = n;
        }
        return i;
    }

    State state() {
        return state;
    }

    /** The bytes from the start of the sequence that made the string malformed, the offending byte included. */
    byte[] malformed() {
        return malformed;
    }

    private void take(byte b) throws IOException {
        int c = b & 0xFF;
        if (escapeLength > 0) {
            escaped(b);
        } else if (continuations > 0) {
            continuation(b);
        } else if (c == '"') {
            state = State.CLOSED;
            flush();
        } else if (c == '\\') {
            escape[escapeLength++] = b;
        } else if (c < 0x20) {
            fail(new byte[] {b});
        } else if (c < 0x80) {
            put((char) c);
        } else if (c >= 0xC2 && c <= 0xDF) {
            start(b, c & 0x1F, 1);
        } else if (c >= 0xE0 && c <= 0xEF) {
            start(b, c & 0x0F, 2);
        } else if (c >= 0xF0 && c <= 0xF4) {
            start(b, c & 0x07, 3);
        } else {
            fail(new byte[] {b});
        }
    }

    private void start(byte lead, int bits, int more) {
        sequence[0] = lead;
        sequenceLength = 1;
        codePoint = bits;
        continuations = more;
    }

    private void continuation(byte b) throws IOException {
        sequence[sequenceLength++] = b;
        if ((b & 0xC0) != 0x80) {
            continuations = 0;
            fail(Arrays.copyOf(sequence, sequenceLength));
            return;
        }
        codePoint = codePoint << 6 | (b & 0x3F);
        if (--continuations > 0) {
            return;
        }
        if (Character.isBmpCodePoint(codePoint)) {
            put((char) codePoint);
        } else if (Character.isValidCodePoint(codePoint)) {
            put(Character.highSurrogate(codePoint));
            put(Character.lowSurrogate(codePoint));
        } else {
            fail(Arrays.copyOf(sequence, sequenceLength));
        }
    }

    private void escaped(byte b) throws IOException {
        escape[escapeLength++] = b;
        if (escapeLength == 2) {
            int resolved = switch (b) {
                case '"' -> '"';
                case '\\' -> '\\';
                case '/' -> '/';
                case 'b' -> '\b';
                case 'f' -> '\f';
                case 'n' -> '\n';
                case 'r' -> '\r';
                case 't' -> '\t';
                default -> -1;
            };
            if (b == 'u') {
                codePoint = 0;
            } else if (resolved < 0) {
                fail(Arrays.copyOf(escape, escapeLength));
            } else {
                escapeLength = 0;
                put((char) resolved);
            }
            return;
        }
        int digit = Character.digit(b, 16);
        if (digit < 0) {
            fail(Arrays.copyOf(escape, escapeLength));
            return;
        }
        codePoint = codePoint << 4 | digit;
        if (escapeLength == escape.length) {
            escapeLength = 0;
            put((char) codePoint);
        }
    }

    private void fail(byte[] sequence) throws IOException {
        malformed = sequence;
        state = State.MALFORMED;
        escapeLength = 0;
        flush();
    }

    private void put(char c) throws IOException {
        if (length == chars.length) {
            flush();
        }
        chars[length++] = c;
    }

    private void flush() throws IOException {
        if (length > 0) {
            out.write(chars, 0, length);
            length = 0;
        }
    }
}
