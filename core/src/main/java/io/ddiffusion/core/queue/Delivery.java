package io.ddiffusion.core.queue;

import io.ddiffusion.schema.common.Queue;
import java.util.UUID;

/**
 * One queue entry handed to a worker. It stays owned by that worker until acknowledged; only if the worker stops
 * heartbeating can another worker reclaim it.
 *
 * @param deliveryCount 1 on first delivery, incremented on every reclaim
 */
public record Delivery(Queue queue, String entryId, UUID taskId, String taskName, int deliveryCount) {
}
