package io.ddiffusion.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IdleHeapTrimTest {
    private static final long MIB = 1 << 20;

    private final AtomicLong young = new AtomicLong();
    private final AtomicLong committed = new AtomicLong(2_000 * MIB);
    private final AtomicLong used = new AtomicLong(20 * MIB);
    private final AtomicInteger collections = new AtomicInteger();
    /** What one collection leaves committed: the heap shrinks step by step, down to a floor. */
    private long floor = 100 * MIB;

    private final IdleHeapTrim trim = new IdleHeapTrim(young::get,
            () -> new IdleHeapTrim.Heap(committed.get(), used.get()), () -> {
                collections.incrementAndGet();
                committed.set(Math.max(floor, committed.get() / 4));
            }, Executors.newSingleThreadScheduledExecutor(), 1);

    @AfterEach
    void close() {
        trim.close();
    }

    @Test
    void underLoadItNeverCollects() {
        for (int i = 0; i < 20; i++) {
            young.incrementAndGet();
            assertThat(trim.check()).isFalse();
        }
        assertThat(collections).hasValue(0);
    }

    @Test
    void onceIdleItCollectsUntilTheHeapStopsShrinking() {
        trim.check();
        int ran = 0;
        for (int i = 0; i < 20; i++) {
            ran += trim.check() ? 1 : 0;
        }
        assertThat(committed.get()).isEqualTo(100 * MIB);
        assertThat(ran).as("2000 → 500 → 125 → 100 MiB, then the ones that give nothing back")
                .isEqualTo(3 + IdleHeapTrim.MAX_FRUITLESS);
    }

    @Test
    void aCollectionThatGivesNothingBackIsNotRepeatedUntilTheProcessWorkedAgain() {
        floor = 1_500 * MIB;
        trim.check();
        assertThat(trim.check()).as("2000 → 1500 MiB").isTrue();
        for (int i = 0; i < IdleHeapTrim.MAX_FRUITLESS; i++) {
            assertThat(trim.check()).as("1500 → 1500 MiB: the collector may shrink in a later one").isTrue();
        }
        for (int i = 0; i < 10; i++) {
            assertThat(trim.check()).as("stuck at its floor").isFalse();
        }
        assertThat(collections).hasValue(1 + IdleHeapTrim.MAX_FRUITLESS);

        young.incrementAndGet();
        assertThat(trim.check()).as("busy again").isFalse();
        assertThat(trim.check()).as("idle again").isTrue();
        assertThat(collections).hasValue(2 + IdleHeapTrim.MAX_FRUITLESS);
    }

    @Test
    void itWaitsForTheQuietChecksInARow() {
        IdleHeapTrim patient = new IdleHeapTrim(young::get, () -> new IdleHeapTrim.Heap(committed.get(), used.get()),
                collections::incrementAndGet, Executors.newSingleThreadScheduledExecutor(), 3);
        try {
            patient.check();
            assertThat(patient.check()).as("1 quiet check").isFalse();
            assertThat(patient.check()).as("2 quiet checks").isFalse();
            young.incrementAndGet();
            assertThat(patient.check()).as("a young collection starts the count again").isFalse();
            assertThat(patient.check()).isFalse();
            assertThat(patient.check()).isFalse();
            assertThat(collections).hasValue(0);
            assertThat(patient.check()).as("3 quiet checks in a row").isTrue();
            assertThat(collections).hasValue(1);
        } finally {
            patient.close();
        }
    }

    @Test
    void littleFreeHeapIsLeftAlone() {
        committed.set(150 * MIB);
        used.set(100 * MIB);
        trim.check();
        for (int i = 0; i < 5; i++) {
            assertThat(trim.check()).isFalse();
        }
        assertThat(collections).hasValue(0);
    }

    @Test
    void itKnowsTheSerialCollectorAndG1ByTheirMxBeansAndNoOther() {
        assertThat(IdleHeapTrim.Collector.among(List.of("Copy", "MarkSweepCompact")))
                .contains(IdleHeapTrim.Collector.SERIAL);
        assertThat(IdleHeapTrim.Collector.among(List.of("G1 Young Generation", "G1 Concurrent GC",
                "G1 Old Generation"))).contains(IdleHeapTrim.Collector.G1);
        assertThat(IdleHeapTrim.Collector.among(List.of("ZGC Minor Cycles", "ZGC Major Cycles"))).isEmpty();
        assertThat(IdleHeapTrim.Collector.among(List.of("PS Scavenge", "PS MarkSweep"))).isEmpty();
        assertThat(IdleHeapTrim.Collector.among(List.of("Copy"))).as("a young collector alone").isEmpty();
    }

    @Test
    void thisJvmsCollectorIsFoundByItsOwnBeans() {
        List<String> names = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(GarbageCollectorMXBean::getName).toList();
        // why: the names are the JVM's, not ours; if a JDK renamed them, the trim would silently stop running
        Optional<IdleHeapTrim.Collector> found = IdleHeapTrim.Collector.among(names);
        if (names.contains("G1 Young Generation") || names.contains("Copy")) {
            assertThat(found).as("collectors %s", names).isPresent();
        }
        found.ifPresent(c -> assertThat(ManagementFactory.getMemoryPoolMXBeans()).as("the old generation's pool")
                .anyMatch(p -> p.getName().equals(c.oldPool())));
    }
}
