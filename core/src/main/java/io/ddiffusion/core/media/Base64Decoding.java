package io.ddiffusion.core.media;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Objects;

/**
 * Validates and decodes standard (RFC 4648, not URL-safe) base64, optionally behind a {@code data:<mime>;base64,}
 * prefix, with or without padding; line breaks and spaces are rejected except trailing ones.
 *
 * <p>Positions in error messages are 0-based indexes into the string as given, data URL prefix included.
 */
public final class Base64Decoding {

    private static final int CHUNK_CHARS = 64 * 1024; // a multiple of 4, so chunks never split a quantum
    private static final boolean[] ALPHABET = new boolean[128];

    static {
        String chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < chars.length(); i++) {
            ALPHABET[chars.charAt(i)] = true;
        }
    }

    private Base64Decoding() {}

    /**
     * Decodes {@code base64} into {@code target} (created or truncated), 64 KiB at a time, and returns the number of
     * bytes written. The whole input is validated before {@code target} is touched.
     */
    public static long decodeToFile(String base64, Path target) throws InvalidBase64Exception, IOException {
        Objects.requireNonNull(target, "target");
        Payload payload = Payload.validate(base64);
        Base64.Decoder decoder = Base64.getDecoder();
        byte[] in = new byte[CHUNK_CHARS];
        byte[] out = new byte[CHUNK_CHARS / 4 * 3];
        long written = 0;
        try (OutputStream file = Files.newOutputStream(target)) {
            for (int pos = payload.start(); pos < payload.end(); pos += CHUNK_CHARS) {
                int n = Math.min(CHUNK_CHARS, payload.end() - pos);
                byte[] chunk = n == CHUNK_CHARS ? in : new byte[n];
                for (int i = 0; i < n; i++) {
                    chunk[i] = (byte) base64.charAt(pos + i);
                }
                int decoded = decoder.decode(chunk, out);
                file.write(out, 0, decoded);
                written += decoded;
            }
        }
        return written;
    }

    /** Decodes {@code base64} in memory; meant for small inputs, use {@link #decodeToFile} for anything large. */
    public static byte[] decode(String base64) throws InvalidBase64Exception {
        Payload payload = Payload.validate(base64);
        return Base64.getDecoder().decode(base64.substring(payload.start(), payload.end()));
    }

    /** The validated base64 characters of the input: {@code [start, end)}, padding included. */
    private record Payload(int start, int end) {

        static Payload validate(String s) throws InvalidBase64Exception {
            if (s == null) {
                throw new InvalidBase64Exception("is empty");
            }
            int start = dataUrlPayloadStart(s);
            int end = s.length();
            while (end > start && isWhitespace(s.charAt(end - 1))) {
                end--;
            }
            if (end == start) {
                throw new InvalidBase64Exception("is empty");
            }
            int padding = 0;
            for (int i = start; i < end; i++) {
                char c = s.charAt(i);
                if (c == '=') {
                    if (++padding > 2) {
                        throw invalid("unexpected '=' at position " + i);
                    }
                } else if (c >= 128 || !ALPHABET[c]) {
                    throw invalid("illegal character " + describe(c) + " at position " + i);
                } else if (padding > 0) {
                    throw invalid("unexpected '=' at position " + (i - padding));
                }
            }
            int data = end - start - padding;
            if (data % 4 == 1) {
                throw invalid("truncated: the last group has a single character");
            }
            if (padding > 0 && (end - start) % 4 != 0) {
                throw invalid("incorrect padding at the end");
            }
            return new Payload(start, end);
        }

        /** 0, or the index after the comma of a {@code data:...;base64,} prefix. */
        private static int dataUrlPayloadStart(String s) throws InvalidBase64Exception {
            if (!s.regionMatches(true, 0, "data:", 0, 5)) {
                return 0;
            }
            int comma = s.indexOf(',');
            if (comma < 0) {
                throw new InvalidBase64Exception("is a data URL without a ',' before its data");
            }
            if (!s.regionMatches(true, comma - 7, ";base64", 0, 7)) {
                throw new InvalidBase64Exception("is a data URL that is not base64-encoded (missing ';base64')");
            }
            return comma + 1;
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
}
