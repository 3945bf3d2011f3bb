package io.ddiffusion.worker.runtime;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;

/**
 * The heap a worker lets the decoded images of its running tasks hold together. A task reserves what its inputs
 * need before its handler runs and waits, in arrival order, until that much is free: many large inputs then run one
 * after another instead of taking the process down together. A task needing more than the whole budget waits until
 * nothing else holds any and then runs alone.
 */
final class ImageMemory {
    private final long capacity;
    private final ArrivalOrder line = new ArrivalOrder(200);
    private final ReentrantLock lock = line.lock;
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
        lock.lock();
        try {
            line.awaitTurn(() -> free >= want, () -> onWait.accept(free), token);
            free -= want;
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
                        line.changed();
                    }
                } finally {
                    lock.unlock();
                }
            }
        };
    }
}
