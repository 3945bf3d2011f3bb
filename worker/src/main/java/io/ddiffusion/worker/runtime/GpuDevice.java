package io.ddiffusion.worker.runtime;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The one GPU a worker's engines share (ONNX Runtime in the process and the ComfyUI sidecar): a task that runs on it
 * holds it, whatever its queue, so one GPU task runs at a time; the others wait in arrival order, cancellable. When
 * the device passes to a task of the other engine, the engine that used it last frees its memory first (closes its
 * ONNX sessions, or {@code POST /free} on ComfyUI); consecutive tasks of one engine free nothing, so its models stay
 * loaded.
 *
 * <p>why not the queues' slots: a worker takes tasks of several queues, and the models of the sidecar run on the
 * {@code gpu} queue beside the ONNX ones, so neither a queue nor its concurrency says which engine a task uses.
 */
final class GpuDevice {
    private final ArrivalOrder line = new ArrivalOrder(100);
    private final ReentrantLock lock = line.lock;
    /** The task on the device, or null. */
    private Holder holder;
    /** The engine of the last task that held the device: its models may still be in the GPU's memory. */
    private GpuEngine last;

    private record Holder(String task, GpuEngine engine) {
    }

    /** A task's hold on the device; {@link #close()} hands it on (once). */
    final class Lease implements AutoCloseable {
        private final Holder held;
        private final AtomicBoolean closed = new AtomicBoolean();

        private Lease(Holder held) {
            this.held = held;
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                lock.lock();
                try {
                    if (holder == held) {
                        holder = null;
                    }
                    line.changed();
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    /**
     * Waits until the device is free and every task that asked before has had it, takes it for {@code task}, and
     * frees the other engine's memory if that engine used the device last.
     *
     * @param task names the task in other tasks' "waiting" lines, e.g. {@code images.flux-1 3f2a…}
     * @param log the task's log: that it waits (once), how long it waited, and what switching engines freed
     * @throws TaskCancelledException if the task is cancelled while it waits
     */
    Lease acquire(GpuEngine engine, String task, CancellationToken token, Consumer<String> log)
            throws TaskCancelledException {
        long asked = System.nanoTime();
        boolean[] told = {false};
        Holder mine = new Holder(task, engine);
        GpuEngine previous;
        lock.lock();
        try {
            line.awaitTurn(() -> holder == null, () -> {
                told[0] = true;
                log.accept(waitingLine());
            }, token);
            holder = mine;
            previous = last;
            last = engine;
        } finally {
            lock.unlock();
        }
        if (told[0]) {
            log.accept(String.format("Got the GPU after %.1f s", (System.nanoTime() - asked) / 1e9));
        }
        Lease lease = new Lease(mine);
        // why: asked again, since ONNX Runtime on "auto" takes the device for its first task before it knows that it
        // started on the CPU, where it holds nothing to free
        if (previous != null && previous.gpuEngineKind() != engine.gpuEngineKind() && previous.usesGpu()) {
            // why: outside the lock, so a slow sidecar never keeps other tasks from queuing or cancelling their wait
            free(previous, engine, log);
        }
        return lease;
    }

    private static void free(GpuEngine previous, GpuEngine next, Consumer<String> log) {
        log.accept("The GPU passes from " + previous.gpuEngineKind() + " to " + next.gpuEngineKind() + ": freeing "
                + previous.gpuEngineKind() + "'s memory first");
        try {
            previous.freeGpu(log);
        } catch (RuntimeException e) {
            // why: the task may still fit beside the other engine's models; if not, it fails with the engine's own
            // out-of-memory message, which says more than a refusal here would
            log.accept("Could not free " + previous.gpuEngineKind() + "'s GPU memory (" + e.getMessage()
                    + "); running anyway");
        }
    }

    private String waitingLine() {
        int ahead = line.size() - 1;
        return "Waiting for the GPU, which ONNX Runtime and ComfyUI share on this worker (DDIFFUSION_GPU_SHARED)"
                + (holder == null ? "" : ": " + holder.task() + " runs on " + holder.engine().gpuEngineKind())
                + (ahead > 0 ? "; " + ahead + (ahead == 1 ? " task" : " tasks") + " asked before" : "");
    }

    /** The task holding the device, if any. */
    Optional<String> holder() {
        lock.lock();
        try {
            return Optional.ofNullable(holder).map(Holder::task);
        } finally {
            lock.unlock();
        }
    }

    /** How many tasks wait for the device. */
    int waiting() {
        lock.lock();
        try {
            return line.size();
        } finally {
            lock.unlock();
        }
    }
}
