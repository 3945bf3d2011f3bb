package io.ddiffusion.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Runs a call from {@code concurrency} virtual threads, either a fixed number of times or for a while, timing each
 * successful call and counting failures by kind (HTTP status or exception class).
 */
final class Load {
    /** One call; {@code i} numbers the calls from 0. */
    @FunctionalInterface
    interface Call {
        void run(int i) throws Exception;
    }

    /** What a run measured. */
    record Result(Latencies latencies, long wallNanos, Map<String, Long> errors, Cpu.Usage cpu) {
        double perSecond() {
            return latencies.count() / (wallNanos / 1e9);
        }

        long errorCount() {
            return errors.values().stream().mapToLong(Long::longValue).sum();
        }

        String errorText() {
            return errors.isEmpty() ? "0" : errorCount() + " " + errors;
        }
    }

    private Load() {
    }

    static Result times(int n, int concurrency, Cpu cpu, Call call) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        return run(concurrency, cpu, call, () -> {
            int i = next.getAndIncrement();
            return i < n ? i : -1;
        });
    }

    static Result during(Duration d, int concurrency, Cpu cpu, Call call) throws InterruptedException {
        long end = System.nanoTime() + d.toNanos();
        AtomicInteger next = new AtomicInteger();
        return run(concurrency, cpu, call, () -> System.nanoTime() < end ? next.getAndIncrement() : -1);
    }

    private interface Ticket {
        int next();
    }

    private static Result run(int concurrency, Cpu cpu, Call call, Ticket tickets) throws InterruptedException {
        Map<String, LongAdder> errors = new ConcurrentHashMap<>();
        List<Future<Latencies>> workers = new ArrayList<>();
        Cpu.Mark mark = cpu.mark();
        long start = System.nanoTime();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < concurrency; w++) {
                workers.add(pool.submit(() -> {
                    Latencies mine = new Latencies();
                    for (int i = tickets.next(); i >= 0; i = tickets.next()) {
                        long t0 = System.nanoTime();
                        try {
                            call.run(i);
                            mine.add(System.nanoTime() - t0);
                        } catch (HttpStatusException e) {
                            errors.computeIfAbsent("HTTP " + e.status(), k -> new LongAdder()).increment();
                            Report.firstError(e);
                        } catch (Exception e) {
                            errors.computeIfAbsent(e.getClass().getSimpleName(), k -> new LongAdder()).increment();
                            Report.firstError(e);
                        }
                    }
                    return mine;
                }));
            }
        }
        long wall = System.nanoTime() - start;
        Cpu.Usage used = mark.since();
        Latencies all = new Latencies();
        for (Future<Latencies> f : workers) {
            try {
                all.addAll(f.get());
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
        Map<String, Long> counted = new TreeMap<>();
        errors.forEach((k, v) -> counted.put(k, v.sum()));
        return new Result(all, wall, counted, used);
    }
}
