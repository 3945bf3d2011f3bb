package io.ddiffusion.core.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddiffusion.schema.common.Queue;
import io.ddiffusion.schema.common.QueuePosition;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every broker must do, proven once for all implementations: in-memory here, Redis Streams in the redis
 * module. Subclasses provide a fresh, empty queue.
 */
public abstract class TaskQueueContract {
    protected static final Duration NO_WAIT = Duration.ofMillis(10);
    protected static final Duration SHORT_TTL = Duration.ofMillis(300);
    protected TaskQueue queue;

    protected abstract TaskQueue createQueue();

    @BeforeEach
    void setUpQueue() {
        queue = createQueue();
    }

    @AfterEach
    void closeQueue() {
        queue.close();
    }

    @Test
    void claimedEntriesCarryTaskIdAndNameInOrder() throws Exception {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        queue.enqueue(Queue.GPU, a, "images.sd-xl");
        queue.enqueue(Queue.GPU, b, "images.flux-1");
        queue.heartbeat("w1", Duration.ofSeconds(30));

        List<Delivery> got = queue.claim(Queue.GPU, "w1", 10, NO_WAIT);

        assertThat(got).extracting(Delivery::taskId).containsExactly(a, b);
        assertThat(got).extracting(Delivery::taskName).containsExactly("images.sd-xl", "images.flux-1");
        assertThat(got).extracting(Delivery::deliveryCount).containsOnly(1);
    }

    @Test
    void claimNeverTakesMoreThanAsked() throws Exception {
        for (int i = 0; i < 5; i++) {
            queue.enqueue(Queue.CPU, UUID.randomUUID(), "texts.gpt-5");
        }
        assertThat(queue.claim(Queue.CPU, "w1", 2, NO_WAIT)).hasSize(2);
        assertThat(queue.waiting(Queue.CPU)).isEqualTo(3);
    }

    @Test
    void queuesAreIndependent() throws Exception {
        queue.enqueue(Queue.CPU, UUID.randomUUID(), "texts.gpt-5");
        assertThat(queue.claim(Queue.GPU, "w1", 5, NO_WAIT)).isEmpty();
        assertThat(queue.claim(Queue.CPU, "w1", 5, NO_WAIT)).hasSize(1);
    }

    @Test
    void claimWaitsForAnEntryToArrive() throws Exception {
        UUID id = UUID.randomUUID();
        Thread.ofVirtual().start(() -> {
            sleep(150);
            queue.enqueue(Queue.GPU, id, "images.sd-xl");
        });
        List<Delivery> got = queue.claim(Queue.GPU, "w1", 1, Duration.ofSeconds(5));
        assertThat(got).extracting(Delivery::taskId).containsExactly(id);
    }

    @Test
    void claimReturnsEmptyWhenNothingArrivesInTime() throws Exception {
        assertThat(queue.claim(Queue.COMFY, "w1", 1, Duration.ofMillis(100))).isEmpty();
    }

    @Test
    void claimedEntryIsNotDeliveredToAnotherClaim() throws Exception {
        queue.enqueue(Queue.GPU, UUID.randomUUID(), "images.sd-xl");
        assertThat(queue.claim(Queue.GPU, "w1", 1, NO_WAIT)).hasSize(1);
        assertThat(queue.claim(Queue.GPU, "w2", 1, NO_WAIT)).isEmpty();
    }

    @Test
    void unacknowledgedEntryOfDeadWorkerIsReclaimedWithHigherDeliveryCount() throws Exception {
        UUID id = UUID.randomUUID();
        queue.enqueue(Queue.GPU, id, "images.sd-xl");
        queue.heartbeat("dying", SHORT_TTL);
        queue.claim(Queue.GPU, "dying", 1, NO_WAIT);
        queue.heartbeat("survivor", Duration.ofSeconds(30));

        sleep(SHORT_TTL.toMillis() + 1200);
        List<Delivery> reclaimed = queue.reclaim(Queue.GPU, "survivor", 10);

        assertThat(reclaimed).extracting(Delivery::taskId).containsExactly(id);
        assertThat(reclaimed.getFirst().deliveryCount()).isEqualTo(2);
        assertThat(queue.reclaim(Queue.GPU, "other", 10)).as("now owned by a live worker").isEmpty();
    }

    @Test
    void entryOfLiveWorkerIsNeverReclaimedHoweverLongItRuns() throws Exception {
        queue.enqueue(Queue.GPU, UUID.randomUUID(), "images.sd-xl");
        queue.heartbeat("busy", Duration.ofSeconds(30));
        queue.claim(Queue.GPU, "busy", 1, NO_WAIT);

        sleep(1500);
        queue.heartbeat("busy", Duration.ofSeconds(30));

        assertThat(queue.reclaim(Queue.GPU, "thief", 10)).isEmpty();
    }

