package io.ddiffusion.api.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What identifies a create for its Idempotency-Key: SHA-256 of {@code METHOD path\n} followed by the body's bytes
 * exactly as received, hashed while the JSON parser reads them (nothing is buffered for it: a body of large base64
 * inputs is spooled to disk as it is parsed, see {@code SpooledInputs}, and is never held a second time here).
 *
 * <p>why raw bytes rather than a canonical form of the JSON: a client's retry resends the bytes it sent, so they
 * match; a canonical form would need the whole parsed tree, base64 inputs included, in memory and a definition of
 * number and key-order equality. The cost: a client that re-serializes the same request differently (another key
 * order) gets 422 and must keep its bytes or use a new key. Method and path are in it so one key sent to two
 * routes is two different requests.
 */
public final class RequestFingerprint {
    private final MessageDigest digest;

    private RequestFingerprint(String method, String path) {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        digest.update((method + " " + path + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Starts the fingerprint of a request to {@code method path}. */
    public static RequestFingerprint of(String method, String path) {
        return new RequestFingerprint(method, path);
    }

    /**
     * {@code body}, hashed as it is read. Closing the returned stream leaves {@code body} open (JSON parsers close
     * their source when done), so {@link #finish} can still read what the parser left unread.
     */
    public InputStream reading(InputStream body) {
        return new DigestInputStream(new FilterInputStream(body) {
            @Override
            public void close() {
                // why: the container owns and closes the body; the parser closing it would hide trailing bytes
            }
        }, digest);
    }

    /** Reads what is left of {@code stream} (from {@link #reading}) into the hash, and returns it in hex. */
    public String finish(InputStream stream) throws IOException {
        stream.transferTo(OutputStream.nullOutputStream());
        return HexFormat.of().formatHex(digest.digest());
    }
}
