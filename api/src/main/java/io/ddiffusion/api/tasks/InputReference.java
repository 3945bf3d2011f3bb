package io.ddiffusion.api.tasks;

import java.util.Locale;
import java.util.Optional;

/**
 * What a media field may hold besides base64: {@code upload:<id>} (a file sent to {@code POST /api/uploads}) or an
 * {@code https://} URL the API fetches (when {@code DDIFFUSION_ALLOW_INPUT_URLS} is on). Neither prefix can start
 * valid base64 (whose alphabet has no ':'), so the three never mix up.
 */
record InputReference(Kind kind, String value) {
    /** The longest reference accepted: an upload reference is 39 characters, a URL a few hundred. */
    static final int MAX_CHARS = 4096;
    static final String UPLOAD_PREFIX = "upload:";

    enum Kind {
        UPLOAD, URL
    }

    /** The reference {@code text} is, or empty when it is base64 (or anything else). */
    static Optional<InputReference> of(String text) {
        if (text == null) {
            return Optional.empty();
        }
        if (text.startsWith(UPLOAD_PREFIX)) {
            return Optional.of(new InputReference(Kind.UPLOAD, text.substring(UPLOAD_PREFIX.length())));
        }
        String lower = text.length() < 8 ? text.toLowerCase(Locale.ROOT) : text.substring(0, 8)
                .toLowerCase(Locale.ROOT);
        if (lower.startsWith("https://") || lower.startsWith("http://")) {
            return Optional.of(new InputReference(Kind.URL, text));
        }
        return Optional.empty();
    }

    /** Whether {@code start} (the first characters of a field) may begin a reference: decided on at most 8. */
    static boolean mayStart(CharSequence start) {
        String s = start.toString().toLowerCase(Locale.ROOT);
        for (String prefix : new String[] {UPLOAD_PREFIX, "https://", "http://"}) {
            int n = Math.min(s.length(), prefix.length());
            if (s.regionMatches(0, prefix, 0, n)) {
                return true;
            }
        }
        return false;
    }
}
