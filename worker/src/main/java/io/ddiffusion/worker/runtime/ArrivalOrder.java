package io.ddiffusion.worker.runtime;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * A line of tasks waiting, in arrival order and cancellable, for something guarded by {@link #lock}: the image
 * memory budget, the shared GPU. Each guard keeps its own state and says when the first in line may go.
 */
final class ArrivalOrder {
    /** Guards the line and the caller's state. */
    final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Deque<Object> waiting = new ArrayDeque<>();
    /** How often a waiting task looks at its cancellation token. */
    private final long cancelCheckMs;

    ArrivalOrder(long cancelCheckMs) {
        this.cancelCheckMs = cancelCheckMs;
    }

    /**
     * With {@link #lock} held: joins the line and returns once this task is first in it and {@code mayGo} holds,
     * having left the line; the caller then takes what it waited for.
     *
     * @param onWait run once (lock held) when the task has to wait
     * @throws TaskCancelledException if the task is cancelled while it waits (it leaves the line)
     */
    void awaitTurn(BooleanSupplier mayGo, Runnable onWait, CancellationToken token) throws TaskCancelledException {
        Object ticket = new Object();
        waiting.addLast(ticket);
        boolean told = false;
        while (waiting.peekFirst() != ticket || !mayGo.getAsBoolean()) {
            if (!told) {
                told = true;
                onWait.run();
            }
            if (token.isCancelled()) {
                waiting.remove(ticket);
                changed.signalAll();
                token.throwIfCancelled();
            }
            try {
                changed.await(cancelCheckMs, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                // why: the runtime interrupts a handler's thread when it cancels it; the loop re-checks the token
                Thread.interrupted();
            }
        }
        waiting.removeFirst();
        changed.signalAll();
    }

    /** With {@link #lock} held: what the line waits for changed (something was given back). */
    void changed() {
        changed.signalAll();
    }

    /** With {@link #lock} held: how many tasks are in line. */
    int size() {
        return waiting.size();
    }
}
