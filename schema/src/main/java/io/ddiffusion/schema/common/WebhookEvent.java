package io.ddiffusion.schema.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/** What a task's webhook is called for, as a create request's {@code webhook_events_filter} names it. */
public enum WebhookEvent {
    /** The task started running on a worker (sent once, for its first start). */
    START("start"),
    /** Its progress moved (throttled: the latest state at most every half second). */
    PROGRESS("progress"),
    /** It logged a line (throttled like progress). */
    LOGS("logs"),
    /** It finished: success, failure or cancellation. */
    COMPLETED("completed");

    private final String id;

    WebhookEvent(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }

    @JsonCreator
    public static WebhookEvent fromId(String id) {
        for (WebhookEvent e : values()) {
            if (e.id.equals(id)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown webhook event '" + id + "'; expected one of: "
                + Arrays.stream(values()).map(WebhookEvent::id).collect(Collectors.joining(", ")));
    }
}