    @Test
    void retiredWorkerEntriesCanBeReclaimedAtOnce() throws Exception {
        queue.enqueue(Queue.CPU, UUID.randomUUID(), "texts.gpt-5");
        queue.heartbeat("leaving", Duration.ofSeconds(30));
        queue.claim(Queue.CPU, "leaving", 1, NO_WAIT);
        queue.retire("leaving");

        assertThat(queue.isAlive("leaving")).isFalse();
        sleep(1200);
        assertThat(queue.reclaim(Queue.CPU, "other", 10)).hasSize(1);
    }

    @Test
    void acknowledgedEntryIsNeverDeliveredAgain() throws Exception {
        queue.enqueue(Queue.GPU, UUID.randomUUID(), "images.sd-xl");
        queue.heartbeat("w1", SHORT_TTL);
        Delivery d = queue.claim(Queue.GPU, "w1", 1, NO_WAIT).getFirst();
        queue.ack(d);

        sleep(SHORT_TTL.toMillis() + 1200);
        assertThat(queue.reclaim(Queue.GPU, "w2", 10)).isEmpty();
        assertThat(queue.claim(Queue.GPU, "w2", 10, NO_WAIT)).isEmpty();
    }

    @Test
    void aDeliveryThatWasTakenOverCannotAcknowledgeTheNewOwnersEntry() throws Exception {
        UUID id = UUID.randomUUID();
        queue.enqueue(Queue.GPU, id, "images.sd-xl");
        queue.heartbeat("frozen", SHORT_TTL);
        Delivery old = queue.claim(Queue.GPU, "frozen", 1, NO_WAIT).getFirst();
        queue.heartbeat("survivor", Duration.ofSeconds(30));
        sleep(SHORT_TTL.toMillis() + 1200);
        Delivery taken = queue.reclaim(Queue.GPU, "survivor", 10).getFirst();

        assertThat(old.worker()).isEqualTo("frozen");
        assertThat(taken.worker()).isEqualTo("survivor");
        assertThat(queue.ack(old)).as("the frozen worker woke up and acknowledges").isFalse();
        queue.retire("survivor");
        sleep(1200);
        assertThat(queue.reclaim(Queue.GPU, "third", 10)).as("still held, so still reclaimable")
                .extracting(Delivery::taskId).containsExactly(id);
    }

    @Test
    void theDeliveryThatHoldsAnEntryAcknowledgesItOnce() throws Exception {
        queue.enqueue(Queue.CPU, UUID.randomUUID(), "texts.gpt-5");
        Delivery d = queue.claim(Queue.CPU, "w1", 1, NO_WAIT).getFirst();

        assertThat(queue.ack(d)).isTrue();
        assertThat(queue.ack(d)).isFalse();
    }

    @Test
    void aWorkerTakesBackTheEntriesItHoldsButDoesNotRun() throws Exception {
        UUID running = UUID.randomUUID();
        UUID dropped = UUID.randomUUID();
        queue.enqueue(Queue.CPU, running, "texts.gpt-5");
        queue.enqueue(Queue.CPU, dropped, "texts.gpt-5");
        queue.heartbeat("w1", Duration.ofSeconds(30));
        List<Delivery> got = queue.claim(Queue.CPU, "w1", 2, NO_WAIT);
        queue.enqueue(Queue.CPU, UUID.randomUUID(), "texts.gpt-5");
        queue.claim(Queue.CPU, "w2", 1, NO_WAIT);

        List<Delivery> back = queue.takeBack(Queue.CPU, "w1", Set.of(got.get(0).entryId()), 10);

        assertThat(back).extracting(Delivery::taskId).as("only w1's entry it does not run").containsExactly(dropped);
        assertThat(back.getFirst().deliveryCount()).isEqualTo(2);
        assertThat(back.getFirst().worker()).isEqualTo("w1");
        assertThat(queue.ack(got.get(1))).as("the dropped delivery is superseded").isFalse();
        assertThat(queue.ack(back.getFirst())).isTrue();
        assertThat(queue.takeBack(Queue.CPU, "w1", Set.of(got.get(0).entryId()), 10)).isEmpty();
    }

    @Test
    void liveWorkersAreListedWithTheStatusTheyPublished() {
        java.time.Instant started = java.time.Instant.parse("2026-11-26T10:00:00.123456Z");
        WorkerStatus gpu = new WorkerStatus("gpu-1", "node-a", java.util.Map.of("gpu", 1, "comfy", 1), 1,
                List.of("depth-anything-2/model", "sd-xl/unet"), "cuda", started, started.plusSeconds(5));
        queue.heartbeat("gpu-1", Duration.ofSeconds(30), gpu);
        queue.heartbeat("plain", Duration.ofSeconds(30));
        queue.heartbeat("short", Duration.ofMillis(100), WorkerStatus.aliveOnly("short"));
        queue.heartbeat("leaving", Duration.ofSeconds(30), WorkerStatus.aliveOnly("leaving"));
        queue.retire("leaving");
        sleep(250);

        assertThat(queue.workers()).containsExactly(gpu, WorkerStatus.aliveOnly("plain"));
    }

