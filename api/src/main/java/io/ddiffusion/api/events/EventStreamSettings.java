package io.ddiffusion.api.events;

import io.ddiffusion.core.config.Env;
import java.time.Duration;

/**
 * Limits and timing of the live event streams of one API node.
 *
 * @param heartbeat {@code DDIFFUSION_EVENTS_HEARTBEAT_SECONDS}: a comment line goes out this often, so proxies do
 *     not close a quiet stream
 * @param bufferBytes {@code DDIFFUSION_EVENTS_BUFFER_KB} in bytes: how much a stream may have written but not yet
 *     handed to its client; a client that falls further behind is disconnected (it resumes with Last-Event-ID)
 * @param perKey {@code DDIFFUSION_EVENTS_STREAMS_PER_KEY}: open streams one API key may hold on this node
 * @param total {@code DDIFFUSION_EVENTS_STREAMS}: open streams this node serves at most
 */
public record EventStreamSettings(Duration heartbeat, long bufferBytes, int perKey, int total) {
    public static final String HEARTBEAT = "DDIFFUSION_EVENTS_HEARTBEAT_SECONDS";
    public static final String BUFFER = "DDIFFUSION_EVENTS_BUFFER_KB";
    public static final String PER_KEY = "DDIFFUSION_EVENTS_STREAMS_PER_KEY";
    public static final String TOTAL = "DDIFFUSION_EVENTS_STREAMS";

    public static EventStreamSettings from(Env env) {
        return new EventStreamSettings(Duration.ofSeconds(env.integer(HEARTBEAT, 15, 1)),
                env.integer(BUFFER, 256, 1) * 1024L, env.integer(PER_KEY, 20, 1), env.integer(TOTAL, 2000, 1));
    }
}
