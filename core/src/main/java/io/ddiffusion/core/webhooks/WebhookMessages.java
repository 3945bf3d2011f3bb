package io.ddiffusion.core.webhooks;

import java.util.UUID;

/** How message ids are made, the same on every outbox: unique per task and message, stable across retries. */
public final class WebhookMessages {
    private WebhookMessages() {
    }

    /** {@code msg_<task id without dashes>_<n>}, n counting the task's messages from 1. */
    public static String id(UUID taskId, long n) {
        return "msg_" + taskId.toString().replace("-", "") + "_" + n;
    }
}
