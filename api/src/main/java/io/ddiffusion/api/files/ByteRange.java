package io.ddiffusion.api.files;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One byte range of an HTTP {@code Range} header, resolved against a file size (RFC 9110 §14). */
record ByteRange(long start, long end) {
    private static final Pattern SINGLE = Pattern.compile("^bytes=(\\d*)-(\\d*)$");

    long length() {
        return end - start + 1;
    }

    /**
     * The range asked for; empty when the header is absent, malformed or asks for several ranges (then the whole
     * file is served, as RFC 9110 allows).
     *
     * @throws UnsatisfiableRangeException when the range lies outside the file
     */
    static Optional<ByteRange> parse(String header, long size) {
        if (header == null) {
            return Optional.empty();
        }
        Matcher m = SINGLE.matcher(header.trim());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return Optional.empty();
        }
        try {
            if (m.group(1).isEmpty()) {
                long suffix = Long.parseLong(m.group(2));
                if (suffix == 0 || size == 0) {
                    throw new UnsatisfiableRangeException();
                }
                return Optional.of(new ByteRange(Math.max(0, size - suffix), size - 1));
            }
            long start = Long.parseLong(m.group(1));
            long end = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
            if (start >= size || end < start) {
                throw new UnsatisfiableRangeException();
            }
            return Optional.of(new ByteRange(start, end));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The range cannot be served: answered 416 with the file size. */
    static final class UnsatisfiableRangeException extends RuntimeException {
        UnsatisfiableRangeException() {
            super(null, null, false, false);
        }
    }
}
