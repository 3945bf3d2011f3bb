package io.ddiffusion.core.events;

import static io.ddiffusion.core.task.TaskBuilder.aPendingTask;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddiffusion.core.store.TaskStore;
import io.ddiffusion.core.task.Task;
import io.ddiffusion.schema.common.Progress;
import io.ddiffusion.schema.common.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * What every task event log must do, driven through the task store that writes it (the only writer in production):
 * embedded here, Redis in the redis module.
 */
public abstract class TaskEventsContract {

    /** A store and the event log it writes to, both fresh and empty. */
    public record Backend(TaskStore store, TaskEvents events) {
    }

    protected abstract Backend backend();

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void statusProgressAndLogChangesAreEventsInTheOrderOfTheChanges() {
        Backend b = backend();
        Task t = b.store().create(aPendingTask().build());
        t = b.store().update(t.received("w1", 1));
        t = b.store().update(t.started(Instant.now()));
        t = b.store().update(t.progressed(new Progress(1, 3)));
        b.store().appendLog(t.id(), "first line");
        t = b.store().update(t.progressed(new Progress(2, 3)));
        b.store().update(t.succeeded(List.of(), "done", Instant.now()));

        List<TaskEvent> events = b.events().read(t.id(), null, 100);

        assertThat(events).extracting(TaskEvent::kind, TaskEvent::value).containsExactly(
                kv(TaskEvent.Kind.STATUS, "RECEIVED"), kv(TaskEvent.Kind.STATUS, "STARTED"),
                kv(TaskEvent.Kind.PROGRESS, "1/3"), kv(TaskEvent.Kind.LOG, "first line"),
                kv(TaskEvent.Kind.PROGRESS, "2/3"), kv(TaskEvent.Kind.STATUS, "SUCCESS"));
        assertThat(events).allSatisfy(e -> assertThat(EventIds.valid(e.id())).isTrue());
        for (int i = 1; i < events.size(); i++) {
            assertThat(EventIds.compare(events.get(i - 1).id(), events.get(i).id())).isNegative();
        }
        assertThat(events.get(2).progress()).isEqualTo(new Progress(1, 3));
        assertThat(events.getLast().status()).isEqualTo(TaskStatus.SUCCESS);
    }

    @Test
    void aLineWrittenWithAChangeComesRightAfterTheChangesEvents() {
        Backend b = backend();
        Task t = b.store().create(aPendingTask().build());
        t = b.store().update(t.received("w1", 1));
        b.store().update(t.started(Instant.now()), "Started on worker w1");

        assertThat(b.events().read(t.id(), null, 100)).extracting(TaskEvent::kind, TaskEvent::value).containsExactly(
                kv(TaskEvent.Kind.STATUS, "RECEIVED"), kv(TaskEvent.Kind.STATUS, "STARTED"),
                kv(TaskEvent.Kind.LOG, "Started on worker w1"));
        assertThat(b.store().logs(t.id())).containsExactly("Started on worker w1");
    }

    @Test
    void updatesThatChangeNeitherStatusNorProgressWriteNoEvent() {
        Backend b = backend();
        Task t = b.store().create(aPendingTask().build());
        t = b.store().update(t.received("w1", 1));
        t = b.store().update(t.started(Instant.now()));
        t = b.store().update(t.progressed(new Progress(1, 3)));
        t = b.store().update(t.checkpointed("job", "j-1"));
        b.store().update(t.progressed(new Progress(1, 3)));

        assertThat(b.events().read(t.id(), null, 100)).extracting(TaskEvent::value)
                .containsExactly("RECEIVED", "STARTED", "1/3");
    }

    @Test
    void aFinishedTaskWrittenAgainGetsAProgressEventOnlyWhenItsProgressChanged() {
        Backend b = backend();
        Task t = b.store().create(aPendingTask().build());
        t = b.store().update(t.received("w1", 1));
        t = b.store().update(t.started(Instant.now()));
        t = b.store().update(t.progressed(new Progress(2, 3)));
        t = b.store().update(t.succeeded(List.of(), null, Instant.now()));
        t = b.store().update(t.checkpointed("job", "j-1"));
        b.store().update(withProgress(t, new Progress(3, 3)));

        assertThat(b.events().read(t.id(), null, 100)).extracting(TaskEvent::value)
                .containsExactly("RECEIVED", "STARTED", "2/3", "SUCCESS", "3/3");
    }

