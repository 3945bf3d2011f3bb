package io.ddiffusion.worker.runtime;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** An engine that records when it is asked to free the GPU, and can be told to fail doing so. */
final class FakeGpuEngine implements GpuEngine {
    final Kind kind;
    final AtomicInteger frees = new AtomicInteger();
    /** Every engine's frees, in order, when engines share one list. */
    final List<String> journal;
    volatile boolean usesGpu = true;
    volatile RuntimeException failure;

    FakeGpuEngine(Kind kind, List<String> journal) {
        this.kind = kind;
        this.journal = journal;
    }

    FakeGpuEngine(Kind kind) {
        this(kind, new CopyOnWriteArrayList<>());
    }

    @Override
    public Kind gpuEngineKind() {
        return kind;
    }

    @Override
    public boolean usesGpu() {
        return usesGpu;
    }

    @Override
    public void freeGpu(Consumer<String> log) {
        frees.incrementAndGet();
        journal.add("free " + kind);
        if (failure != null) {
            throw failure;
        }
        log.accept("freed " + kind);
    }
}
