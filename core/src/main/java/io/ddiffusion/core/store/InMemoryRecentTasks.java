package io.ddiffusion.core.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;

/** The embedded index: a sorted set trimmed to its capacity. */
public final class InMemoryRecentTasks implements RecentTasks {
    private record Entry(long millis, UUID id) {
    }

    private static final Comparator<Entry> NEWEST_FIRST = Comparator.comparingLong(Entry::millis).reversed()
            .thenComparing(Entry::id);

    private final TreeSet<Entry> entries = new TreeSet<>(NEWEST_FIRST);
    private final int capacity;

    public InMemoryRecentTasks(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
    }

    public InMemoryRecentTasks() {
        this(CAPACITY);
    }

    @Override
    public synchronized void add(UUID id, Instant submittedAt) {
        entries.add(new Entry(submittedAt.toEpochMilli(), id));
        while (entries.size() > capacity) {
            entries.pollLast();
        }
    }

    @Override
    public synchronized List<UUID> newest(int limit) {
        List<UUID> out = new ArrayList<>(Math.min(limit, entries.size()));
        Iterator<Entry> it = entries.iterator();
        while (it.hasNext() && out.size() < limit) {
            out.add(it.next().id());
        }
        return out;
    }
}
