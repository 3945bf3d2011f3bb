package io.ddiffusion.core.media;

/** Where the base64 characters of an input are ({@code [start, end)}, padding included), and why they are invalid. */
record Base64Payload(int start, int end) {

    private static final boolean[] ALPHABET = new boolean[128];

    static {
        String chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < chars.length(); i++) {
            ALPHABET[chars.charAt(i)] = true;
        }
    }

    int length() {
        return end - start;
    }

    /** Strips a data URL prefix and trailing whitespace; rejects null, empty and non-base64 data URLs. */
    static Base64Payload locate(String s) throws InvalidBase64Exception {
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
        return new Base64Payload(start, end);
    }

    /** Scans the payload of {@code s} for the first problem and describes it. */
    InvalidBase64Exception explain(String s) {
        int padding = 0;
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (c == '=') {
                if (++padding > 2) {
                    return invalid("unexpected '=' at position " + i);
                }
            } else if (c >= 128 || !ALPHABET[c]) {
                return invalid("illegal character " + describe(c) + " at position " + i);
            } else if (padding > 0) {
                return invalid("unexpected '=' at position " + (i - padding));
            }
        }
        if ((length() - padding) % 4 == 1) {
            return invalid("truncated: the last group has a single character");
        }
        return invalid("incorrect padding at the end");
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
