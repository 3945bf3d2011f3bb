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
        long[] y = parts(b);
        int c = Long.compare(x[0], y[0]);
        return c != 0 ? c : Long.compare(x[1], y[1]);
    }

    /** The milliseconds and the sequence of a valid id. */
    static long[] parts(String id) {
        int dash = id.indexOf('-');
        return new long[] {Long.parseLong(id.substring(0, dash)), Long.parseLong(id.substring(dash + 1))};
    }
}
