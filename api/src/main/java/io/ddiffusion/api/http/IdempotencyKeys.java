package io.ddiffusion.api.http;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code Idempotency-Key} request header of the create routes: at most {@value #MAX_CHARS} characters of
 * {@code A-Z a-z 0-9 . _ ~ + / = : -}. That admits UUIDs, ULIDs, base64 and hex digests and "order-42:v2"-style
 * names, and keeps out spaces, control characters, quotes and anything a log line or a Redis key name could trip on.
 * The length is the one Stripe and the IETF draft's examples use.
 */
public final class IdempotencyKeys {
    public static final String HEADER = "Idempotency-Key";
    /** On a create answered from an earlier request's record: {@code true}. Absent on a create that made a task. */
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";
    public static final int MAX_CHARS = 255;
    static final String ALLOWED = "A-Z, a-z, 0-9 and . _ ~ + / = : -";
    private static final Pattern CHARS = Pattern.compile("[A-Za-z0-9._~+/=:-]+");

    private IdempotencyKeys() {
    }

    /**
     * The key the request carries, or empty when it has none (today's behaviour exactly).
     *
     * @param values every value of the header in the request (null or empty: none)
     * @throws ValidationException 422 naming the header and the rule it breaks
     */
    public static Optional<String> parse(List<String> values) {
        if (values == null || values.isEmpty()) {
            return Optional.empty();
        }
        if (values.size() > 1) {
            throw problem("must be sent once, not " + values.size() + " times", "value_error");
        }
        String key = values.getFirst();
        if (key == null || key.isEmpty()) {
            throw problem("must not be empty: send 1 to " + MAX_CHARS + " characters, or leave the header out",
                    "length");
        }
        if (key.length() > MAX_CHARS) {
            throw problem("must be at most " + MAX_CHARS + " characters, got " + key.length(), "length");
        }
        if (!CHARS.matcher(key).matches()) {
            throw problem("may hold only " + ALLOWED, "string_pattern_mismatch");
        }
        return Optional.of(key);
    }

    /** A 422 at {@code ["header", "Idempotency-Key"]}. */
    public static ValidationException problem(String msg, String type) {
        return new ValidationException(new ValidationProblem(List.of("header", HEADER), msg, type));
    }
}
