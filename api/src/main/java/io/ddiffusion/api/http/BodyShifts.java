package io.ddiffusion.api.http;

import com.fasterxml.jackson.core.JsonLocation;
import jakarta.enterprise.context.RequestScoped;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Where the request body was shortened before the JSON parser read it (a long base64 field decoded on the way and
 * replaced by a token), so that a position the parser reports can be given as the client sent it.
 */
@RequestScoped
public class BodyShifts {
    /** {@code bytes} left out at offset {@code at} of what the parser read. */
    private record Removal(long at, long bytes) {
    }

    /** In body order. */
    private final List<Removal> removals = new CopyOnWriteArrayList<>();

    public void removed(long at, long bytes) {
        removals.add(new Removal(at, bytes));
    }

    /**
     * The column of {@code location} in the body as sent. Lines stay as they were (the removed bytes are inside
     * strings, which hold no line breaks), so only removals on the location's own line before it count.
     */
    long column(JsonLocation location) {
        long column = location.getColumnNr();
        long offset = location.getByteOffset();
        if (offset < 0 || column < 1) {
            return column;
        }
        long lineStart = offset - (column - 1);
        for (Removal r : removals) {
            if (r.at() >= lineStart && r.at() < offset) {
                column += r.bytes();
            }
        }
        return column;
    }
}
