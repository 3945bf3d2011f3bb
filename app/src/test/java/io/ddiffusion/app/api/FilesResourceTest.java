package io.ddiffusion.app.api;

import static io.ddiffusion.app.api.Api.json;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import io.ddiffusion.core.storage.SignedUrls;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Downloads through signed URLs: no key, byte ranges, and every way a link can be wrong. */
@QuarkusTest
class FilesResourceTest {
    /** The storage root of the {@code %test} profile: {@code DDIFFUSION_DATA_DIR=target/test-data}. */
    static final Path STORAGE = Path.of("target/test-data/storage");
    /** Signs like the server does (same secret: the test admin key). */
    static final SignedUrls SIGNER = new SignedUrls(Api.ADMIN_KEY, "http://test", Duration.ofHours(1),
            Clock.systemUTC());
    static final SignedUrls EXPIRED_SIGNER = new SignedUrls(Api.ADMIN_KEY, "http://test", Duration.ofSeconds(-60),
            Clock.systemUTC());

    String token;
    String url;
    String key;

    @BeforeEach
    void finishedImageTask() {
        token = Api.newToken("files");
        String id = Api.submit(token, "images", json("model", "gpt-image-1", "image", Media.b64(Media.PNG_2X3)));
        url = Api.awaitStatus(token, "images", id, "SUCCESS").getString("output[0]");
        key = URI.create(url).getPath().substring("/api/files/".length());
    }

    static Response fetch(String pathAndQuery) {
        return given().urlEncodingEnabled(false).get(pathAndQuery);
    }

    static String signed(SignedUrls signer, String key) {
        return Api.pathAndQuery(signer.sign(key).toString());
    }

    @Test
    void aSignedUrlDownloadsTheFileWithoutAKey() {
        Response r = fetch(Api.pathAndQuery(url));

        r.then().statusCode(200)
                .contentType("image/png")
                .header("Content-Length", String.valueOf(Media.PNG_2X3.length))
                .header("Accept-Ranges", "bytes")
                .header("X-Content-Type-Options", "nosniff");
        assertThat(r.asByteArray()).isEqualTo(Media.PNG_2X3);
        assertThat(key).startsWith("images/gpt-image-1/").endsWith("-0.png");
    }

    @Test
    void aRangeOfTheFirstFourBytesIsPartialContent() {
        Response r = given().header("Range", "bytes=0-3").urlEncodingEnabled(false).get(Api.pathAndQuery(url));

        r.then().statusCode(206)
                .header("Content-Range", "bytes 0-3/" + Media.PNG_2X3.length)
                .header("Content-Length", "4")
                .contentType("image/png");
        assertThat(r.asByteArray()).isEqualTo(Arrays.copyOf(Media.PNG_2X3, 4));
    }

    @Test
    void aSuffixRangeServesTheLastBytes() {
        int n = Media.PNG_2X3.length;
        Response r = given().header("Range", "bytes=-12").urlEncodingEnabled(false).get(Api.pathAndQuery(url));

        r.then().statusCode(206).header("Content-Range", "bytes " + (n - 12) + "-" + (n - 1) + "/" + n);
        assertThat(r.asByteArray()).isEqualTo(Arrays.copyOfRange(Media.PNG_2X3, n - 12, n));
    }

    @Test
    void aRangeBeyondTheEndIsNotSatisfiable() {
        given().header("Range", "bytes=100000-").urlEncodingEnabled(false).get(Api.pathAndQuery(url)).then()
                .statusCode(416)
                .header("Content-Range", "bytes */" + Media.PNG_2X3.length);
    }

    @Test
    void aSignatureTheServerDidNotMakeIsRefused() {
        Map<String, String> q = Api.query(url);
        String sig = q.get("sig");
        String tampered = sig.substring(0, sig.length() - 1) + (sig.endsWith("0") ? "1" : "0");

        for (String bad : List.of(
                "/api/files/" + key + "?expires=" + q.get("expires") + "&sig=" + tampered,
                "/api/files/" + key + "?expires=" + q.get("expires") + "&sig=" + sig.toUpperCase(),
                "/api/files/" + key + "?expires=" + (Long.parseLong(q.get("expires")) + 1) + "&sig=" + sig,
                "/api/files/" + key.replace("-0.png", "-1.png") + "?expires=" + q.get("expires") + "&sig=" + sig,
                "/api/files/" + key + "?expires=" + q.get("expires") + "&sig=")) {
            Response r = fetch(bad);
            if (bad.endsWith("sig=")) {
                Api.assertProblem(r, "is required", "missing", "query", "sig");
            } else {
                r.then().statusCode(403).body("detail", equalTo("Invalid or expired signature"));
            }
        }
    }

    @Test
    void aLinkWeSignLikeTheServerDownloadsWhichShowsTheSchemeIsTheOriginals() {
        fetch(signed(SIGNER, key)).then().statusCode(200).contentType("image/png");
    }

