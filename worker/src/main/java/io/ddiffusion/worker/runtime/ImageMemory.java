package io.ddiffusion.worker.runtime;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;

/**
 * The heap a worker lets the decoded images of its running tasks hold together. A task reserves what its inputs
 * need before its handler runs and waits, in arrival order, until that much is free: many large inputs then run one
 * after another instead of taking the process down together. A task needing more than the whole budget waits until
 * nothing else holds any and then runs alone.
 */
final class ImageMemory {
    /** How often a waiting task looks at its cancellation token. */
    private static final long CANCEL_CHECK_MS = 200;

    private final long capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Deque<Object> waiting = new ArrayDeque<>();
    private long free;

    ImageMemory(long capacityBytes) {
        if (capacityBytes < 1) {
            throw new IllegalArgumentException("the image memory budget must be positive");
        }
        this.capacity = capacityBytes;
        this.free = capacityBytes;
    }

    /** A reservation; {@link #close()} gives it back (once). */
    interface Lease extends AutoCloseable {
        long bytes();

        @Override
        void close();
    }

    long capacity() {
        return capacity;
    }

    long free() {
        lock.lock();
        try {
            return free;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reserves {@code bytes} (at most the whole budget), waiting while others hold too much of it.
     *
     * @param onWait told once, with the free bytes at that moment, when the task has to wait
     * @throws TaskCancelledException if the task is cancelled while it waits
     */
    Lease reserve(long bytes, CancellationToken token, LongConsumer onWait) throws TaskCancelledException {
        long want = Math.clamp(bytes, 0, capacity);
        if (want == 0) {
            return lease(0);
        }
        Object ticket = new Object();
        lock.lock();
        try {
            waiting.addLast(ticket);
            boolean told = false;
            while (waiting.peekFirst() != ticket || free < want) {
                if (!told) {
                    told = true;
                    onWait.accept(free);
                }
                if (token.isCancelled()) {
                    waiting.remove(ticket);
                    changed.signalAll();
                    token.throwIfCancelled();
                }
                try {
                    changed.await(CANCEL_CHECK_MS, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    // why: the runtime interrupts a handler's thread when it cancels it; the loop re-checks the token
                    Thread.interrupted();
                }
            }
            waiting.removeFirst();
            free -= want;
            changed.signalAll();
            return lease(want);
        } finally {
            lock.unlock();
        }
    }

    private Lease lease(long bytes) {
        return new Lease() {
            private boolean closed;

            @Override
            public long bytes() {
                return bytes;
            }

            @Override
            public void close() {
                lock.lock();
                try {
                    if (!closed) {
                        closed = true;
                        free += bytes;
                        changed.signalAll();
                    }
                } finally {
                    lock.unlock();
                }
            }
        };
    }
}
