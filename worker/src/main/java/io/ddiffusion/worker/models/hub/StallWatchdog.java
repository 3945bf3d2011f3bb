package io.ddiffusion.worker.models.hub;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Interrupts the thread reading a download body when no byte has arrived for the stall timeout.
 *
 * <p>why: the JDK client has no read timeout for a streamed body, so a connection that goes silent would block a task
 * (and its worker slot) forever; the interrupt turns it into an I/O error, and the next attempt resumes.
 */
final class StallWatchdog implements AutoCloseable {

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hub-download-stall-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final Thread owner = Thread.currentThread();
    private final long timeoutNanos;
    private final ScheduledFuture<?> check;
    private volatile long lastNanos = System.nanoTime();
    private boolean fired;
    private boolean closed;

    StallWatchdog(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
        long period = Math.max(TimeUnit.MILLISECONDS.toNanos(10), timeoutNanos / 4);
        this.check = TIMER.scheduleAtFixedRate(this::check, period, period, TimeUnit.NANOSECONDS);
    }

    /** Records that bytes arrived. */
    void progressed() {
        lastNanos = System.nanoTime();
    }

    /** Whether the watchdog gave up on the download. */
    synchronized boolean fired() {
        return fired;
    }

    private synchronized void check() {
        if (!closed && !fired && System.nanoTime() - lastNanos >= timeoutNanos) {
            fired = true;
            owner.interrupt();
        }
    }

    /** Stops watching; clears the interrupt this watchdog caused, so it does not leak into the caller. */
    @Override
    public synchronized void close() {
        closed = true;
        check.cancel(false);
        if (fired && Thread.currentThread() == owner) {
            Thread.interrupted();
        }
    }
}
