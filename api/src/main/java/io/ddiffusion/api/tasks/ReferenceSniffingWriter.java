package io.ddiffusion.api.tasks;

import java.io.IOException;
import java.io.Writer;

/**
 * Passes a field's text to the base64 decoder unless it begins like an {@link InputReference}: the first characters
 * are held back until they decide (at most 8), then either forwarded, or kept as the reference's text (at most
 * {@link InputReference#MAX_CHARS}; a longer one is marked, not kept).
 */
final class ReferenceSniffingWriter extends Writer {
    private static final int DECIDE_AFTER = 8;
    private final Writer base64;
    private final StringBuilder held = new StringBuilder();
    /** Null while undecided, then whether the text is a reference. */
    private Boolean reference;
    /** A reference's length, counted past what is kept. */
    private long total;

    ReferenceSniffingWriter(Writer base64) {
        this.base64 = base64;
    }

    @Override
    public void write(char[] text, int offset, int length) throws IOException {
        int i = offset;
        int end = offset + length;
        while (reference == null && i < end) {
            held.append(text[i++]);
            if (!InputReference.mayStart(held)) {
                decide(false);
            } else if (held.length() >= DECIDE_AFTER) {
                decide(InputReference.of(held.toString()).isPresent());
            }
        }
        if (i == end) {
            return;
        }
        if (reference) {
            total += end - i;
            if (total <= InputReference.MAX_CHARS) {
                held.append(text, i, end - i);
            }
        } else {
            base64.write(text, i, end - i);
        }
    }

    private void decide(boolean isReference) throws IOException {
        reference = isReference;
        if (isReference) {
            total = held.length();
        } else {
            base64.write(held.toString());
            held.setLength(0);
        }
    }

    /** The reference the text was, or null when it was base64 (then the decoder has all of it). */
    String reference() throws IOException {
        if (reference == null) {
            // why: a text shorter than the decision point ("upload:", "http://x") is a reference only if it reads
            // as one in full; otherwise it is (invalid) base64 like any other short text
            decide(InputReference.of(held.toString()).isPresent());
        }
        return reference ? held.toString() : null;
    }

    /** Whether the reference was longer than {@link InputReference#MAX_CHARS} (then {@link #reference} is cut). */
    boolean tooLong() {
        return reference != null && reference && total > InputReference.MAX_CHARS;
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
