package io.ddiffusion.api.http;

import io.ddiffusion.core.queue.TaskQueue;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;

/**
 * The backlog guard (REST and MCP): a submit is refused with 429 while the tasks waiting in all queues number
 * TASK_BACKLOG_LIMIT or more. The limit itself is enforced where the task is taken in ({@code TaskIntake}, one
 * atomic step with recording and queueing); {@link #check} refuses early, before a request body is read.
 */
@ApplicationScoped
public class Backlog {
    /** How long a count that left room may stand in for a new one in the early check. */
    private static final long FRESH_NANOS = 1_000_000_000L;

    @Inject
    TaskQueue queue;
    @Inject
    ApiSettings settings;

    private record Count(int waiting, long atNanos) {
    }

    private volatile Count last;

    /** The limit to pass to the intake. */
    public int limit() {
        return settings.taskBacklogLimit();
    }

    /**
     * Throws 429 with {@code Retry-After} when the backlog is full. A count under a second old that left room is
     * used as it is (the intake re-checks exactly), so busy API nodes do not count on every submit; a full count
     * is always taken again.
     */
    public void check() {
        Count c = last;
        long now = System.nanoTime();
        if (c != null && c.waiting() < limit() && now - c.atNanos() < FRESH_NANOS) {
            return;
        }
        int waiting = queue.waitingInAllQueues(); // one constant-time script on Redis (see RedisTaskQueue)
        last = new Count(waiting, now);
        if (waiting >= limit()) {
            throw refusal(waiting);
        }
    }

    /** The 429 for a submit the intake refused with {@code waiting} tasks counted. */
    public ApiException refused(int waiting) {
        last = new Count(waiting, System.nanoTime());
        return refusal(waiting);
    }

    private ApiException refusal(int waiting) {
        return new ApiException(429, "Too many waiting tasks " + waiting + " / " + limit() + ", please try later",
                Map.of("Retry-After", "30"));
    }
}
