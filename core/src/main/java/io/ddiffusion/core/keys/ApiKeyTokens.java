package io.ddiffusion.core.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Makes and checks tokens {@code dd_<key_id>_<secret>}: a 16-character id and a 43-character secret (256 bits),
 * URL-safe with '_' replaced by '-' so the token splits in three. The secret is kept as SHA-256(secret + salt): with
 * 256 random bits a slow hash adds nothing, and the original's stored keys keep working.
 */
public final class ApiKeyTokens {
    /** Key names: 3–50 characters of letters, digits, space, '_' and '-', as the original. */
    public static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9 _-]{3,50}$");
    private static final Pattern TOKEN = Pattern.compile("^dd_([A-Za-z0-9-]{8,64})_([A-Za-z0-9-]{20,128})$");
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeyTokens() {
    }

    /** Parts of a well-formed token. */
    public record Parts(String keyId, String secret) {
    }

    public static Optional<Parts> parse(String token) {
        if (token == null) {
            return Optional.empty();
        }
        var m = TOKEN.matcher(token);
        return m.matches() ? Optional.of(new Parts(m.group(1), m.group(2))) : Optional.empty();
    }

    /** A fresh key with its token; the caller persists {@code stored}. */
    public record Minted(String token, StoredKey stored) {
    }

    public static Minted mint(String name, Instant now) {
        String id = randomToken(12);
        String secret = randomToken(32);
        String salt = HexFormat.of().formatHex(randomBytes(16));
        return new Minted("dd_" + id + "_" + secret, new StoredKey(id, name, salt, hash(secret, salt), now));
    }

    /** Constant-time check of {@code secret} against a stored key. */
    public static boolean matches(StoredKey stored, String secret) {
        byte[] expected = stored.hash().getBytes(StandardCharsets.US_ASCII);
        byte[] actual = hash(secret, stored.salt()).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, actual);
    }

    static String hash(String secret, String salt) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest((secret + salt).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String randomToken(int bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(bytes)).replace('_', '-');
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
