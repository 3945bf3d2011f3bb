package io.ddiffusion.core.media;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Validates and decodes standard (RFC 4648, not URL-safe) base64, optionally behind a {@code data:<mime>;base64,}
 * prefix, with or without padding, rejecting line breaks and spaces except trailing ones. The rules live in
 * {@link Base64DecodingWriter}, which also takes text that arrives in pieces.
 */
public final class Base64Decoding {

    private Base64Decoding() {}

    /**
     * Decodes {@code base64} into {@code target} (created or truncated), 64 KiB at a time, and returns the number of
     * bytes written. If the input turns out to be invalid part way, {@code target} is deleted: no partial file is left.
     */
    public static long decodeToFile(String base64, Path target) throws InvalidBase64Exception, IOException {
        Objects.requireNonNull(target, "target");
        if (base64 == null) {
            throw new InvalidBase64Exception("is empty");
        }
        OutputStream out = Files.newOutputStream(target); // if this fails, the file is not ours to delete
        try {
            long written;
            try (out) {
                written = decodeTo(base64, out);
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
        if (base64 == null) {
            throw new InvalidBase64Exception("is empty");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(base64.length() / 4 * 3 + 2);
        try {
            decodeTo(base64, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return out.toByteArray();
    }

    private static long decodeTo(String base64, OutputStream out) throws InvalidBase64Exception, IOException {
        Base64DecodingWriter writer = new Base64DecodingWriter(out);
        writer.write(base64);
        return writer.finish();
    }
}
