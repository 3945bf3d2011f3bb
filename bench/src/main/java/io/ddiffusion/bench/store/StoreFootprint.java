package io.ddiffusion.bench.store;

import io.ddiffusion.core.events.InMemoryTaskEvents;
import io.ddiffusion.core.queue.InMemoryTaskQueue;
import io.ddiffusion.core.queue.TaskQueue;
import io.ddiffusion.core.store.InMemoryTaskStore;
import io.ddiffusion.core.store.TaskIntake;
import io.ddiffusion.core.store.TaskStore;
import io.ddiffusion.core.task.Task;
import io.ddiffusion.core.task.TraceContext;
import io.ddiffusion.core.webhooks.InMemoryWebhookOutbox;
import io.ddiffusion.schema.common.Identity;
import io.ddiffusion.schema.common.Progress;
import io.ddiffusion.schema.common.Queue;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Puts tasks through the embedded store and event log, wired as {@code serve} wires them, the way a bench task lives:
 * submitted (created PENDING, queued, its entry written into the record), received and started with a log line,
 * one progress step, succeeded with an output and a log line, then its status read once. Reports the live heap each
 * kept task costs (after full collections) and the CPU time of one task's life on this thread.
 *
 * <p>{@code java -XX:+UseSerialGC -cp 'bench/target/classes:bench/target/lib/*'
 * io.ddiffusion.bench.store.StoreFootprint [tasks] [rounds]}
 */
public final class StoreFootprint {
    private static final String REQUEST = "{\"model\":\"flux-1-pro\",\"prompt\":\"x\",\"num_images\":1,"
            + "\"output_format\":\"png\"}";
    private static final Identity IDENTITY = new Identity(null, null, "127.0.0.1", "bench-user",
            "k_3f9a1c2e7b5d4a60");
    /** Not a constant, as a worker's id is not. */
    private static final String WORKER = "serve-" + ProcessHandle.current().pid();
    /** One instance for every task, as the worker's TaskRunner builds it. */
    private static final String START_LINE = "Started on worker " + WORKER;

    /** What {@code serve} keeps per task: the store, its event log and the webhook outbox they feed. */
    private record Embedded(TaskStore store, TaskIntake intake, TaskQueue queue) {
        static Embedded open() {
            Clock clock = Clock.systemUTC();
            TaskQueue queue = new InMemoryTaskQueue(clock);
            InMemoryWebhookOutbox webhooks = new InMemoryWebhookOutbox(clock);
            InMemoryTaskEvents events = new InMemoryTaskEvents(clock, webhooks::onEvent);
            TaskStore store = new InMemoryTaskStore(Duration.ofDays(7), clock, events);
            return new Embedded(store, TaskIntake.of(store, queue), queue);
        }

        /** One task's life; returns its id. */
        UUID live(Clock clock) throws InterruptedException {
            UUID id = UUID.randomUUID();
            Task submitted = Task.submitted(id, "images.generate", Queue.CPU, "k_3f9a1c2e7b5d4a60", IDENTITY,
                    REQUEST, Map.of(), clock.instant()).tracedBy(new TraceContext(
                    "00-" + id.toString().replace("-", "") + "-00f067aa0ba902b7-01", null));
            Task task = intake.submit(submitted, Integer.MAX_VALUE);
            var d = queue.claim(Queue.CPU, WORKER, 1, Duration.ZERO).getFirst();
            // why: the worker reads the task it claimed, so the events are keyed by another UUID instance, as in serve
            task = store.find(d.taskId()).orElseThrow();
            task = store.modify(task, x -> x.received(WORKER, d.deliveryCount()).started(clock.instant()),
                    START_LINE).orElseThrow();
            task = store.modify(task, x -> x.progressed(new Progress(1, 1))).orElseThrow();
            store.modify(task, x -> x.succeeded(List.of("outputs/" + id + "/0.png"), null, clock.instant()),
                    queue, d).orElseThrow();
            store.appendLog(id, "Succeeded in " + (1 + Math.floorMod(id.hashCode(), 9)) + " ms");
            store.findWithLogs(id).orElseThrow();
            return id;
        }
    }

    private StoreFootprint() {
    }

    public static void main(String[] args) throws InterruptedException {
        int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Clock clock = Clock.systemUTC();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int round = 1; round <= rounds; round++) {
            Embedded e = Embedded.open();
            long cpu = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < tasks; i++) {
                e.live(clock);
            }
            double nsPerTask = (threads.getCurrentThreadCpuTime() - cpu) / (double) tasks;
            System.out.printf(Locale.ROOT, "round %d: %,d tasks, CPU %,.0f ns per task%n", round, tasks, nsPerTask);
        }
        long empty = liveHeap();
        Embedded kept = Embedded.open();
        UUID[] ids = new UUID[tasks];
        for (int i = 0; i < tasks; i++) {
            ids[i] = kept.live(clock);
        }
        long full = liveHeap();
        System.out.printf(Locale.ROOT, "kept %,d tasks: %,d bytes of live heap, %,.0f bytes per task%n", tasks,
                full - empty, (full - empty) / (double) tasks);
        for (int round = 1; round <= 3; round++) {
            long cpu = threads.getCurrentThreadCpuTime();
            for (UUID id : ids) {
                kept.store().findWithLogs(id).orElseThrow();
            }
            System.out.printf(Locale.ROOT, "status read of a finished task (findWithLogs): CPU %,.0f ns%n",
                    (threads.getCurrentThreadCpuTime() - cpu) / (double) tasks);
        }
    }

    /** Heap in use after full collections (run with the serial collector so one System.gc() is one). */
    private static long liveHeap() {
        var memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
