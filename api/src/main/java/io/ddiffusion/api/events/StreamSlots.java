package io.ddiffusion.api.events;

import io.ddiffusion.api.http.ApiException;
import java.util.HashMap;
import java.util.Map;

/** Counts the open streams of this node, per API key and in all, and refuses one more with 429 at a limit. */
final class StreamSlots {
    private final EventStreamSettings settings;
    private final Map<String, Integer> byKey = new HashMap<>();
    private int total;

    StreamSlots(EventStreamSettings settings) {
        this.settings = settings;
    }

    /**
     * Takes a slot for {@code key}; the returned action gives it back (once, however often it runs).
     *
     * @throws ApiException 429 naming the limit and its variable
     */
    synchronized Runnable take(String key) {
        int mine = byKey.getOrDefault(key, 0);
        if (mine >= settings.perKey()) {
            throw tooMany("This API key already has " + mine + " open event streams on this node, the limit ("
                    + EventStreamSettings.PER_KEY + "=" + settings.perKey() + "); close one first");
        }
        if (total >= settings.total()) {
            throw tooMany("This node already serves " + total + " event streams, the limit ("
                    + EventStreamSettings.TOTAL + "=" + settings.total() + "); retry later");
        }
        byKey.put(key, mine + 1);
        total++;
        boolean[] given = {false};
        return () -> {
            synchronized (this) {
                if (!given[0]) {
                    given[0] = true;
                    total--;
                    byKey.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
                }
            }
        };
    }

    synchronized int open() {
        return total;
    }

    private static ApiException tooMany(String detail) {
        return new ApiException(429, detail, Map.of("Retry-After", "5"));
    }
}
