package io.ddiffusion.worker.runtime;

import io.ddiffusion.core.queue.Delivery;
import java.util.concurrent.atomic.AtomicBoolean;

/** A delivery a worker holds: its thread, its cancellation token and when its handler started. */
final class RunningTask {
    final Delivery delivery;
    final CancellationToken token = new CancellationToken();
    final AtomicBoolean released = new AtomicBoolean();
    volatile Thread thread;
    /** {@link System#nanoTime()} when the handler started; 0 until then. */
    volatile long startedNanos;

    RunningTask(Delivery delivery) {
        this.delivery = delivery;
    }

    /** Cancels the token and interrupts the handler's thread; true if this call did the cancelling. */
    boolean stop(CancellationToken.Reason reason) {
        boolean first = token.cancel(reason);
        Thread t = thread;
        if (first && t != null) {
            t.interrupt();
        }
        return first;
    }
}
