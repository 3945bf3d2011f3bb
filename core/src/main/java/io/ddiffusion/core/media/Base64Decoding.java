package io.ddiffusion.core.media;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Objects;

/**
 * Validates and decodes standard (RFC 4648, not URL-safe) base64, optionally behind a {@code data:<mime>;base64,}
 * prefix, with or without padding, rejecting line breaks and spaces except trailing ones.
 */
public final class Base64Decoding {

    private static final int CHUNK_CHARS = 64 * 1024; // a multiple of 4, so chunks never split a quantum
    private static final int CHUNK_BYTES = CHUNK_CHARS / 4 * 3;

    private Base64Decoding() {}

    /**
     * Decodes {@code base64} into {@code target} (created or truncated), 64 KiB at a time, and returns the number of
     * bytes written. If the input turns out to be invalid part way, {@code target} is deleted: no partial file is left.
     */
    public static long decodeToFile(String base64, Path target) throws InvalidBase64Exception, IOException {
        Objects.requireNonNull(target, "target");
        Base64Payload payload = Base64Payload.locate(base64);
        OutputStream out = Files.newOutputStream(target); // if this fails, the file is not ours to delete
        try {
            long written;
            try (out) {
                written = decodeTo(base64, payload, out);
            }
            return written;
        } catch (Throwable e) {
            try {
                Files.deleteIfExists(target);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * Decodes {@code base64} in memory; meant for small inputs, use {@link #decodeToFile} for anything large.
     *
     * @throws InvalidBase64Exception with a message such as {@code "is not valid base64 (illegal character '%' at
     *     position 17)"}, positions being 0-based indexes into the string as given, data URL prefix included
     */
    public static byte[] decode(String base64) throws InvalidBase64Exception {
        Base64Payload payload = Base64Payload.locate(base64);
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length() / 4 * 3 + 2);
        try {
            decodeTo(base64, payload, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return out.toByteArray();
    }

    /**
     * The JDK decoder checks each chunk (alphabet, padding, length) at full speed; only when it refuses one do we
     * scan the input again to say where and why.
     */
    private static long decodeTo(String s, Base64Payload payload, OutputStream out)
            throws InvalidBase64Exception, IOException {
        Base64.Decoder decoder = Base64.getDecoder();
        char[] chars = new char[Math.min(CHUNK_CHARS, payload.length())];
        byte[] full = new byte[chars.length];
        byte[] decoded = new byte[CHUNK_BYTES];
        long written = 0;
        for (int pos = payload.start(); pos < payload.end(); pos += CHUNK_CHARS) {
            int n = Math.min(CHUNK_CHARS, payload.end() - pos);
            boolean last = pos + n == payload.end();
            byte[] in = n == full.length ? full : new byte[n];
            s.getChars(pos, pos + n, chars, 0);
            int or = 0;
            for (int i = 0; i < n; i++) {
                or |= chars[i];
                in[i] = (byte) chars[i];
            }
            int count = or < 0x80 ? tryDecode(decoder, in, decoded) : -1;
            if (count < 0 || (!last && count != CHUNK_BYTES)) { // a short inner chunk had padding before more data
                throw payload.explain(s);
            }
            out.write(decoded, 0, count);
            written += count;
        }
        return written;
    }

    private static int tryDecode(Base64.Decoder decoder, byte[] in, byte[] out) {
        try {
            return decoder.decode(in, out);
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }
}
