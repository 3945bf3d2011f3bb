package io.ddiffusion.core.metrics;

import io.ddiffusion.core.queue.TaskQueue;
import io.ddiffusion.schema.common.ModelSpec;
import io.ddiffusion.schema.common.Queue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.function.IntSupplier;
import java.util.function.ToDoubleFunction;

/**
 * The domain metrics of API and workers, by name and labels, in one place so dashboards and the {@code /metrics} test
 * agree with what is recorded. Labels are low-cardinality only (domain, model, queue, status, provider; never a task,
 * key or user id). Names are Micrometer's; Prometheus sees dots as underscores, counters with {@code _total} and
 * timers in {@code _seconds} (with {@code _bucket} histograms).
 */
public final class TaskMetrics {

    public static final String SUBMITTED = "ddiffusion.tasks.submitted";
    public static final String FINISHED = "ddiffusion.tasks.finished";
    public static final String WAITING = "ddiffusion.queue.waiting";
    public static final String OLDEST_WAIT = "ddiffusion.queue.oldest.wait";
    public static final String WAIT_TIME = "ddiffusion.task.wait";
    public static final String RUN_TIME = "ddiffusion.task.run";
    public static final String SLOTS = "ddiffusion.worker.slots";
    public static final String RECLAIMED = "ddiffusion.tasks.reclaimed";
    public static final String DELIVERY_LIMIT = "ddiffusion.tasks.delivery.limit";
    public static final String PROVIDER_CALLS = "ddiffusion.provider.calls";
    public static final String BYTES = "ddiffusion.bytes";
    public static final String MODEL_LOADS = "ddiffusion.model.loads";
    public static final String MODELS_RESIDENT = "ddiffusion.model.resident";
    public static final String GPU_MEMORY = "ddiffusion.gpu.memory";

    /** Where bytes went, for {@link #BYTES}. */
    public enum Direction { UPLOADED, DOWNLOADED }

    private final MeterRegistry registry;