    @Test
    void readingAfterAnIdGivesOnlyLaterEventsUpToTheMaximum() {
        Backend b = backend();
        Task t = b.store().create(aPendingTask().build());
        for (int i = 0; i < 5; i++) {
            b.store().appendLog(t.id(), "line " + i);
        }
        List<TaskEvent> all = b.events().read(t.id(), null, 100);

        assertThat(b.events().read(t.id(), all.get(1).id(), 100)).extracting(TaskEvent::value)
                .containsExactly("line 2", "line 3", "line 4");
        assertThat(b.events().read(t.id(), all.get(1).id(), 2)).extracting(TaskEvent::value)
                .containsExactly("line 2", "line 3");
        assertThat(b.events().read(t.id(), all.getLast().id(), 100)).isEmpty();
        assertThat(b.events().read(t.id(), "0-1", 100)).as("an id older than every event kept").hasSize(5);
    }

    @Test
    void unknownTasksAndLogLinesOfUnknownTasksHaveNoEvents() {
        Backend b = backend();
        UUID unknown = UUID.randomUUID();
        b.store().appendLog(unknown, "nobody's line");

        assertThat(b.events().read(unknown, null, 100)).isEmpty();
    }

    @Test
    void onlyTheLatestEventsAreKept() {
        Backend b = backend();
        Task t = b.store().create(aPendingTask().build());
        int written = TaskEvents.KEPT + 300;
        for (int i = 0; i < written; i++) {
            b.store().appendLog(t.id(), "line " + i);
        }

        List<TaskEvent> kept = b.events().read(t.id(), null, Integer.MAX_VALUE);

        assertThat(kept.size()).isBetween(TaskEvents.KEPT, written - 1);
        assertThat(kept.getLast().value()).isEqualTo("line " + (written - 1));
        assertThat(kept.getFirst().value()).isEqualTo("line " + (written - kept.size()));
    }

    @Test
    void aSubscriptionGetsTheKeptEventsAfterItsIdThenEveryNewOneWithoutGapsOrDuplicates() throws Exception {
        Backend b = backend();
        Task t = b.store().create(aPendingTask().build());
        for (int i = 0; i < 3; i++) {
            b.store().appendLog(t.id(), "before " + i);
        }
        String afterFirst = b.events().read(t.id(), null, 1).getFirst().id();
        List<TaskEvent> got = new CopyOnWriteArrayList<>();
        Thread writer = Thread.ofVirtual().start(() -> {
            for (int i = 0; i < 200; i++) {
                b.store().appendLog(t.id(), "during " + i);
            }
        });

        try (TaskEvents.Subscription s = b.events().subscribe(t.id(), afterFirst, got::addAll)) {
            writer.join();
            List<String> expected = new ArrayList<>(List.of("before 1", "before 2"));
            for (int i = 0; i < 200; i++) {
                expected.add("during " + i);
            }
            eventually(() -> assertThat(got).extracting(TaskEvent::value)
                    .containsExactlyElementsOf(expected));
        }
    }

    @Test
    void aSubscriptionFromNowOnGetsOnlyNewEventsAndNothingAfterItIsClosed() throws Exception {
        Backend b = backend();
        Task t = b.store().create(aPendingTask().build());
        b.store().appendLog(t.id(), "old");
        String last = b.events().read(t.id(), null, 10).getLast().id();
        List<TaskEvent> got = new CopyOnWriteArrayList<>();

        TaskEvents.Subscription s = b.events().subscribe(t.id(), last, got::addAll);
        t = b.store().update(t.received("w1", 1));
        eventually(() -> assertThat(got).extracting(TaskEvent::value)
                .containsExactly("RECEIVED"));
        s.close();
        s.close();
        b.store().appendLog(t.id(), "after close");
        // why: a later subscription sees the line, so the first one had every chance to get it too
        List<TaskEvent> witness = new CopyOnWriteArrayList<>();
        try (TaskEvents.Subscription w = b.events().subscribe(t.id(), last, witness::addAll)) {
            eventually(() -> assertThat(witness).hasSize(2));
        }

        assertThat(got).extracting(TaskEvent::value).containsExactly("RECEIVED");
    }