    @Test
    void anExpiredLinkIsRefusedEvenWithAValidSignature() {
        String expired = signed(EXPIRED_SIGNER, key);
        assertThat(Long.parseLong(Api.query("http://x" + expired).get("expires")))
                .isLessThan(System.currentTimeMillis() / 1000);

        fetch(expired).then().statusCode(403).body("detail", equalTo("Invalid or expired signature"));
    }

    @Test
    void aLinkSignedWithAnotherSecretIsRefused() {
        SignedUrls other = new SignedUrls("another-admin-key-0123456789-abcdefghijk", "http://test",
                Duration.ofHours(1), Clock.systemUTC());

        fetch(signed(other, key)).then().statusCode(403).body("detail", equalTo("Invalid or expired signature"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"..%2F..%2Fetc%2Fpasswd", "%2e%2e/%2e%2e/etc/passwd", "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
            "images/..%2F..%2F..%2Fetc%2Fpasswd", "images/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "..%5C..%5Cetc%5Cpasswd",
            "%2Fetc%2Fpasswd", "images/%00.png", ".%2Fkeys.json", "..%2Fkeys.json", "..%2Fadmin.key"})
    void traversalAttemptsNeverReachAFileOutsideStorage(String encodedPath) {
        String decoded = java.net.URLDecoder.decode(encodedPath, java.nio.charset.StandardCharsets.UTF_8);
        String query = Api.query(SIGNER.sign("images/x.png").toString()).get("expires");
        for (String sig : List.of("0".repeat(64), signatureFor(decoded, Long.parseLong(query)))) {
            Response r = fetch("/api/files/" + encodedPath + "?expires=" + query + "&sig=" + sig);

            r.then().statusCode(anyOf(is(403), is(404)))
                    .contentType("application/json")
                    .body("detail", anyOf(equalTo("Invalid or expired signature"), equalTo("Invalid file path"),
                            equalTo("Not found")));
            assertThat(r.asString()).doesNotContain("root:").doesNotContain("key_id");
        }
    }

    @Test
    void aValidSignatureForAPathOutsideStorageIsAnInvalidPath() {
        for (String path : List.of("../../etc/passwd", "../keys.json", "images/../../keys.json")) {
            String expires = Api.query(SIGNER.sign("images/x.png").toString()).get("expires");
            String encoded = path.replace("/", "%2F");

            fetch("/api/files/" + encoded + "?expires=" + expires + "&sig=" + signatureFor(path,
                    Long.parseLong(expires))).then()
                    .statusCode(403)
                    .body("detail", equalTo("Invalid file path"));
        }
    }

    /**
     * The original's signature, computed here from its description: HMAC-SHA256 of {@code GET:storage:<path>:<expires>}
     * keyed with SHA-256 of {@code <admin key>:internal-storage-signing-v1}, lowercase hex. Works for any path, even
     * one the server would never sign.
     */
    static String signatureFor(String path, long expires) {
        try {
            byte[] k = java.security.MessageDigest.getInstance("SHA-256").digest((Api.ADMIN_KEY
                    + ":internal-storage-signing-v1").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(k, "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(mac.doFinal(("GET:storage:" + path + ":" + expires)
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theServersSignatureFollowsTheOriginalScheme() {
        Map<String, String> q = Api.query(url);

        assertThat(q.get("sig")).isEqualTo(signatureFor(key, Long.parseLong(q.get("expires"))));
        assertThat(Long.parseLong(q.get("expires"))).isGreaterThan(System.currentTimeMillis() / 1000 + 3000);
    }

    @Test
    void missingExpiresAndSigAreValidationErrorsOnTheQuery() {
        fetch("/api/files/" + key).then()
                .statusCode(422)
                .body("detail.loc", contains(List.of("query", "expires"), List.of("query", "sig")))
                .body("detail.msg", contains("is required", "is required"))
                .body("detail.type", contains("missing", "missing"));
    }

    @Test
    void anExpiresThatIsNotANumberIsAValidationError() {
        Api.assertProblem(fetch("/api/files/" + key + "?expires=tomorrow&sig=" + Api.query(url).get("sig")),
                "must be an integer", "int_parsing", "query", "expires");
    }

    @Test
    void aFileGoneFromStorageIsNotFoundAndItsTaskSaysSoWithoutFailing() throws IOException {
        String taskId = key.substring(key.lastIndexOf('/') + 1, key.lastIndexOf('-'));
        Files.delete(STORAGE.resolve(key));

        fetch(Api.pathAndQuery(url)).then()
                .statusCode(404)
                .body("detail", startsWith("File not found: " + key));
        JsonPath t = Api.task(token, "images", taskId);
        assertThat(t.getString("status")).isEqualTo("SUCCESS");
        assertThat(t.getList("output")).isEmpty();
        assertThat(t.getString("error_message")).startsWith("Output files are no longer in storage")
                .contains(key);
    }
}
