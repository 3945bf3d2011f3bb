package io.ddiffusion.core.tracing;

/**
 * The span and attribute names of API and workers in one place (as {@link io.ddiffusion.core.metrics.TaskMetrics}
 * holds the metric names), so the API's and the workers' spans of one task agree and the tests and README match what
 * is exported. Attributes are identifiers and outcomes only: never a prompt, an input, a key or a provider token.
 */
public final class TraceNames {
    /** The API's span of a create: the task's record and its entry in the queue (a producer span). */
    public static final String SUBMIT = "submit";
    /** A worker's span of one run of a task, child of the submit span stored with the task (a consumer span). */
    public static final String RUN = "run";

    public static final String TASK_ID = "ddiffusion.task.id";
    /** The task name, {@code images.flux-1-pro}. */
    public static final String TASK_NAME = "ddiffusion.task.name";
    public static final String DOMAIN = "ddiffusion.domain";
    public static final String MODEL = "ddiffusion.model";
    public static final String QUEUE = "ddiffusion.queue";
    /** The final status of a run: SUCCESS, FAILURE, REVOKED; or PENDING when handed back. */
    public static final String TASK_STATUS = "ddiffusion.task.status";
    /**
     * Why the worker stopped a run on purpose: {@code REVOKED}, {@code SOFT_TIME_LIMIT}, {@code HARD_TIME_LIMIT},
     * {@code SHUTDOWN} (handed back), {@code TAKEN_OVER}.
     */
    public static final String STOPPED = "ddiffusion.task.stopped";
    /** Which delivery of the task this run is (1 = first; more after a take-over). */
    public static final String ATTEMPT = "ddiffusion.task.attempt";
    /** Milliseconds the task waited from its submit until this run started. */
    public static final String QUEUE_WAIT_MS = "ddiffusion.queue.wait_ms";
    public static final String WORKER = "ddiffusion.worker.id";
    /** A create answered with the task an earlier create with the same Idempotency-Key made. */
    public static final String REPLAYED = "ddiffusion.idempotent_replay";
    /** The provider a client span calls, as the metrics name it: {@code OpenAI}, {@code Replicate}, {@code ComfyUI}. */
    public static final String PROVIDER = "ddiffusion.provider";

    /** The task's id in the log context (MDC) while a worker runs it or the API handles a request about it. */
    public static final String MDC_TASK_ID = "task_id";
    public static final String MDC_TRACE_ID = "trace_id";
    public static final String MDC_SPAN_ID = "span_id";

    private TraceNames() {
    }
}
