package io.ddiffusion.core.webhooks;

import static io.ddiffusion.core.task.TaskBuilder.aPendingTask;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddiffusion.core.store.TaskStore;
import io.ddiffusion.core.task.Task;
import io.ddiffusion.schema.common.Progress;
import io.ddiffusion.schema.common.WebhookDeliveryInfo;
import io.ddiffusion.schema.common.WebhookEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every webhook outbox must do, driven through the task store whose changes schedule its messages (the only
 * scheduler in production): embedded here, Redis in the redis module. Times given to claim and to the answers are
 * chosen by the tests, far from the real clock the stores schedule with, so nothing depends on how fast a test runs.
 */
public abstract class WebhookOutboxContract {
    private static final Duration LIFETIME = Duration.ofMinutes(5);
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final String URL = "https://hooks.example/receive?token=t";

    /** A store and the outbox its changes schedule messages in, both fresh and empty. */
    public record Backend(TaskStore store, WebhookOutbox outbox) {
    }

    protected abstract Backend backend();

    /** A moment after every message the stores scheduled (with the real clock) is due. */
    private static Instant later() {
        return Instant.now().plusSeconds(3600);
    }

    /** As the API submits one: the task carries its webhook, registered in the outbox before the task exists. */
    private static Task hooked(Backend b, WebhookEvent... events) {
        return b.store().create(registered(b, List.of(events), LIFETIME));
    }

    private static Task registered(Backend b, List<WebhookEvent> events, Duration lifetime) {
        Webhook webhook = new Webhook(URL, events);
        Task t = aPendingTask().build().withWebhook(webhook);
        b.outbox().register(t.id(), webhook, lifetime);
        return t;
    }

    private static Task started(Backend b, Task t) {
        t = b.store().update(t.received("w1", 1));
        return b.store().update(t.started(Instant.now()));
    }

    @Test
    void aTaskWithoutAWebhookIsOwedNothing() {
        Backend b = backend();
        Task t = b.store().create(aPendingTask().build());
        t = started(b, t);
        t = b.store().update(t.progressed(new Progress(1, 2)));
        b.store().appendLog(t.id(), "line");
        b.store().update(t.succeeded(List.of(), "done", Instant.now()));

        assertThat(b.outbox().claim(later(), LEASE, 10)).isEmpty();
        assertThat(b.outbox().deliveries(t.id())).isEmpty();
    }

    @Test
    void startAndCompletedAreScheduledByTheChangesAndHandedOutWithTheUrlAndAnId() {
        Backend b = backend();
        Task t = started(b, hooked(b, WebhookEvent.START, WebhookEvent.COMPLETED));

        List<WebhookDelivery> first = b.outbox().claim(later(), LEASE, 10);
        assertThat(first).singleElement().satisfies(d -> {
            assertThat(d.taskId()).isEqualTo(t.id());
            assertThat(d.event()).isEqualTo(WebhookEvent.START);
            assertThat(d.attempt()).isEqualTo(1);
            assertThat(d.url()).isEqualTo(URL);
            assertThat(d.messageId()).startsWith("msg_");
        });
        Instant at = later();
        b.outbox().delivered(first.getFirst(), 204, at);
        b.store().update(t.succeeded(List.of("out.png"), null, Instant.now()));

        List<WebhookDelivery> second = b.outbox().claim(later(), LEASE, 10);
        assertThat(second).singleElement().satisfies(d -> {
            assertThat(d.event()).isEqualTo(WebhookEvent.COMPLETED);
            assertThat(d.messageId()).isNotEqualTo(first.getFirst().messageId());
        });
        b.outbox().delivered(second.getFirst(), 200, at);

        assertThat(b.outbox().claim(later(), LEASE, 10)).isEmpty();
        assertThat(b.outbox().deliveries(t.id())).extracting(WebhookDeliveryInfo::event, WebhookDeliveryInfo::state,
                WebhookDeliveryInfo::attempts, WebhookDeliveryInfo::responseStatus).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(WebhookEvent.START, "delivered", 1, 204),
                        org.assertj.core.groups.Tuple.tuple(WebhookEvent.COMPLETED, "delivered", 1, 200));
        assertThat(b.outbox().deliveries(t.id())).allSatisfy(i -> {
            assertThat(i.deliveredAt()).isEqualTo(at.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
            assertThat(i.nextAttemptAt()).isNull();
        });
    }

