package io.ddiffusion.core.queue;

import io.ddiffusion.schema.common.Queue;
import java.util.UUID;

/**
 * One queue entry handed to a worker. It stays owned by that worker until acknowledged; only if the worker stops
 * heartbeating can another worker reclaim it. The worker and the delivery count together are the delivery's fencing
 * token: once the entry was delivered again (to another worker, or to the same one), this delivery can no longer
 * acknowledge it.
 *
 * @param deliveryCount 1 on first delivery, incremented on every reclaim or take-back
 * @param worker the worker it was delivered to
 */
public record Delivery(Queue queue, String entryId, UUID taskId, String taskName, int deliveryCount, String worker) {
}
