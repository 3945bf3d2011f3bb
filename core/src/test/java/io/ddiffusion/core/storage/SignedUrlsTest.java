package io.ddiffusion.core.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class SignedUrlsTest {
    private static final String ADMIN = "a".repeat(40);
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private final SignedUrls urls = new SignedUrls(ADMIN, "http://127.0.0.1:5000/", Duration.ofHours(1),
            Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void signatureFollowsTheOriginalScheme() throws Exception {
        // Derived independently from the original's description: key = sha256(admin + suffix),
        // message = "GET:storage:<key>:<expires>", lowercase hex HMAC-SHA256.
        byte[] key = MessageDigest.getInstance("SHA-256")
                .digest((ADMIN + ":internal-storage-signing-v1").getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        long expires = NOW.getEpochSecond() + 3600;
        String expected = HexFormat.of().formatHex(mac.doFinal(
                ("GET:storage:images/sd-xl/t-0.png:" + expires).getBytes(StandardCharsets.UTF_8)));

        URI uri = urls.sign("images/sd-xl/t-0.png");

        assertThat(uri.toString()).isEqualTo("http://127.0.0.1:5000/api/files/images/sd-xl/t-0.png?expires="
                + expires + "&sig=" + expected);
        assertThat(urls.verify("images/sd-xl/t-0.png", expires, expected)).isTrue();
    }

    @Test
    void tamperedPathExpiryOrSignatureIsRefused() {
        URI uri = urls.sign("images/sd-xl/t-0.png");
        String query = uri.getQuery();
        long expires = Long.parseLong(query.replaceAll(".*expires=(\\d+).*", "$1"));
        String sig = query.replaceAll(".*sig=([0-9a-f]+).*", "$1");

        assertThat(urls.verify("images/sd-xl/t-1.png", expires, sig)).isFalse();
        assertThat(urls.verify("images/sd-xl/t-0.png", expires + 1, sig)).isFalse();
        assertThat(urls.verify("images/sd-xl/t-0.png", expires, sig.replace(sig.charAt(0), sig.charAt(0) == 'a'
                ? 'b' : 'a'))).isFalse();
        assertThat(urls.verify("images/sd-xl/t-0.png", expires, sig.toUpperCase())).isFalse();
        assertThat(urls.verify("images/sd-xl/t-0.png", expires, null)).isFalse();
    }

    @Test
    void expiredLinkIsRefused() {
        URI uri = urls.sign("images/x-0.png");
        String sig = uri.getQuery().replaceAll(".*sig=([0-9a-f]+).*", "$1");
        long expires = NOW.getEpochSecond() + 3600;
        SignedUrls later = new SignedUrls(ADMIN, "http://x", Duration.ofHours(1),
                Clock.fixed(NOW.plusSeconds(3601), ZoneOffset.UTC));
        assertThat(later.verify("images/x-0.png", expires, sig)).isFalse();
    }

    @Test
    void anotherSecretCannotForgeLinks() {
        SignedUrls other = new SignedUrls("b".repeat(40), "http://x", Duration.ofHours(1),
                Clock.fixed(NOW, ZoneOffset.UTC));
        URI forged = other.sign("images/x-0.png");
        String sig = forged.getQuery().replaceAll(".*sig=([0-9a-f]+).*", "$1");
        assertThat(urls.verify("images/x-0.png", NOW.getEpochSecond() + 3600, sig)).isFalse();
    }

    @Test
    void directLinksReplaceTheApisLinksWithTheSameLifetimeWhileOldLinksStillVerify() {
        URI apiLink = urls.sign("images/x-0.png");
        SignedUrls direct = urls.withDirectLinks((key, lifetime) -> URI.create("https://store/" + key + "?t="
                + lifetime.toSeconds()));

        assertThat(direct.sign("images/x-0.png")).hasToString("https://store/images/x-0.png?t=3600");
        String query = apiLink.getQuery();
        long expires = Long.parseLong(query.replaceAll(".*expires=(\\d+).*", "$1"));
        assertThat(direct.verify("images/x-0.png", expires, query.replaceAll(".*sig=", ""))).isTrue();
    }

    @Test
    void directLinksAreRefusedForMalformedKeys() {
        SignedUrls direct = urls.withDirectLinks((key, lifetime) -> URI.create("https://store/" + key));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> direct.sign("../etc/passwd"))
                .isInstanceOf(InvalidStorageKeyException.class);
    }
}
