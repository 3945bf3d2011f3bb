package io.ddiffusion.api.http;

import io.ddiffusion.core.config.Settings;
import io.ddiffusion.core.queue.TaskQueue;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;

/** The backlog guard every submit passes (REST and MCP): refused with 429 while too many tasks wait. */
@ApplicationScoped
public class Backlog {
    @Inject
    TaskQueue queue;
    @Inject
    Settings settings;

    /** Throws 429 with {@code Retry-After} when the waiting tasks of all queues reach TASK_BACKLOG_LIMIT. */
    public void check() {
        int waiting = queue.waitingInAllQueues(); // one constant-time script on Redis (see RedisTaskQueue)
        if (waiting >= settings.taskBacklogLimit()) {
            throw new ApiException(429, "Too many waiting tasks " + waiting + " / " + settings.taskBacklogLimit()
                    + ", please try later", Map.of("Retry-After", "30"));
        }
    }
}