    @Test
    void onlyTheEventsTheFilterNamesAreSent() {
        Backend b = backend();
        Task t = started(b, hooked(b, WebhookEvent.COMPLETED));
        t = b.store().update(t.progressed(new Progress(1, 2)));
        b.store().appendLog(t.id(), "line");

        assertThat(b.outbox().claim(later(), LEASE, 10)).isEmpty();

        b.store().update(t.failed("boom", Instant.now()));
        assertThat(b.outbox().claim(later(), LEASE, 10)).extracting(WebhookDelivery::event)
                .containsExactly(WebhookEvent.COMPLETED);
    }

    @Test
    void startIsSentForTheFirstStartOnlyEvenWhenAReclaimedTaskStartsAgain() {
        Backend b = backend();
        Task t = started(b, hooked(b, WebhookEvent.START));
        WebhookDelivery start = b.outbox().claim(later(), LEASE, 10).getFirst();
        b.outbox().delivered(start, 200, later());

        t = b.store().update(t.requeued("0-2"));
        started(b, t);

        assertThat(b.outbox().claim(later(), LEASE, 10)).isEmpty();
    }

    @Test
    void progressChangesWhileAMessageWaitsAreMergedIntoIt() {
        Backend b = backend();
        Task t = started(b, hooked(b, WebhookEvent.PROGRESS));
        for (int i = 1; i <= 5; i++) {
            t = b.store().update(t.progressed(new Progress(i, 5)));
        }

        assertThat(b.outbox().claim(later(), LEASE, 10)).singleElement()
                .extracting(WebhookDelivery::event).isEqualTo(WebhookEvent.PROGRESS);
    }

    @Test
    void aChangeDuringAnAttemptSendsAnotherMessageNoSoonerThanTheThrottleAfterIt() {
        Backend b = backend();
        Task t = started(b, hooked(b, WebhookEvent.PROGRESS));
        t = b.store().update(t.progressed(new Progress(1, 5)));
        Instant now = later();
        WebhookDelivery sending = b.outbox().claim(now, LEASE, 10).getFirst();

        t = b.store().update(t.progressed(new Progress(2, 5)));
        b.outbox().delivered(sending, 200, now);

        assertThat(b.outbox().claim(now.plus(WebhookOutbox.THROTTLE).minusMillis(1), LEASE, 10)).isEmpty();
        assertThat(b.outbox().claim(now.plus(WebhookOutbox.THROTTLE), LEASE, 10)).singleElement()
                .satisfies(d -> assertThat(d.messageId()).isNotEqualTo(sending.messageId()));
    }

    @Test
    void aChangeAfterADeliveryWaitsForTheThrottle() {
        Backend b = backend();
        Task t = started(b, hooked(b, WebhookEvent.LOGS));
        b.store().appendLog(t.id(), "one");
        Instant delivered = later();
        b.outbox().delivered(b.outbox().claim(delivered, LEASE, 10).getFirst(), 200, delivered);

        b.store().appendLog(t.id(), "two");

        assertThat(b.outbox().claim(delivered.plus(WebhookOutbox.THROTTLE).minusMillis(1), LEASE, 10)).isEmpty();
        assertThat(b.outbox().claim(delivered.plus(WebhookOutbox.THROTTLE), LEASE, 10))
                .extracting(WebhookDelivery::event).containsExactly(WebhookEvent.LOGS);
    }

    @Test
    void completedSupersedesAWaitingProgressMessage() {
        Backend b = backend();
        Task t = started(b, hooked(b, WebhookEvent.PROGRESS, WebhookEvent.COMPLETED));
        t = b.store().update(t.progressed(new Progress(1, 2)));
        b.store().update(t.succeeded(List.of(), "done", Instant.now()));

        assertThat(b.outbox().claim(later(), LEASE, 10)).extracting(WebhookDelivery::event)
                .containsExactly(WebhookEvent.COMPLETED);
        assertThat(b.outbox().deliveries(t.id())).filteredOn(i -> i.event() == WebhookEvent.PROGRESS)
                .extracting(WebhookDeliveryInfo::state).containsExactly("superseded");
    }

