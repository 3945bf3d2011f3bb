package io.ddiffusion.app;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Gives heap back to the operating system once a burst is over, where the collector does not do it by itself. G1
 * (the {@code worker} role) collects when idle ({@code -XX:G1PeriodicGCInterval}); the serial collector, which
 * {@code serve} and the {@code api} use for their lower CPU per request and smaller heap, shrinks the heap only in full
 * collections, so after a burst of large inputs {@code serve} kept gigabytes it no longer used (an old generation
 * full of garbage that no collection had looked at). While the process allocates so little that no young collection
 * happened for a whole interval, and the committed heap is far above the live data the last full collection found,
 * this runs a full collection; several in a row shrink the heap step by step to {@code -XX:MaxHeapFreeRatio} above
 * the live data. Under load young collections keep happening and it never runs.
 */
final class IdleHeapTrim implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(IdleHeapTrim.class);
    /** The serial collector's young and old collector names, as its MXBeans report them. */
    private static final String SERIAL_YOUNG = "Copy";
    private static final String SERIAL_OLD = "MarkSweepCompact";
    private static final String SERIAL_OLD_POOL = "Tenured Gen";
    /** Full collections in a row that may give nothing back before the checks stop until the next activity. */
    static final int MAX_FRUITLESS = 4;
    /** Free heap worth a full collection: above both this and the live data. */
    static final long SLACK_BYTES = 64L << 20;

    /**
     * The heap as the checks see it.
     *
     * @param committed the heap the JVM holds now
     * @param live what was left after the last full collection (the old generation's collection usage)
     */
    record Heap(long committed, long live) {
    }

    private final LongSupplier youngCollections;
    private final Supplier<Heap> heap;
    private final Runnable collect;
    private final ScheduledExecutorService timer;
    private long lastYoung = -1;
    private int fruitless;

    IdleHeapTrim(LongSupplier youngCollections, Supplier<Heap> heap, Runnable collect,
            ScheduledExecutorService timer) {
        this.youngCollections = youngCollections;
        this.heap = heap;
        this.collect = collect;
        this.timer = timer;
    }

    /** Starts checking every {@code interval} when this JVM runs the serial collector; empty otherwise. */
    static Optional<IdleHeapTrim> startIfSerial(Duration interval) {
        List<GarbageCollectorMXBean> beans = ManagementFactory.getGarbageCollectorMXBeans();
        Optional<GarbageCollectorMXBean> young = beans.stream().filter(b -> b.getName().equals(SERIAL_YOUNG))
                .findFirst();
        if (young.isEmpty() || beans.stream().noneMatch(b -> b.getName().equals(SERIAL_OLD))) {
            return Optional.empty();
        }
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "idle-heap-trim");
            t.setDaemon(true);
            return t;
        });
        IdleHeapTrim trim = new IdleHeapTrim(young.get()::getCollectionCount, IdleHeapTrim::serialHeap, System::gc,
                timer);
        timer.scheduleWithFixedDelay(trim::checkQuietly, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
        return Optional.of(trim);
    }

    /** One check; returns true when it ran a collection. */
    boolean check() {
        long young = youngCollections.getAsLong();
        boolean idle = young == lastYoung;
        lastYoung = young;
        if (!idle) {
            fruitless = 0;
            return false;
        }
        Heap before = heap.get();
        if (fruitless >= MAX_FRUITLESS || before.committed() - before.live() <= Math.max(before.live(), SLACK_BYTES)) {
            return false;
        }
        LOG.debugf("idle with %d MiB of heap committed and %d MiB live at the last full collection: collecting to "
                + "give it back", before.committed() >> 20, before.live() >> 20);
        collect.run();
        // why: the serial collector shrinks by a growing share in successive full collections (none in the first),
        // so a few may give nothing back; after that many the heap is at its minimum or its free ratio, and no more
        // are run until the process has worked again
        fruitless = heap.get().committed() < before.committed() ? 0 : fruitless + 1;
        return true;
    }

    private static Heap serialHeap() {
        long committed = 0;
        long live = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                committed += pool.getUsage().getCommitted();
                if (pool.getName().equals(SERIAL_OLD_POOL) && pool.getCollectionUsage() != null) {
                    live = pool.getCollectionUsage().getUsed();
                }
            }
        }
        return new Heap(committed, live);
    }

    private void checkQuietly() {
        try {
            check();
        } catch (RuntimeException e) {
            LOG.debugf("heap trim check failed: %s", e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