    public TaskMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry);
    }

    /** Metrics recorded nowhere: for processes and tests that do not export any. */
    public static TaskMetrics discarding() {
        return new TaskMetrics(new CompositeMeterRegistry());
    }

    /**
     * Metrics on Micrometer's global registry, for code far from the process's wiring (provider clients built by
     * handler plugins). Each process adds the registry it exports to the global one, so these land there too.
     */
    public static TaskMetrics global() {
        return new TaskMetrics(io.micrometer.core.instrument.Metrics.globalRegistry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** A task accepted by the API. */
    public void submitted(ModelSpec model) {
        Counter.builder(SUBMITTED).description("Tasks accepted by the API").tags(kind(model.taskName()))
                .register(registry).increment();
    }

    /** A task ({@code images.sd-xl}) a worker started after it waited this long in its queue. */
    public void started(String taskName, Queue queue, Duration waited) {
        timer(WAIT_TIME, "Time tasks waited in their queue before a worker started them", taskName)
                .tag("queue", queue.id()).register(registry).record(nonNegative(waited));
    }

    /** A task a worker ran to its final status ({@code SUCCESS}, {@code FAILURE}, {@code REVOKED}). */
    public void finished(String taskName, String status, Duration ran) {
        String s = status.toLowerCase(Locale.ROOT);
        Counter.builder(FINISHED).description("Tasks finished by workers, by final status").tags(kind(taskName))
                .tag("status", s).register(registry).increment();
        timer(RUN_TIME, "Time workers spent running tasks", taskName).tag("status", s).register(registry)
                .record(nonNegative(ran));
    }

    /** Tasks of a dead worker this worker took over. */
    public void reclaimed(Queue queue, int count) {
        Counter.builder(RECLAIMED).description("Tasks taken over from workers that stopped heartbeating")
                .tag("queue", queue.id()).register(registry).increment(count);
    }

    /** A task failed because its entry was delivered more often than the limit (a task that kills its workers). */
    public void deliveryLimit(Queue queue) {
        Counter.builder(DELIVERY_LIMIT).description("Tasks failed after too many deliveries").tag("queue", queue.id())
                .register(registry).increment();
    }

    /** One call to an external provider's API, with its HTTP status (0 when no answer came) and latency. */
    public void providerCall(String provider, int status, Duration took) {
        Timer.builder(PROVIDER_CALLS).description("Calls to external providers' APIs").tag("provider", provider)
                .tag("status", status == 0 ? "none" : Integer.toString(status)).register(registry)
                .record(nonNegative(took));
    }

    /** Bytes that went through this process: task inputs and files uploaded, outputs and files downloaded. */
    public void bytes(Direction direction, String what, long count) {
        if (count > 0) {
            Counter.builder(BYTES).baseUnit("bytes").description("Bytes of task inputs and outputs moved")
                    .tag("direction", direction.name().toLowerCase(Locale.ROOT)).tag("what", what)
                    .register(registry).increment(count);
        }
    }

    /** A model an engine ({@code onnx}) loaded, and how long that took. */
    public void modelLoaded(String engine, String model, Duration took) {
        Timer.builder(MODEL_LOADS).description("Models loaded by the workers' engines, and the time it took")
                .tag("engine", engine).tag("model", model).register(registry).record(nonNegative(took));
    }

    /** The memory an engine's resident models take, read from {@code owner} when scraped. */
    public <T> void residentModels(String engine, T owner, ToDoubleFunction<T> bytes) {
        Gauge.builder(MODELS_RESIDENT, owner, bytes).baseUnit("bytes").description("Memory of the models an engine "
                + "keeps loaded").tag("engine", engine).register(registry);
    }

    /** A GPU's memory as its engine reports it ({@code used} or {@code total}), read from {@code owner} on scrape. */
    public <T> void gpuMemory(String device, String state, T owner, ToDoubleFunction<T> bytes) {
        Gauge.builder(GPU_MEMORY, owner, bytes).baseUnit("bytes").description("GPU memory as the engine using it "
                + "reports it").tag("device", device).tag("state", state).register(registry);
    }

    /** A worker's slots of a queue, busy and free, read when scraped. */
    public void slots(Queue queue, IntSupplier busy, IntSupplier free) {
        // why strong references: Micrometer holds a gauge's object weakly, and these suppliers live nowhere else
        Gauge.builder(SLOTS, busy, s -> s.getAsInt()).description("A worker's task slots by queue and state")
                .tag("queue", queue.id()).tag("state", "busy").strongReference(true).register(registry);
        Gauge.builder(SLOTS, free, s -> s.getAsInt()).description("A worker's task slots by queue and state")
                .tag("queue", queue.id()).tag("state", "free").strongReference(true).register(registry);
    }

    /**
     * Each queue's waiting tasks and the age of the oldest, read from the broker when scraped (a broker that does not
     * answer reads as NaN, which Prometheus shows as a gap rather than a false zero).
     */
    public void queues(TaskQueue broker, Clock clock) {
        for (Queue q : Queue.values()) {
            gauge(WAITING, "Tasks waiting in the queue", q, broker, b -> b.waiting(q));
            gauge(OLDEST_WAIT + ".seconds", "Age of the task waiting longest in the queue (0 when none waits)", q,
                    broker, b -> b.oldestWaiting(q).map(t -> Math.max(0, Duration.between(t, Instant.now(clock))
                            .toMillis() / 1000.0)).orElse(0.0));
        }
    }

    private void gauge(String name, String description, Queue q, TaskQueue broker, ToDoubleFunction<TaskQueue> read) {
        Gauge.builder(name, broker, b -> {
            try {
                return read.applyAsDouble(b);
            } catch (RuntimeException e) {
                return Double.NaN;
            }
        }).description(description).tag("queue", q.id()).register(registry);
    }

    private static Timer.Builder timer(String name, String description, String taskName) {
        return Timer.builder(name).description(description).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofHours(2))
                .tags(kind(taskName));
    }

    /** {@code domain} and {@code model} of a task name such as {@code images.sd-xl}. */
    static Tags kind(String taskName) {
        int dot = taskName.indexOf('.');
        return dot < 0 ? Tags.of("domain", "unknown", "model", taskName)
                : Tags.of("domain", taskName.substring(0, dot), "model", taskName.substring(dot + 1));
    }

    private static Duration nonNegative(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }
}
