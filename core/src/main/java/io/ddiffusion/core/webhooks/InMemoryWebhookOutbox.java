package io.ddiffusion.core.webhooks;

import io.ddiffusion.core.events.TaskEvent;
import io.ddiffusion.schema.common.TaskStatus;
import io.ddiffusion.schema.common.WebhookDeliveryInfo;
import io.ddiffusion.schema.common.WebhookEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The embedded outbox: registrations and messages in this process, scheduled from the events the embedded task store
 * writes ({@link #onEvent}, handed every event by {@link io.ddiffusion.core.events.InMemoryTaskEvents}). The same
 * rules as the Redis outbox, held to the same contract. One lock guards everything: an embedded server sends few
 * webhooks, and a claim scans the registrations.
 */
public final class InMemoryWebhookOutbox implements WebhookOutbox {
    private final Clock clock;
    private final Map<UUID, Registration> hooks = new HashMap<>();
    private long leases;

    private static final class Registration {
        final Webhook webhook;
        final Duration lifetime;
        Instant expiresAt;
        boolean started;
        boolean closed;
        long seq;
        final Map<WebhookEvent, Message> messages = new EnumMap<>(WebhookEvent.class);
        final Map<WebhookEvent, Instant> lastDelivered = new EnumMap<>(WebhookEvent.class);

        Registration(Webhook webhook, Duration lifetime, Instant now) {
            this.webhook = webhook;
            this.lifetime = lifetime;
            this.expiresAt = now.plus(lifetime);
        }
    }

    /** A kind's latest message; {@code due} is set while it waits or is leased. */
    private static final class Message {
        final String id;
        String state = "pending";
        int attempts;
        Integer status;
        String error;
        Instant due;
        Instant deliveredAt;
        String lease;
        boolean dirty;

        Message(String id, Instant due) {
            this.id = id;
            this.due = due;
        }
    }

    public InMemoryWebhookOutbox(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized void register(UUID taskId, Webhook webhook, Duration lifetime) {
        hooks.put(taskId, new Registration(webhook, lifetime, clock.instant()));
    }

    @Override
    public synchronized void forget(UUID taskId) {
        hooks.remove(taskId);
    }

    /** Schedules what {@code event} of the task calls for (see {@link WebhookOutbox}). */
    public synchronized void onEvent(UUID taskId, TaskEvent event) {
        Instant now = clock.instant();
        Registration r = live(taskId, now);
        if (r == null || r.closed) {
            return;
        }
        switch (event.kind()) {
            case STATUS -> {
                r.expiresAt = now.plus(r.lifetime);
                TaskStatus status = event.status();
                if (status == TaskStatus.STARTED && !r.started) {
                    r.started = true;
                    if (r.webhook.wants(WebhookEvent.START)) {
                        schedule(taskId, r, WebhookEvent.START, now);
                    }
                } else if (status.isTerminal()) {
                    r.closed = true;
                    if (r.webhook.wants(WebhookEvent.COMPLETED)) {
                        schedule(taskId, r, WebhookEvent.COMPLETED, now);
                    }
                    supersede(r, WebhookEvent.PROGRESS);
                    supersede(r, WebhookEvent.LOGS);
                }
            }
            case PROGRESS -> {
                r.expiresAt = now.plus(r.lifetime);
                throttled(taskId, r, WebhookEvent.PROGRESS, now);
            }
            case LOG -> throttled(taskId, r, WebhookEvent.LOGS, now);
        }
    }

    private void throttled(UUID taskId, Registration r, WebhookEvent kind, Instant now) {
        if (r.webhook.wants(kind)) {
            Instant last = r.lastDelivered.get(kind);
            Instant at = last == null || !last.plus(THROTTLE).isAfter(now) ? now : last.plus(THROTTLE);
            schedule(taskId, r, kind, at);
        }
    }

    /** A new message at {@code at}, unless one of the kind waits (it will carry this change) or is being sent. */
    private void schedule(UUID taskId, Registration r, WebhookEvent kind, Instant at) {
        Message m = r.messages.get(kind);
        if (m != null && m.due != null) {
            if (m.lease != null) {
                m.dirty = true;
            }
            return;
        }
        r.seq++;
        r.messages.put(kind, new Message(WebhookMessages.id(taskId, r.seq), at));
    }

    /** A waiting progress or logs message is dropped once the task finished: completed carries the final state. */
    private static void supersede(Registration r, WebhookEvent kind) {
        Message m = r.messages.get(kind);
        if (m != null && m.due != null && m.lease == null) {
            m.due = null;
            m.state = "superseded";
        }
    }

    @Override
    public synchronized List<WebhookDelivery> claim(Instant now, Duration lease, int max) {
        record Due(UUID taskId, Registration r, WebhookEvent kind, Message m) {
        }
        List<Due> due = new ArrayList<>();
        // why: expiry follows the clock the registrations were made with, like Redis' own expiry; now is the caller's
        Instant clockNow = clock.instant();
        hooks.entrySet().removeIf(e -> !e.getValue().expiresAt.isAfter(clockNow));
        hooks.forEach((id, r) -> r.messages.forEach((kind, m) -> {
            if (m.due != null && !m.due.isAfter(now)) {
                due.add(new Due(id, r, kind, m));
            }
        }));
        due.sort(Comparator.comparing((Due d) -> d.m.due));
        List<WebhookDelivery> claimed = new ArrayList<>();
        for (Due d : due.subList(0, Math.min(max, due.size()))) {
            d.m.lease = "lease-" + (++leases);
            d.m.due = now.plus(lease);
            d.m.dirty = false;
            claimed.add(new WebhookDelivery(d.taskId, d.kind, d.m.id, d.m.attempts + 1, d.r.webhook.url(),
                    d.m.lease));
        }
        return claimed;
    }

    @Override
    public synchronized void delivered(WebhookDelivery delivery, int status, Instant now) {
        Registration r = hooks.get(delivery.taskId());
        Message m = leased(r, delivery);
        if (m == null) {
            return;
        }
        m.attempts++;
        m.status = status;
        m.error = null;
        m.state = "delivered";
        m.deliveredAt = now;
        m.lease = null;
        m.due = null;
        r.lastDelivered.put(delivery.event(), now);
        if (m.dirty && !r.closed) {
            schedule(delivery.taskId(), r, delivery.event(), now.plus(THROTTLE));
        }
    }

    @Override
    public synchronized void failed(WebhookDelivery delivery, Integer status, String error, Instant retryAt,
            Instant now) {
        Message m = leased(hooks.get(delivery.taskId()), delivery);
        if (m == null) {
            return;
        }
        m.attempts++;
        m.status = status;
        m.error = error;
        m.lease = null;
        m.due = retryAt;
        m.state = retryAt == null ? "failed" : "pending";
    }

    private static Message leased(Registration r, WebhookDelivery delivery) {
        if (r == null) {
            return null;
        }
        Message m = r.messages.get(delivery.event());
        return m != null && m.id.equals(delivery.messageId()) && delivery.lease().equals(m.lease) ? m : null;
    }

    @Override
    public synchronized List<WebhookDeliveryInfo> deliveries(UUID taskId) {
        Registration r = live(taskId, clock.instant());
        if (r == null) {
            return List.of();
        }
        List<WebhookDeliveryInfo> out = new ArrayList<>();
        r.messages.forEach((kind, m) -> out.add(new WebhookDeliveryInfo(kind, m.id, m.state, m.attempts, m.status,
                m.error, millis("pending".equals(m.state) && m.lease == null ? m.due : null), millis(m.deliveredAt))));
        return out;
    }

    /** Times as the Redis outbox keeps them, so both show the same. */
    private static Instant millis(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.MILLIS);
    }

    private Registration live(UUID taskId, Instant now) {
        Registration r = hooks.get(taskId);
        return r == null || !r.expiresAt.isAfter(now) ? null : r;
    }
}
