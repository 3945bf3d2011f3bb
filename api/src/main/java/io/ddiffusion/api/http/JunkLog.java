package io.ddiffusion.api.http;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * The log of requests refused for their framing (no {@code Host}, a malformed chunked body, a failure before any
 * route): one line per kind at most every {@link #WINDOW}, never a stack trace, so that junk from anyone cannot fill
 * the log. How many of a kind were left out is said in its next line.
 */
public final class JunkLog {
    /** At most one line per kind in this time. */
    public static final Duration WINDOW = Duration.ofSeconds(10);
    private static final Logger LOG = Logger.getLogger(JunkLog.class);
    private static final JunkLog SHARED = new JunkLog(System::nanoTime, LOG::warn);

    private final LongSupplier nanoTime;
    private final Consumer<String> sink;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    /** A log on {@code nanoTime} writing its lines to {@code sink} (tests); the server uses {@link #refused}. */
    public JunkLog(LongSupplier nanoTime, Consumer<String> sink) {
        this.nanoTime = nanoTime;
        this.sink = sink;
    }

    /** Notes one refused request of {@code kind}, described by {@code line} (no exception text, no stack). */
    public static void refused(String kind, String line) {
        SHARED.note(kind, line);
    }

    /** Writes {@code line} unless a line of {@code kind} was written within {@link #WINDOW}; then counts it. */
    public void note(String kind, String line) {
        String out = windows.computeIfAbsent(kind, k -> new Window()).note(nanoTime.getAsLong(), line);
        if (out != null) {
            sink.accept(out);
        }
    }

    private static final class Window {
        private boolean written;
        private long last;
        private long leftOut;

        synchronized String note(long now, String line) {
            if (written && now - last < WINDOW.toNanos()) {
                leftOut++;
                return null;
            }
            String out = leftOut == 0 ? line : line + " (" + leftOut + " more like this left out of the log since "
                    + "its last line)";
            written = true;
            last = now;
            leftOut = 0;
            return out;
        }
    }
}