    @Test
    void aNewHeartbeatReplacesThePublishedStatus() {
        WorkerStatus before = new WorkerStatus("w", "h", java.util.Map.of("gpu", 1), 0, List.of(), null, null, null);
        WorkerStatus after = new WorkerStatus("w", "h", java.util.Map.of("gpu", 1), 1, List.of("sam-2/detector"),
                "cpu", null, null);
        queue.heartbeat("w", Duration.ofSeconds(30), before);
        queue.heartbeat("w", Duration.ofSeconds(30), after);
        assertThat(queue.workers()).containsExactly(after);
    }

    @Test
    void heartbeatExpires() {
        queue.heartbeat("w1", Duration.ofMillis(100));
        assertThat(queue.isAlive("w1")).isTrue();
        sleep(250);
        assertThat(queue.isAlive("w1")).isFalse();
    }

    @Test
    void positionCountsFromTheFrontAndDisappearsOnceClaimed() throws Exception {
        String first = queue.enqueue(Queue.GPU, UUID.randomUUID(), "images.sd-xl");
        String second = queue.enqueue(Queue.GPU, UUID.randomUUID(), "images.sd-xl");
        String third = queue.enqueue(Queue.GPU, UUID.randomUUID(), "images.sd-xl");

        assertThat(queue.position(Queue.GPU, first)).contains(new QueuePosition(1, "gpu", 3));
        assertThat(queue.position(Queue.GPU, third)).contains(new QueuePosition(3, "gpu", 3));

        queue.claim(Queue.GPU, "w1", 1, NO_WAIT);
        assertThat(queue.position(Queue.GPU, first)).isEmpty();
        assertThat(queue.position(Queue.GPU, second)).contains(new QueuePosition(1, "gpu", 2));
        assertThat(queue.position(Queue.GPU, third)).contains(new QueuePosition(2, "gpu", 2));
    }

    @Test
    void removedEntryLeavesTheQueueAndIsNeverDelivered() throws Exception {
        String a = queue.enqueue(Queue.GPU, UUID.randomUUID(), "images.sd-xl");
        String b = queue.enqueue(Queue.GPU, UUID.randomUUID(), "images.sd-xl");

        assertThat(queue.remove(Queue.GPU, a)).isTrue();

        assertThat(queue.waiting(Queue.GPU)).isEqualTo(1);
        assertThat(queue.position(Queue.GPU, b)).contains(new QueuePosition(1, "gpu", 1));
        assertThat(queue.claim(Queue.GPU, "w1", 10, NO_WAIT)).extracting(Delivery::entryId).containsExactly(b);
    }

    @Test
    void claimedEntryCannotBeRemoved() throws Exception {
        String a = queue.enqueue(Queue.GPU, UUID.randomUUID(), "images.sd-xl");
        queue.claim(Queue.GPU, "w1", 1, NO_WAIT);
        assertThat(queue.remove(Queue.GPU, a)).isFalse();
    }

    @Test
    void waitingCountsOnlyUnclaimedEntries() throws Exception {
        for (int i = 0; i < 4; i++) {
            queue.enqueue(Queue.GPU, UUID.randomUUID(), "images.sd-xl");
        }
        queue.claim(Queue.GPU, "w1", 3, NO_WAIT);
        assertThat(queue.waiting(Queue.GPU)).isEqualTo(1);
        assertThat(queue.waiting(Queue.CPU)).isZero();
    }

    @Test
    void theOldestWaitingEntryIsTheFirstNotYetClaimedByTheBrokersClock() throws Exception {
        assertThat(queue.oldestWaiting(Queue.GPU)).isEmpty();
        java.time.Instant before = java.time.Instant.now().minusSeconds(5);
        queue.enqueue(Queue.GPU, UUID.randomUUID(), "images.sd-xl");
        Thread.sleep(20);
        queue.enqueue(Queue.GPU, UUID.randomUUID(), "images.sd-xl");
        java.time.Instant after = java.time.Instant.now().plusSeconds(5);

        java.time.Instant first = queue.oldestWaiting(Queue.GPU).orElseThrow();
        assertThat(first).isBetween(before, after);
        queue.claim(Queue.GPU, "w1", 1, NO_WAIT);
        assertThat(queue.oldestWaiting(Queue.GPU)).hasValueSatisfying(second -> assertThat(second).isAfter(first));
        assertThat(queue.oldestWaiting(Queue.CPU)).isEmpty();
        queue.claim(Queue.GPU, "w1", 1, NO_WAIT);
        assertThat(queue.oldestWaiting(Queue.GPU)).as("claimed entries do not wait").isEmpty();
    }

    @Test
    void waitingInAllQueuesAddsUpEveryQueuesWaitingEntries() throws Exception {
        assertThat(queue.waitingInAllQueues()).isZero();
        for (int i = 0; i < 3; i++) {
            queue.enqueue(Queue.GPU, UUID.randomUUID(), "images.sd-xl");
        }
        queue.enqueue(Queue.CPU, UUID.randomUUID(), "texts.gpt-4o");
        queue.enqueue(Queue.COMFY, UUID.randomUUID(), "workflows.comfy");
        queue.claim(Queue.GPU, "w1", 2, NO_WAIT);

        assertThat(queue.waitingInAllQueues()).isEqualTo(3);
    }

    protected static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
