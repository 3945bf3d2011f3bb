package io.ddiffusion.api.deliveries;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ddiffusion.api.images.ImagesResource;
import io.ddiffusion.api.tasks.TaskReader;
import io.ddiffusion.api.tasks.TaskView;
import io.ddiffusion.api.texts.TextsResource;
import io.ddiffusion.api.videos.VideosResource;
import io.ddiffusion.api.webhooks.WebhookSender;
import io.ddiffusion.api.webhooks.WebhookSettings;
import io.ddiffusion.api.webhooks.WebhookSignature;
import io.ddiffusion.api.webhooks.WebhookTargets;
import io.ddiffusion.api.workflows.WorkflowsResource;
import io.ddiffusion.core.store.TaskStore;
import io.ddiffusion.core.task.Task;
import io.ddiffusion.core.webhooks.WebhookDelivery;
import io.ddiffusion.core.webhooks.WebhookOutbox;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Sends what the {@link WebhookOutbox} owes, from every API node: claims due messages a few times a second, POSTs
 * each on a virtual thread (the task's {@code GET} body as it is now, fresh signed URLs included, signed per
 * Standard Webhooks), and records the answer: 2xx delivered; 410 Gone given up (the receiver asked to stop);
 * anything else, no answer or a refused target retried after {@code DDIFFUSION_WEBHOOK_RETRY_SECONDS}, then given
 * up. A claim is a lease longer than an attempt can take, so a node that dies mid-send leaves the message to the next
 * claim (at least once; receivers deduplicate by {@code webhook-id}, the same on every attempt).
 */
@ApplicationScoped
public class WebhookDispatcher {
    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);
    static final Duration POLL = Duration.ofMillis(250);
    /** Messages one node sends at once; more wait for the next claim. */
    static final int IN_FLIGHT = 64;

    private static final Map<String, Function<TaskView, Object>> BODIES = Map.of(
            "images", ImagesResource::response, "texts", TextsResource::response,
            "videos", VideosResource::response, "workflows", WorkflowsResource::response);

    @Inject
    WebhookOutbox outbox;
    @Inject
    WebhookSettings settings;
    @Inject
    TaskStore store;
    @Inject
    TaskReader reader;
    @Inject
    ObjectMapper mapper;
    @Inject
    Vertx vertx;
    @Inject
    Clock clock;

    private final Semaphore slots = new Semaphore(IN_FLIGHT);
    private ExecutorService sends;
    private WebhookSender sender;
    private volatile Thread loop;
    private volatile boolean stopped;

    void start(@Observes StartupEvent event) {
        if (!settings.enabled()) {
            return;
        }
        sender = new WebhookSender(vertx, settings.timeout());
        sends = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("ddiffusion-webhook-", 0).factory());
        loop = Thread.ofVirtual().name("ddiffusion-webhooks").start(this::run);
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        Thread t = loop;
        if (t == null) {
            return;
        }
        t.interrupt();
        sends.shutdown();
        try {
            // why: an attempt under way finishes and records its answer; one cut off is retried after its lease
            sends.awaitTermination(settings.timeout().toSeconds() + 1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sender.close();
    }

    /** The lease of a claim: longer than an attempt can take, so no other node sends it meanwhile. */
    Duration lease() {
        return settings.timeout().multipliedBy(2).plusSeconds(30);
    }

    private void run() {
        while (!stopped) {
            try {
                int free = slots.availablePermits();
                List<WebhookDelivery> due = free == 0 ? List.of() : outbox.claim(clock.instant(), lease(), free);
                for (WebhookDelivery d : due) {
                    slots.acquireUninterruptibly();
                    sends.execute(() -> {
                        try {
                            attempt(d);
                        } finally {
                            slots.release();
                        }
                    });
                }
                if (due.size() < free) {
                    Thread.sleep(POLL);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // why: a broker outage must not end the loop; its messages wait in the broker meanwhile
                LOG.warnf("cannot claim webhook messages: %s", e.getMessage());
                try {
                    Thread.sleep(Duration.ofSeconds(1));
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /** Sends one message and records the answer. */
    void attempt(WebhookDelivery d) {
        try {
            Optional<Task> task = store.find(d.taskId());
            if (task.isEmpty()) {
                outbox.failed(d, null, "the task expired", null, clock.instant());
                return;
            }
            byte[] body = body(task.get());
            URI uri;
            InetAddress address;
            try {
                uri = WebhookTargets.parse(d.url(), settings.allowPrivate());
                address = WebhookTargets.resolve(uri, settings.allowPrivate());
            } catch (WebhookTargets.RefusedTargetException e) {
                retryOrGiveUp(d, null, "the webhook " + e.getMessage());
                return;
            }
            long timestamp = clock.instant().getEpochSecond();
            Map<String, String> headers = Map.of("content-type", "application/json",
                    "webhook-id", d.messageId(),
                    "webhook-timestamp", Long.toString(timestamp),
                    "webhook-signature", WebhookSignature.sign(settings.secret().orElseThrow(), d.messageId(),
                            timestamp, body),
                    "user-agent", "deferred-diffusion-webhooks");
            WebhookSender.Answer answer = sender.post(uri, address, headers, body, settings.timeout());
            if (answer.delivered()) {
                outbox.delivered(d, answer.status(), clock.instant());
                LOG.debugf("[%s] webhook %s %s delivered (HTTP %d)", d.taskId(), d.event().id(), d.messageId(),
                        answer.status());
            } else if (answer.status() != null && answer.status() == 410) {
                outbox.failed(d, 410, "the receiver answered 410 Gone", null, clock.instant());
            } else {
                retryOrGiveUp(d, answer.status(), answer.status() != null ? "HTTP " + answer.status()
                        : answer.error());
            }
        } catch (RuntimeException e) {
            // why: the message stays leased and is retried when the lease ends
            LOG.warnf("[%s] webhook %s: %s", d.taskId(), d.messageId(), e.getMessage());
        }
    }

    private void retryOrGiveUp(WebhookDelivery d, Integer status, String error) {
        Instant now = clock.instant();
        List<Duration> retries = settings.retries();
        Instant retryAt = d.attempt() <= retries.size() ? now.plus(retries.get(d.attempt() - 1)) : null;
        outbox.failed(d, status, error, retryAt, now);
        if (retryAt == null) {
            LOG.warnf("[%s] webhook %s %s given up after %d attempts: %s", d.taskId(), d.event().id(),
                    d.messageId(), d.attempt(), error);
        } else {
            LOG.infof("[%s] webhook %s %s attempt %d failed (%s), retry at %s", d.taskId(), d.event().id(),
                    d.messageId(), d.attempt(), error, retryAt);
        }
    }

    /** The task's GET body, as its domain's route writes it. */
    byte[] body(Task task) {
        Function<TaskView, Object> response = BODIES.get(task.domain());
        if (response == null) {
            throw new IllegalStateException("no GET body for domain " + task.domain());
        }
        try {
            return mapper.writeValueAsBytes(response.apply(reader.view(task)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