    @Test
    void theFirstCallHandsOverTheKeptEventsEvenWhenThereAreNone() {
        Backend b = backend();
        Task t = b.store().create(aPendingTask().build());
        List<List<TaskEvent>> calls = new CopyOnWriteArrayList<>();

        try (var s = b.events().subscribe(t.id(), null, calls::add)) {
            eventually(() -> assertThat(calls).hasSize(1));
            b.store().appendLog(t.id(), "live");
            eventually(() -> assertThat(calls).hasSize(2));
        }

        assertThat(calls.get(0)).isEmpty();
        assertThat(calls.get(1)).extracting(TaskEvent::value).containsExactly("live");
    }

    @Test
    void everySubscriberOfATaskGetsEveryEventAndOtherTasksStayApart() {
        Backend b = backend();
        Task t = b.store().create(aPendingTask().build());
        Task other = b.store().create(aPendingTask().build());
        List<TaskEvent> first = new CopyOnWriteArrayList<>();
        List<TaskEvent> second = new CopyOnWriteArrayList<>();
        List<TaskEvent> ofOther = new CopyOnWriteArrayList<>();

        try (var s1 = b.events().subscribe(t.id(), null, first::addAll);
                var s2 = b.events().subscribe(t.id(), null, second::addAll);
                var s3 = b.events().subscribe(other.id(), null, ofOther::addAll)) {
            b.store().appendLog(t.id(), "one");
            b.store().appendLog(other.id(), "elsewhere");
            b.store().appendLog(t.id(), "two");

            eventually(() -> {
                assertThat(first).extracting(TaskEvent::value).containsExactly("one", "two");
                assertThat(second).extracting(TaskEvent::value).containsExactly("one", "two");
                assertThat(ofOther).extracting(TaskEvent::value).containsExactly("elsewhere");
            });
        }
    }

    @Test
    void aListenerThatThrowsLosesItsSubscriptionWithoutHurtingTheWriterOrOthers() {
        Backend b = backend();
        Task t = b.store().create(aPendingTask().build());
        List<TaskEvent> healthy = new CopyOnWriteArrayList<>();
        try (var bad = b.events().subscribe(t.id(), null, e -> {
            throw new IllegalStateException("listener bug");
        }); var good = b.events().subscribe(t.id(), null, healthy::addAll)) {
            b.store().appendLog(t.id(), "one");
            b.store().appendLog(t.id(), "two");

            eventually(() -> assertThat(healthy).extracting(TaskEvent::value)
                    .containsExactly("one", "two"));
        }
        assertThat(b.store().logs(t.id())).containsExactly("one", "two");
    }

    /** Retries {@code assertion} until it passes or {@link #WAIT} is over (then its last failure is thrown). */
    static void eventually(Runnable assertion) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try {
                assertion.run();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** {@code t} with {@code p}, whatever its status (the task's verbs allow progress only while it runs). */
    private static Task withProgress(Task t, Progress p) {
        return new Task(t.id(), t.name(), t.queue(), t.status(), t.owner(), t.identity(), t.request(), t.inputs(),
                t.queueEntry(), t.queuedAt(), t.startedAt(), t.finishedAt(), t.worker(), t.attempts(), p, t.outputs(),
                t.text(), t.error(), t.checkpoints(), t.trace(), t.webhook(), t.version());
    }

    private static org.assertj.core.groups.Tuple kv(TaskEvent.Kind kind, String value) {
        return org.assertj.core.groups.Tuple.tuple(kind, value);
    }
}
