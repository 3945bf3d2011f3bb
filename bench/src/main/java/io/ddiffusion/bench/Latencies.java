package io.ddiffusion.bench;

import java.util.Arrays;

/** Recorded latencies in nanoseconds; percentiles by sorting (nearest rank). Not thread-safe: one per thread. */
public final class Latencies {
    private long[] values = new long[1024];
    private int size;
    private boolean sorted;

    public void add(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos;
        sorted = false;
    }

    void addAll(Latencies other) {
        for (int i = 0; i < other.size; i++) {
            add(other.values[i]);
        }
    }

    public int count() {
        return size;
    }

    /** The p-th percentile (0 &lt; p ≤ 100) in milliseconds, nearest rank; NaN when empty. */
    public double percentileMs(double p) {
        if (size == 0) {
            return Double.NaN;
        }
        if (!sorted) {
            Arrays.sort(values, 0, size);
            sorted = true;
        }
        int rank = (int) Math.ceil(p / 100.0 * size);
        return values[Math.clamp(rank - 1, 0, size - 1)] / 1e6;
    }

    double meanMs() {
        if (size == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 0; i < size; i++) {
            sum += values[i];
        }
        return sum / size / 1e6;
    }

    double maxMs() {
        return percentileMs(100);
    }
}
