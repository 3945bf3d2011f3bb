package io.ddiffusion.worker.models.hub;

/** Passes progress on at most every interval, and always the last update. */
final class ThrottledProgress {

    private final ProgressListener listener;
    private final long total;
    private final long intervalNanos;
    private long lastNanos;

    ThrottledProgress(ProgressListener listener, long total, long intervalMillis) {
        this.listener = listener;
        this.total = total;
        this.intervalNanos = intervalMillis * 1_000_000L;
        this.lastNanos = System.nanoTime() - intervalNanos;
    }

    /** Reports progress when the interval has passed since the last report. */
    void update(long done) {
        long now = System.nanoTime();
        if (now - lastNanos >= intervalNanos) {
            lastNanos = now;
            listener.progress(done, total);
        }
    }

    /** Reports progress unconditionally. */
    void finish(long done) {
        lastNanos = System.nanoTime();
        listener.progress(done, total);
    }
}
