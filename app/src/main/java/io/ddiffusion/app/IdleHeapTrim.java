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
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Gives heap back to the operating system once a burst is over, where the collector does not do it well by itself.
 * The serial collector, which {@code serve} and the {@code api} use for their lower CPU per request and smaller heap,
 * shrinks the heap only in full collections, so after a burst of large inputs {@code serve} kept gigabytes it no
 * longer used (an old generation full of garbage that no collection had looked at). G1 (the {@code worker} role)
 * collects when idle ({@code -XX:G1PeriodicGCInterval}), but its concurrent cycle gives back less than a full
 * collection, and not always within seconds: the worker held 65-480 MB of heap 15 s after the benchmark with about
 * 20 MB live. Once the process has allocated so little for a few checks in a row that no young collection happened,
 * while the committed heap is far above the live data the last old collection found, this runs a full collection;
 * several in a row shrink the heap step by step to {@code -XX:MaxHeapFreeRatio} above the live data. Under load young
 * collections keep happening and it never runs.
 */
final class IdleHeapTrim implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(IdleHeapTrim.class);
    /**
     * A collector this works with: its young collections' MXBean and its old generation's memory pool.
     *
     * @param name as in log lines
     * @param old the collector of the old generation, whose presence tells this collector from others
     * @param fixedYoung whether the young generation keeps its size whatever a collection finds (the serial
     *     collector with {@code -Xmn}): then only the old generation can be given back, and only it is weighed
     */
    record Collector(String name, String young, String old, String oldPool, boolean fixedYoung) {
        static final Collector SERIAL = new Collector("serial", "Copy", "MarkSweepCompact", "Tenured Gen", true);
        static final Collector G1 = new Collector("G1", "G1 Young Generation", "G1 Old Generation", "G1 Old Gen",
                false);

        /** The one whose collectors all run in this JVM, by their MXBean names; empty for any other collector. */
        static Optional<Collector> among(List<String> beanNames) {
            return Stream.of(SERIAL, G1).filter(c -> beanNames.contains(c.young()) && beanNames.contains(c.old()))
                    .findFirst();
        }
    }

    /** How often the process is checked for being idle. */
    static final Duration CHECK_EVERY = Duration.ofSeconds(1);
    /** Checks in a row without a young collection that make the process idle: 3 s at {@link #CHECK_EVERY}. */
    static final int QUIET_CHECKS = 3;
    /** Full collections in a row that may give nothing back before the checks stop until the next activity. */
    static final int MAX_FRUITLESS = 4;
    /**
     * Free heap worth a full collection: above both this and the live data. why: below it a full collection gives
     * back too little to be worth its pause; a G1 worker holding 65 MB with 20 MB live is worth one
     */
    static final long SLACK_BYTES = 32L << 20;

    /**
     * The heap as the checks see it.
     *
     * @param committed the heap the JVM holds now that a collection could give back (a fixed young generation left
     *     out)
     * @param live what the old generation held after its last collection (its pool's collection usage)
     */
    record Heap(long committed, long live) {
    }

    private final LongSupplier youngCollections;
    private final Supplier<Heap> heap;
    private final Runnable collect;
    private final ScheduledExecutorService timer;
    private final int quietChecks;
    private long lastYoung = -1;
    private int quiet;
    private int fruitless;

    /** @param quietChecks checks in a row without a young collection that make the process idle */
    IdleHeapTrim(LongSupplier youngCollections, Supplier<Heap> heap, Runnable collect,
            ScheduledExecutorService timer, int quietChecks) {
        this.youngCollections = youngCollections;
        this.quietChecks = quietChecks;
        this.heap = heap;
        this.collect = collect;
        this.timer = timer;
    }

    /**
     * Starts checking every second, collecting after {@value #QUIET_CHECKS} quiet checks in a row, when this JVM runs
     * a {@link Collector} this knows; empty otherwise. why checks in a row: one long interval let a young collection
     * that just missed the previous check put the trim off by a whole interval more; frequent checks do not
     */
    static Optional<IdleHeapTrim> start() {
        List<GarbageCollectorMXBean> beans = ManagementFactory.getGarbageCollectorMXBeans();
        Optional<Collector> found = Collector.among(beans.stream().map(GarbageCollectorMXBean::getName).toList());
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Collector c = found.get();
        GarbageCollectorMXBean young = beans.stream().filter(b -> b.getName().equals(c.young())).findFirst()
                .orElseThrow();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "idle-heap-trim");
            t.setDaemon(true);
            return t;
        });
        IdleHeapTrim trim = new IdleHeapTrim(young::getCollectionCount, () -> heap(c), System::gc, timer,
                QUIET_CHECKS);
        timer.scheduleWithFixedDelay(trim::checkQuietly, CHECK_EVERY.toMillis(), CHECK_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
        LOG.debugf("giving back heap when idle (%s collector)", c.name());
        return Optional.of(trim);
    }

    /** One check; returns true when it ran a collection. */
    boolean check() {
        long young = youngCollections.getAsLong();
        quiet = young == lastYoung ? Math.min(quiet + 1, quietChecks) : 0;
        lastYoung = young;
        if (quiet == 0) {
            fruitless = 0;
            return false;
        }
        if (quiet < quietChecks || fruitless >= MAX_FRUITLESS) {
            return false;
        }
        Heap before = heap.get();
        if (before.committed() - before.live() <= Math.max(before.live(), SLACK_BYTES)) {
            return false;
        }
        LOG.debugf("idle with %d MiB of heap committed and %d MiB in the old generation after its last collection: "
                + "collecting to give it back", before.committed() >> 20, before.live() >> 20);
        collect.run();
        // why: a collector may shrink by a growing share in successive full collections (the serial one with
        // ShrinkHeapInSteps), so a few may give nothing back; after that many the heap is at its minimum or its free
        // ratio, and no more are run until the process has worked again
        fruitless = heap.get().committed() < before.committed() ? 0 : fruitless + 1;
        return true;
    }

    /** The heap a full collection could give back, and the old generation's live data. */
    private static Heap heap(Collector c) {
        long committed = 0;
        long live = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            boolean oldGeneration = pool.getName().equals(c.oldPool());
            if (pool.getType() == MemoryType.HEAP && (oldGeneration || !c.fixedYoung())) {
                committed += pool.getUsage().getCommitted();
                if (oldGeneration && pool.getCollectionUsage() != null) {
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
