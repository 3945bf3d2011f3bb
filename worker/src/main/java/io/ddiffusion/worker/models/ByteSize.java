package io.ddiffusion.worker.models;

import java.util.Locale;

/** Byte counts for people: decimal units, one decimal place. */
public final class ByteSize {

    private static final String[] UNITS = {"kB", "MB", "GB", "TB"};

    private ByteSize() {
    }

    /** {@code 99060839} → {@code 99.1 MB}. */
    public static String human(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = -1;
        while (value >= 999.95 && unit < UNITS.length - 1) {
            value /= 1000;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }
}
