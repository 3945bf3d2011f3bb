package io.ddiffusion.app.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddiffusion.api.http.IdempotencyKeys;
import io.ddiffusion.api.http.RequestFingerprint;
import io.ddiffusion.api.http.ValidationException;
import io.ddiffusion.api.http.ValidationProblem;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Idempotency-Key header's rules and the request fingerprint, without a server. */
class IdempotencyKeysTest {

    @Test
    void noHeaderIsNoKey() {
        assertThat(IdempotencyKeys.parse(null)).isEmpty();
        assertThat(IdempotencyKeys.parse(List.of())).isEmpty();
    }

    @Test
    void uuidsBase64AndNamedKeysAreAccepted() {
        for (String key : List.of("2b0c9a3e-0d4f-4c1a-9f57-6a1f5d1e3c42", "01HZX3Q9ZK6W4N8B7R2M5T0V1C",
                "q83vEjRWeJCrze8SNFZ4kA==", "a+b/c", "order-42:v2", "render_7.exr~1", "x".repeat(255))) {
            assertThat(IdempotencyKeys.parse(List.of(key))).as(key).contains(key);
        }
    }

    @Test
    void aKeyTooLongIsRefusedNamingTheHeaderAndTheLimit() {
        assertProblem(List.of("x".repeat(256)), "must be at most 255 characters, got 256", "length");
    }

    @Test
    void anEmptyKeyIsRefused() {
        assertProblem(List.of(""), "must not be empty: send 1 to 255 characters, or leave the header out", "length");
    }

    @Test
    void spacesControlCharactersQuotesAndNonAsciiAreRefused() {
        for (String key : List.of("a b", "a\tb", "a\"b", "a,b", "clé", "a*b", "a\nb")) {
            assertProblem(List.of(key), "may hold only A-Z, a-z, 0-9 and . _ ~ + / = : -",
                    "string_pattern_mismatch");
        }
    }

    @Test
    void aKeySentTwiceIsRefused() {
        assertProblem(List.of("a", "b"), "must be sent once, not 2 times", "value_error");
        assertProblem(Collections.nCopies(2, "a"), "must be sent once, not 2 times", "value_error");
    }

    private static void assertProblem(List<String> values, String msg, String type) {
        assertThatThrownBy(() -> IdempotencyKeys.parse(values)).isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.problems()).containsExactly(new ValidationProblem(List.of("header",
                        "Idempotency-Key"), msg, type)));
    }

    @Test
    void theFingerprintIsSha256OfMethodPathAndTheBytesAsSent() throws Exception {
        String body = "{\"model\":\"flux-1-pro\",\"prompt\":\"a fox\"}";

        String fp = fingerprint("POST", "/api/images", body, body.length());

        assertThat(fp).hasSize(64).isEqualTo(java.util.HexFormat.of().formatHex(java.security.MessageDigest
                .getInstance("SHA-256").digest(("POST /api/images\n" + body).getBytes(StandardCharsets.UTF_8))));
        assertThat(fingerprint("POST", "/api/images", body, body.length())).as("a byte-identical retry")
                .isEqualTo(fp);
    }

    @Test
    void anotherBodyPathOrByteGivesAnotherFingerprint() throws Exception {
        String body = "{\"model\":\"flux-1-pro\",\"prompt\":\"a fox\"}";
        String fp = fingerprint("POST", "/api/images", body, body.length());

        assertThat(fingerprint("POST", "/api/videos", body, body.length())).isNotEqualTo(fp);
        assertThat(fingerprint("POST", "/api/images", body.replace("fox", "cat"), body.length())).isNotEqualTo(fp);
        assertThat(fingerprint("POST", "/api/images", "{\"prompt\":\"a fox\",\"model\":\"flux-1-pro\"}",
                body.length())).as("same JSON, other key order: other bytes").isNotEqualTo(fp);
        assertThat(fingerprint("POST", "/api/images", body + "\n", body.length())).isNotEqualTo(fp);
    }

    @Test
    void whatTheParserLeavesUnreadAndClosingDoNotChangeTheFingerprint() throws Exception {
        String body = "{\"model\":\"flux-1-pro\"}   \n";

        assertThat(fingerprint("POST", "/api/images", body, 3)).isEqualTo(fingerprint("POST", "/api/images", body,
                body.length()));
    }

    /** Reads {@code read} bytes as a parser would, closes the stream as parsers do, then finishes. */
    private static String fingerprint(String method, String path, String body, int read) throws IOException {
        RequestFingerprint fp = RequestFingerprint.of(method, path);
        InputStream in = fp.reading(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
        in.readNBytes(read);
        in.close();
        return fp.finish(in);
    }
}
