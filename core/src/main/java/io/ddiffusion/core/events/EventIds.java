package io.ddiffusion.core.events;

import java.util.regex.Pattern;

/** Event ids: {@code <milliseconds>-<sequence>}, two unsigned decimal numbers, as Redis stream entry ids. */
public final class EventIds {
    private static final Pattern ID = Pattern.compile("\\d{1,19}-\\d{1,19}");

    private EventIds() {
    }

    /** Whether {@code id} has the shape of an event id (and fits two longs). */
    public static boolean valid(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            return false;
        }
        try {
            parts(id);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Orders two valid ids as their events were written: negative when {@code a} came first. */
    public static int compare(String a, String b) {
        long[] x = parts(a);
        return compare(x[0], x[1], parts(b));
    }

    /** {@link #compare(String, String)} for an id given as its milliseconds and sequence, and one as its parts. */
    static int compare(long millis, long sequence, long[] other) {
        int c = Long.compare(millis, other[0]);
        return c != 0 ? c : Long.compare(sequence, other[1]);
    }

    /** The milliseconds and the sequence of a valid id. */
    static long[] parts(String id) {
        int dash = id.indexOf('-');
        return new long[] {Long.parseLong(id.substring(0, dash)), Long.parseLong(id.substring(dash + 1))};
    }
}
