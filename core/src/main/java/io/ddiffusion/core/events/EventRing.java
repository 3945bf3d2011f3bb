package io.ddiffusion.core.events;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One task's latest events, at most a given number, oldest first. A task is kept for days after it finished, so an
 * event is not kept as a {@link TaskEvent} with an id string (four objects) but as two numbers and its value in
 * arrays sized to the events: its id's milliseconds, its sequence with its kind in the two low bits, and the value
 * (status names are constants and log lines the store's own strings, so most values cost nothing more). Not
 * thread-safe: its owner guards it.
 */
class EventRing {
    private static final long[] NO_IDS = {};
    private static final String[] NO_VALUES = {};
    private static final TaskEvent.Kind[] KINDS = TaskEvent.Kind.values();

    static {
        // why: an event's kind is kept in the two low bits of its sequence
        if (KINDS.length > 4) {
            throw new IllegalStateException("EventRing keeps an event's kind in 2 bits; " + KINDS.length + " kinds");
        }
    }

    private final int capacity;
    /** Two per event: milliseconds, then sequence {@code << 2 | kind}. */
    private long[] ids = NO_IDS;
    private String[] values = NO_VALUES;
    /** Where the oldest event is, once the ring is full and wraps. */
    private int first;
    private int size;

    /** @param capacity how many of the latest events are kept; older ones are dropped */
    EventRing(int capacity) {
        this.capacity = capacity;
    }

    void add(long millis, long sequence, TaskEvent.Kind kind, String value) {
        int slot;
        if (size < values.length) {
            slot = size++;
        } else if (size < capacity) {
            grow();
            slot = size++;
        } else {
            slot = first;
            first = (first + 1) % size;
        }
        ids[2 * slot] = millis;
        ids[2 * slot + 1] = sequence << 2 | kind.ordinal();
        values[slot] = value;
    }

    /**
     * why: most tasks have a handful of events and are kept long after the last one, so up to 8 the arrays grow by
     * one (no unused slot is kept); busier logs grow by half, so a long one is not copied on every event.
     */
    private void grow() {
        int next = Math.min(capacity, size < 8 ? size + 1 : size + (size >> 1));
        ids = Arrays.copyOf(ids, 2 * next);
        values = Arrays.copyOf(values, next);
    }

    boolean isEmpty() {
        return size == 0;
    }

    void clear() {
        ids = NO_IDS;
        values = NO_VALUES;
        first = 0;
        size = 0;
    }

    /** Up to {@code max} events after the id {@code after} (null: from the oldest), oldest first. */
    List<TaskEvent> after(String after, int max) {
        List<TaskEvent> out = new ArrayList<>();
        if (size == 0) {
            return out;
        }
        long[] from = after == null ? null : EventIds.parts(after);
        for (int i = 0; i < size && out.size() < max; i++) {
            int slot = (first + i) % size;
            long millis = ids[2 * slot];
            long sequence = ids[2 * slot + 1] >>> 2;
            if (from == null || EventIds.compare(millis, sequence, from) > 0) {
                out.add(new TaskEvent(millis + "-" + sequence, KINDS[(int) (ids[2 * slot + 1] & 3)], values[slot]));
            }
        }
        return out;
    }
}