    @Test
    void aFailedAttemptIsRetriedWhenAskedWithTheSameIdAndCounted() {
        Backend b = backend();
        started(b, hooked(b, WebhookEvent.START));
        Instant now = later();
        WebhookDelivery first = b.outbox().claim(now, LEASE, 10).getFirst();

        b.outbox().failed(first, 503, "HTTP 503", now.plusSeconds(5), now);

        assertThat(b.outbox().claim(now.plusSeconds(5).minusMillis(1), LEASE, 10)).isEmpty();
        assertThat(b.outbox().deliveries(first.taskId())).singleElement().satisfies(i -> {
            assertThat(i.state()).isEqualTo("pending");
            assertThat(i.attempts()).isEqualTo(1);
            assertThat(i.responseStatus()).isEqualTo(503);
            assertThat(i.error()).isEqualTo("HTTP 503");
            assertThat(i.nextAttemptAt()).isEqualTo(now.plusSeconds(5).truncatedTo(
                    java.time.temporal.ChronoUnit.MILLIS));
        });
        WebhookDelivery second = b.outbox().claim(now.plusSeconds(5), LEASE, 10).getFirst();
        assertThat(second.messageId()).isEqualTo(first.messageId());
        assertThat(second.attempt()).isEqualTo(2);

        b.outbox().failed(second, null, "connection refused", null, now.plusSeconds(5));

        assertThat(b.outbox().claim(now.plusSeconds(86_400), LEASE, 10)).isEmpty();
        assertThat(b.outbox().deliveries(first.taskId())).singleElement().satisfies(i -> {
            assertThat(i.state()).isEqualTo("failed");
            assertThat(i.attempts()).isEqualTo(2);
            assertThat(i.responseStatus()).isNull();
            assertThat(i.error()).isEqualTo("connection refused");
            assertThat(i.nextAttemptAt()).isNull();
        });
    }

    @Test
    void aLeaseThatRunsOutHandsTheMessageToTheNextClaimAndTheLateAnswerCountsForNothing() {
        Backend b = backend();
        started(b, hooked(b, WebhookEvent.START));
        Instant now = later();
        WebhookDelivery lost = b.outbox().claim(now, LEASE, 10).getFirst();

        assertThat(b.outbox().claim(now.plus(LEASE).minusMillis(1), LEASE, 10)).isEmpty();
        WebhookDelivery again = b.outbox().claim(now.plus(LEASE), LEASE, 10).getFirst();
        assertThat(again.messageId()).isEqualTo(lost.messageId());
        assertThat(again.lease()).isNotEqualTo(lost.lease());

        b.outbox().delivered(lost, 200, now);
        assertThat(b.outbox().deliveries(lost.taskId()).getFirst().state()).isEqualTo("pending");

        b.outbox().delivered(again, 200, now.plus(LEASE));
        assertThat(b.outbox().deliveries(lost.taskId()).getFirst().state()).isEqualTo("delivered");
    }

    @Test
    void claimsHandOutAtMostTheMaximumOldestFirstAndEachMessageOnce() {
        Backend b = backend();
        Task first = started(b, hooked(b, WebhookEvent.START));
        Task second = started(b, hooked(b, WebhookEvent.START));
        Task third = started(b, hooked(b, WebhookEvent.START));
        Instant now = later();
        List<WebhookDelivery> all = b.outbox().claim(now, LEASE, 10);
        assertThat(all).extracting(WebhookDelivery::taskId).containsExactlyInAnyOrder(first.id(), second.id(),
                third.id());
        // why: distinct due times (the stores scheduled the three within the same millisecond, perhaps)
        for (WebhookDelivery d : all) {
            int rank = d.taskId().equals(second.id()) ? 1 : d.taskId().equals(third.id()) ? 2 : 3;
            b.outbox().failed(d, 500, "HTTP 500", now.plusSeconds(rank), now);
        }
        Instant retry = now.plusSeconds(10);

        List<WebhookDelivery> one = b.outbox().claim(retry, LEASE, 2);
        List<WebhookDelivery> two = b.outbox().claim(retry, LEASE, 2);

        assertThat(one).extracting(WebhookDelivery::taskId).containsExactly(second.id(), third.id());
        assertThat(two).extracting(WebhookDelivery::taskId).containsExactly(first.id());
        assertThat(b.outbox().claim(retry, LEASE, 2)).isEmpty();
    }

    @Test
    void aRegistrationThatExpiredWithoutItsTaskLivingOnSchedulesNothing() throws InterruptedException {
        Backend b = backend();
        Task t = b.store().create(registered(b, List.of(WebhookEvent.LOGS), Duration.ofMillis(20)));
        Thread.sleep(100);

        b.store().appendLog(t.id(), "line");

        assertThat(b.outbox().claim(later(), LEASE, 10)).isEmpty();
        assertThat(b.outbox().deliveries(t.id())).isEmpty();
    }

    @Test
    void aForgottenRegistrationSchedulesNothing() {
        Backend b = backend();
        Task t = registered(b, List.of(WebhookEvent.START), LIFETIME);
        b.outbox().forget(t.id());
        started(b, b.store().create(t));

        assertThat(b.outbox().claim(later(), LEASE, 10)).isEmpty();
        assertThat(b.outbox().deliveries(t.id())).isEmpty();
    }
}
