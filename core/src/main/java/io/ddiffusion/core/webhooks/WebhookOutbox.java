package io.ddiffusion.core.webhooks;

import io.ddiffusion.schema.common.WebhookDeliveryInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The messages tasks' webhooks are owed. A message is scheduled by the task store in the step that changes the task:
 * {@code start} for the first start, {@code completed} for the end (a waiting progress or logs message is then
 * dropped as superseded, since completed carries the final state), and for {@code progress} and {@code logs} at most
 * one waiting message per task and kind (it carries the latest state when it is sent, so changes in between are not
 * lost, only merged) and no sooner than {@link #THROTTLE} after the last one was delivered. API nodes {@link #claim}
 * due messages, send them and record the answer; a claim is a lease, so a node that dies mid-send leaves the message
 * to another node once the lease ends (at least once). Registrations and messages live as long as the task's record.
 * Implementations are thread-safe.
 */
public interface WebhookOutbox extends AutoCloseable {
    /** The least time between two {@code progress} (or two {@code logs}) messages of one task. */
    Duration THROTTLE = Duration.ofMillis(500);

    /** Records the webhook of a task about to be created; it expires after {@code lifetime} unless the task lives. */
    void register(UUID taskId, Webhook webhook, Duration lifetime);

    /** Drops the registration of a task that was not created after all (a replayed or refused submit). */
    void forget(UUID taskId);

    /**
     * Leases up to {@code max} messages due at {@code now} until {@code now + lease}, oldest due first. Messages of
     * tasks whose registration expired are dropped.
     */
    List<WebhookDelivery> claim(Instant now, Duration lease, int max);

    /** The receiver answered 2xx. A progress or logs change that came during the attempt schedules the next message. */
    void delivered(WebhookDelivery delivery, int status, Instant now);

    /**
     * The attempt failed.
     *
     * @param status the receiver's HTTP status, or null when there was no answer
     * @param error what went wrong, in a few words (never the receiver's body)
     * @param retryAt when to try again, or null to give the message up
     */
    void failed(WebhookDelivery delivery, Integer status, String error, Instant retryAt, Instant now);

    /** Each event kind's latest message for the task, in {@link io.ddiffusion.schema.common.WebhookEvent} order. */
    List<WebhookDeliveryInfo> deliveries(UUID taskId);

    @Override
    default void close() {
    }
}
