package io.ddiffusion.worker.runtime;

import io.ddiffusion.core.queue.Delivery;
import io.ddiffusion.core.task.Task;
import java.util.function.UnaryOperator;
import java.util.concurrent.atomic.AtomicBoolean;

/** A delivery a worker holds: its thread, its cancellation token and when its handler started. */
final class RunningTask {
    final Delivery delivery;
    final CancellationToken token = new CancellationToken();
    final AtomicBoolean released = new AtomicBoolean();
    volatile Thread thread;
    /** {@link System#nanoTime()} when the handler started; 0 until then. */
    volatile long startedNanos;
    /**
     * The task's hold on a shared GPU, or null. why here: a handler abandoned at the hard time limit may never
     * return, and its slot's release must hand the device on too.
     */
    volatile GpuDevice.Lease device;
    /** Whether the task waits for a shared GPU: the time limits do not run meanwhile. */
    volatile boolean waitingForGpu;
    /** {@link System#nanoTime()} from which the watcher reads the task again (watcher thread only). */
    long nextWatchNanos = System.nanoTime();

    RunningTask(Delivery delivery) {
        this.delivery = delivery;
    }

    /**
     * Whether {@code now} is still this delivery's task: received by this worker on this attempt. The fencing check
     * every write of the task's state makes.
     */
    boolean holds(Task now) {
        return delivery.worker().equals(now.worker()) && now.attempts() == delivery.deliveryCount();
    }

    /** {@code change}, refused with {@link TaskTakenOverException} when the task is no longer this delivery's. */
    UnaryOperator<Task> fenced(UnaryOperator<Task> change) {
        return t -> {
            if (!holds(t)) {
                throw new TaskTakenOverException(t, delivery.deliveryCount());
            }
            return change.apply(t);
        };
    }

    /** Whether the handler is running, so an interrupt would reach it (and not the runtime's bookkeeping). */
    private boolean inHandler;

    /** Cancels the token and interrupts the handler's thread; true if this call did the cancelling. */
    boolean stop(CancellationToken.Reason reason) {
        boolean first = token.cancel(reason);
        synchronized (this) {
            if (first && inHandler && thread != null) {
                thread.interrupt();
            }
        }
        return first;
    }

    /** Called by the task's thread before it calls the handler. */
    synchronized void enterHandler() {
        inHandler = true;
    }

    /**
     * Called by the task's thread when the handler returned or threw: no interrupt can arrive after this, and one
     * that arrived is cleared, so recording the outcome (Redis calls) is never disturbed.
     */
    synchronized void leaveHandler() {
        inHandler = false;
        Thread.interrupted();
    }
}
