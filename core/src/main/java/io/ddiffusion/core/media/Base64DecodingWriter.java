package io.ddiffusion.core.media;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Objects;

/**
 * Decodes base64 text handed over in pieces, as a JSON parser hands over a long string value, into an output stream,
 * holding one 64 Ki-character chunk at a time. The rules are {@link Base64Decoding}'s: standard alphabet (RFC 4648, not
 * URL-safe), an optional {@code data:<mime>;base64,} prefix, padding optional, trailing whitespace tolerated and any
 * other whitespace refused. Write the text, then call {@link #finish()}.
 *
 * <p>The JDK decoder checks whole chunks at full speed. Only when it refuses one does this go character by character
 * from that chunk on, to name the first problem and its position (0-based, data URL prefix included). Chunks after a
 * clean one start where it ended, so nothing before the refused chunk needs to be looked at again. Once the problem is
 * known, the rest of the text is ignored and nothing more is written.
 */
public final class Base64DecodingWriter extends Writer {

    static final int CHUNK_CHARS = 64 * 1024; // a multiple of 4, so inner chunks never split a quantum
    private static final String DATA_URL = "data:";
    private static final String BASE64_MARKER = ";base64";
    private static final boolean[] ALPHABET = new boolean[128];

    static {
        String chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < chars.length(); i++) {
            ALPHABET[chars.charAt(i)] = true;
        }
    }

    private enum Stage { HEAD, DATA_URL_HEADER, PAYLOAD, FINISHED }

    private final OutputStream out;
    private final Base64.Decoder decoder = Base64.getDecoder();
    private final byte[] chunk = new byte[CHUNK_CHARS];
    private final byte[] decoded = new byte[CHUNK_CHARS / 4 * 3];
    private final StringBuilder head = new StringBuilder(); // the first 5 characters, then the last 7 of a header
    private Stage stage = Stage.HEAD;
    private long position; // index of the next character that reaches a stage
    private long chars; // every character written
    private long payloadStart;
    private long payloadEnd; // after the last non-whitespace payload character
    private long chunkStart;
    private int chunkLength;
    private long whitespaceStart = -1; // whitespace not followed by anything yet: trailing, unless more follows
    private char whitespace;
    private boolean scanning; // the payload is known to be invalid; looking for its first problem
    private int padding;
    private long written;
    private InvalidBase64Exception problem;

    /** @param out receives the decoded bytes; it stays open, the caller closes it */
    public Base64DecodingWriter(OutputStream out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    @Override
    public void write(char[] text, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, text.length);
        if (stage == Stage.FINISHED) {
            throw new IllegalStateException("finished");
        }
        chars += length;
        int i = offset;
        int end = offset + length;
        while (i < end && problem == null && stage != Stage.PAYLOAD) {
            header(text[i++]);
        }
        if (problem == null && i < end) {
            payload(text, i, end);
        }
    }

    @Override
    public void write(String text, int offset, int length) throws IOException {
        char[] buffer = new char[Math.min(length, 8192)];
        for (int done = 0; done < length; ) {
            int n = Math.min(buffer.length, length - done);
            text.getChars(offset + done, offset + done + n, buffer, 0);
            write(buffer, 0, n);
            done += n;
        }
    }

    /** The number of characters written so far. */
    public long chars() {
        return chars;
    }

    /**
     * Decodes what is left and checks the text as a whole.
     *
     * @return the number of bytes written to the output stream
     * @throws InvalidBase64Exception with a message such as {@code "is not valid base64 (illegal character '%' at
     *     position 17)"}; some bytes may have been written before the problem was found
     */
    public long finish() throws InvalidBase64Exception, IOException {
        if (stage == Stage.FINISHED) {
            throw new IllegalStateException("finished");
        }
        if (stage == Stage.HEAD) {
            endHead();
        }
        if (problem == null && stage == Stage.DATA_URL_HEADER) {
            problem = new InvalidBase64Exception("is a data URL without a ',' before its data");
        }
        if (problem == null && !scanning) {
            if (payloadEnd == payloadStart) {
                problem = new InvalidBase64Exception("is empty");
            } else {
                decodeLastChunk();
            }
        }
        if (problem == null && scanning) {
            problem = invalid((payloadEnd - payloadStart - padding) % 4 == 1
                    ? "truncated: the last group has a single character" : "incorrect padding at the end");
        }
        stage = Stage.FINISHED;
        if (problem != null) {
            throw problem;
        }
        return written;
    }

    /** Does nothing: the output stream belongs to the caller, and {@link #finish()} is what ends the text. */
    @Override
    public void flush() {
    }

    /** Does nothing: the output stream belongs to the caller, and {@link #finish()} is what ends the text. */
    @Override
    public void close() {
    }

    private void header(char c) throws IOException {
        if (stage == Stage.HEAD) {
            head.append(c);
            if (head.length() == DATA_URL.length()) {
                endHead();
            }
            return;
        }
        if (c != ',') {
            head.append(c);
            if (head.length() > BASE64_MARKER.length()) {
                head.deleteCharAt(0);
            }
            position++;
            return;
        }
        if (position < BASE64_MARKER.length() || !head.toString().regionMatches(true, 0, BASE64_MARKER, 0,
                BASE64_MARKER.length())) {
            problem = new InvalidBase64Exception("is a data URL that is not base64-encoded (missing ';base64')");
            return;
        }
        position++;
        startPayload();
    }

    /** The first characters decide whether this is a data URL; if not, they are payload. */
    private void endHead() throws IOException {
        if (head.toString().regionMatches(true, 0, DATA_URL, 0, DATA_URL.length())) {
            stage = Stage.DATA_URL_HEADER;
            position = head.length();
            return;
        }
        startPayload();
        char[] first = head.toString().toCharArray();
        head.setLength(0);
        payload(first, 0, first.length);
    }

    private void startPayload() {
        stage = Stage.PAYLOAD;
        payloadStart = position;
        payloadEnd = position;
        chunkStart = position;
    }

    private void payload(char[] text, int from, int end) throws IOException {
        int i = from;
        while (i < end && problem == null) {
            if (scanning) {
                scan(text, i, end);
                return;
            }
            char c = text[i];
            if (c > ' ' && c < 0x80 && whitespaceStart < 0) {
                if (chunkLength == CHUNK_CHARS) {
                    decodeInnerChunk();
                    continue;
                }
                int n = plainRun(text, i, Math.min(end, i + CHUNK_CHARS - chunkLength));
                position += n;
                payloadEnd = position;
                i += n;
            } else if (isWhitespace(c)) {
                if (whitespaceStart < 0) {
                    whitespaceStart = position;
                    whitespace = c;
                }
                position++;
                i++;
            } else {
                startScanning(); // whitespace with more after it, a control or a non-ASCII character: invalid
            }
        }
    }

    /**
     * Copies the characters from {@code from} up to the first whitespace, control or non-ASCII one (or {@code stop})
     * into the chunk; returns how many. The first loop has no branch, so the JIT can vectorise it; only a range
     * holding such a character is gone over again one by one.
     */
    private int plainRun(char[] text, int from, int stop) {
        int bad = 0;
        for (int j = from, k = chunkLength; j < stop; j++, k++) {
            char c = text[j];
            chunk[k] = (byte) c;
            bad |= (c - 0x21) | (0x7F - c); // negative outside '!'..DEL
        }
        int j = from;
        if (bad >= 0) {
            j = stop;
        } else {
            while (j < stop && text[j] > ' ' && text[j] < 0x80) {
                j++;
            }
        }
        chunkLength += j - from;
        return j - from;
    }

    /** A full chunk with more payload after it: it must decode to a full block, or there is a problem in it. */
    private void decodeInnerChunk() throws IOException {
        int count;
        try {
            count = decoder.decode(chunk, decoded);
        } catch (IllegalArgumentException e) {
            count = -1;
        }
        if (count != decoded.length) { // short means padding, which cannot come before more data
            startScanning();
            return;
        }
        out.write(decoded, 0, count);
        written += count;
        chunkStart += CHUNK_CHARS;
        chunkLength = 0;
    }

    private void decodeLastChunk() throws IOException {
        ByteBuffer bytes;
        try {
            bytes = decoder.decode(ByteBuffer.wrap(chunk, 0, chunkLength));
        } catch (IllegalArgumentException e) {
            startScanning();
            return;
        }
        out.write(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
        written += bytes.remaining();
    }

    /** Goes over the held chunk character by character; earlier chunks decoded cleanly, so they hold no problem. */
    private void startScanning() {
        scanning = true;
        for (int k = 0; k < chunkLength && problem == null; k++) {
            inspect((char) chunk[k], chunkStart + k);
        }
        chunkLength = 0;
    }

    private void scan(char[] text, int from, int end) {
        for (int i = from; i < end && problem == null; i++) {
            char c = text[i];
            if (isWhitespace(c)) {
                if (whitespaceStart < 0) {
                    whitespaceStart = position;
                    whitespace = c;
                }
            } else {
                if (whitespaceStart >= 0) {
                    inspect(whitespace, whitespaceStart); // not trailing after all: always a problem
                } else {
                    inspect(c, position);
                    payloadEnd = position + 1;
                }
            }
            position++;
        }
    }

    private void inspect(char c, long at) {
        if (c == '=') {
            if (++padding > 2) {
                problem = invalid("unexpected '=' at position " + at);
            }
        } else if (c >= 128 || !ALPHABET[c]) {
            problem = invalid("illegal character " + describe(c) + " at position " + at);
        } else if (padding > 0) {
            problem = invalid("unexpected '=' at position " + (at - padding));
        }
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static String describe(char c) {
        return c > ' ' && c < 127 ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }

    private static InvalidBase64Exception invalid(String why) {
        return new InvalidBase64Exception("is not valid base64 (" + why + ")");
    }
}
