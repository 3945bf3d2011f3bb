package io.ddiffusion.worker.runtime;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Tells a handler to stop. Handlers check it between steps ({@link #throwIfCancelled()}) or register an
 * {@link #onCancel} hook that aborts a blocking call (an HTTP request, an ONNX run); the runtime also interrupts the
 * handler's thread.
 */
public final class CancellationToken {
    /** Why a task is being stopped. */
    public enum Reason {
        /** Its owner cancelled it. */
        REVOKED,
        /** It ran past its queue's soft time limit. */
        SOFT_TIME_LIMIT,
        /** It ran past its queue's hard time limit. */
        HARD_TIME_LIMIT,
        /** The worker is shutting down; the task goes back to the queue. */
        SHUTDOWN,
        /** Another delivery owns the task now (this worker was frozen or cut off); this copy stops silently. */
        TAKEN_OVER
    }

    private final AtomicReference<Reason> reason = new AtomicReference<>();
    private final List<Runnable> hooks = new CopyOnWriteArrayList<>();
    /** Opens when the token is cancelled: what {@link #sleep} waits on. */
    private final CountDownLatch fired = new CountDownLatch(1);

    public boolean isCancelled() {
        return reason.get() != null;
    }

    public Optional<Reason> reason() {
        return Optional.ofNullable(reason.get());
    }

    /** Throws {@link TaskCancelledException} once the task was cancelled. */
    public void throwIfCancelled() throws TaskCancelledException {
        Reason r = reason.get();
        if (r != null) {
            throw new TaskCancelledException(r);
        }
    }

    /** Runs {@code hook} when the task is cancelled (at once if it already is). Hooks must not block. */
    public void onCancel(Runnable hook) {
        register(hook);
    }

    /**
     * Like {@link #onCancel}, for a hook that only matters during one call (an HTTP request): close the returned
     * registration afterwards so long polling loops do not pile up hooks.
     */
    public Registration register(Runnable hook) {
        hooks.add(hook);
        if (isCancelled()) {
            runQuietly(hook);
        }
        return () -> hooks.remove(hook);
    }

    /** Removes a hook registered with {@link #register}. */
    @FunctionalInterface
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Sleeps {@code ms}, waking early and throwing when the task is cancelled. why one timed wait, not a loop of short
     * sleeps: a provider task waits seconds between polls, and a worker holding thousands of them paid ten wake-ups a
     * second for each (bench/README.md, "Providers").
     */
    public void sleep(long ms) throws TaskCancelledException {
        throwIfCancelled();
        try {
            fired.await(ms, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            throwIfCancelled();
            Thread.currentThread().interrupt();
            throw new TaskCancelledException(Reason.REVOKED);
        }
        throwIfCancelled();
    }

    /** Cancels with {@code why}; the first reason wins. Returns true if this call cancelled the token. */
    boolean cancel(Reason why) {
        if (!reason.compareAndSet(null, why)) {
            return false;
        }
        fired.countDown();
        hooks.forEach(CancellationToken::runQuietly);
        return true;
    }

    private static void runQuietly(Runnable hook) {
        try {
            hook.run();
        } catch (RuntimeException e) {
            // why: a failing hook must not keep the others from running
        }
    }
}
