package io.ddiffusion.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.ddiffusion.core.queue.Delivery;
import io.ddiffusion.core.queue.TaskQueue;
import io.ddiffusion.core.queue.TaskQueueContract;
import io.ddiffusion.core.queue.WorkerStatus;
import io.ddiffusion.schema.common.Queue;
import io.ddiffusion.schema.common.QueuePosition;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.models.stream.PendingMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisTaskQueueTest extends TaskQueueContract {
    @RegisterExtension
    static final RedisTestSupport redis = new RedisTestSupport();

    private RedisKeys keys;

    @Override
    protected TaskQueue createQueue() {
        keys = redis.freshKeys();
        return new RedisTaskQueue(redis.connections(), keys);
    }

    @Test
    void entriesCarryOnlyTheTaskIdAndName() {
        UUID id = UUID.randomUUID();
        String entry = queue.enqueue(Queue.GPU, id, "images.sd-xl");

        List<StreamMessage<String, String>> stream = redis.raw().xrange(keys.queue(Queue.GPU), Range.create("-", "+"));

        assertThat(stream).singleElement().satisfies(m -> {
            assertThat(m.getId()).isEqualTo(entry);
            assertThat(m.getBody()).containsExactlyInAnyOrderEntriesOf(Map.of("task", id.toString(), "name",
                    "images.sd-xl"));
        });
    }

    @Test
    void acknowledgedEntriesAreDeletedFromTheStream() throws Exception {
        queue.enqueue(Queue.GPU, UUID.randomUUID(), "images.sd-xl");
        String kept = queue.enqueue(Queue.GPU, UUID.randomUUID(), "images.sd-xl");
        Delivery first = queue.claim(Queue.GPU, "w1", 1, NO_WAIT).getFirst();

        queue.ack(first);

        assertThat(redis.raw().xrange(keys.queue(Queue.GPU), Range.create("-", "+")))
                .extracting(StreamMessage::getId).containsExactly(kept);
        assertThat(redis.raw().xpending(keys.queue(Queue.GPU), keys.group()).getCount()).isZero();
    }

    @Test
    void twoWorkersReclaimingAtOnceNeverGetTheSameEntry() throws Exception {
        int entries = 20;
        for (int i = 0; i < entries; i++) {
            queue.enqueue(Queue.GPU, UUID.randomUUID(), "images.sd-xl");
        }
        assertThat(queue.claim(Queue.GPU, "dead", entries, NO_WAIT)).hasSize(entries);
        int reclaimers = 8;
        CountDownLatch go = new CountDownLatch(1);
        ConcurrentLinkedQueue<Delivery> got = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < reclaimers; i++) {
            String worker = "live-" + i;
            queue.heartbeat(worker, Duration.ofSeconds(30));
            threads.add(Thread.ofVirtual().start(() -> {
                awaitQuietly(go);
                got.addAll(queue.reclaim(Queue.GPU, worker, 5));
            }));
        }
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }

        assertThat(got).hasSize(entries);
        assertThat(got).extracting(Delivery::entryId).doesNotHaveDuplicates();
        assertThat(got).extracting(Delivery::deliveryCount).containsOnly(2);
    }

    @Test
    void deliveryCountMatchesTheCounterRedisKeeps() throws Exception {
        String entry = queue.enqueue(Queue.CPU, UUID.randomUUID(), "texts.gpt-5");
        queue.claim(Queue.CPU, "dead-1", 1, NO_WAIT);
        queue.reclaim(Queue.CPU, "dead-2", 1);

        List<Delivery> third = queue.reclaim(Queue.CPU, "w3", 1);

        assertThat(third).extracting(Delivery::deliveryCount).containsExactly(3);
        List<PendingMessage> pending = redis.raw().xpending(keys.queue(Queue.CPU), keys.group(),
                Range.create("-", "+"), Limit.from(10));
        assertThat(pending).singleElement().satisfies(p -> {
            assertThat(p.getId()).isEqualTo(entry);
            assertThat(p.getConsumer()).isEqualTo("w3");
            assertThat(p.getRedeliveryCount()).isEqualTo(3);
        });
    }

    @Test
    void reclaimTakesNoMoreThanAskedOldestFirst() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(queue.enqueue(Queue.GPU, UUID.randomUUID(), "images.sd-xl"));
        }
        queue.claim(Queue.GPU, "dead", 5, NO_WAIT);
        queue.heartbeat("w1", Duration.ofSeconds(30));
        queue.heartbeat("w2", Duration.ofSeconds(30));

        assertThat(queue.reclaim(Queue.GPU, "w1", 3)).extracting(Delivery::entryId)
                .containsExactlyElementsOf(ids.subList(0, 3));
        assertThat(queue.reclaim(Queue.GPU, "w2", 3)).extracting(Delivery::entryId)
                .containsExactlyElementsOf(ids.subList(3, 5));
    }

    @Test
    void workersAreListedFromTheirSetWhichForgetsExpiredAndRetiredOnes() throws Exception {
        queue.heartbeat("b", Duration.ofSeconds(30));
        queue.heartbeat("a", Duration.ofSeconds(30), WorkerStatus.aliveOnly("a"));
        queue.heartbeat("short", Duration.ofMillis(100));
        queue.heartbeat("leaving", Duration.ofSeconds(30));
        queue.retire("leaving");
        assertThat(redis.raw().smembers(keys.workers())).containsExactlyInAnyOrder("a", "b", "short");
        Thread.sleep(250);

        assertThat(queue.workers()).extracting(WorkerStatus::id).containsExactly("a", "b");
        assertThat(redis.raw().smembers(keys.workers())).as("the expired heartbeat's id is dropped when read")
                .containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void aHeartbeatKeyOutsideTheSetIsNotListed() {
        // why: workers are found through their set, not by scanning the keyspace for heartbeat keys
        redis.raw().set(keys.worker("stray"), "alive");
        queue.heartbeat("listed", Duration.ofSeconds(30));

        assertThat(queue.workers()).extracting(WorkerStatus::id).containsExactly("listed");
    }

    @Test
    void deadConsumersWithNothingPendingLeaveTheGroup() throws Exception {
        queue.enqueue(Queue.GPU, UUID.randomUUID(), "images.sd-xl");
        queue.enqueue(Queue.GPU, UUID.randomUUID(), "images.sd-xl");
        queue.heartbeat("alive", Duration.ofSeconds(30));
        queue.ack(queue.claim(Queue.GPU, "gone", 1, NO_WAIT).getFirst());
        queue.claim(Queue.GPU, "alive", 1, NO_WAIT);
        assertThat(consumers(Queue.GPU)).containsExactlyInAnyOrder("gone", "alive");

        assertThat(queue.reclaim(Queue.GPU, "other", 10)).isEmpty();

        assertThat(consumers(Queue.GPU)).containsExactly("alive");
    }

    @Test
    void positionCountsCorrectlyAfterRemovals() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids.add(queue.enqueue(Queue.COMFY, UUID.randomUUID(), "images.comfy"));
        }
        queue.claim(Queue.COMFY, "w1", 1, NO_WAIT);
        assertThat(queue.remove(Queue.COMFY, ids.get(2))).isTrue();
        assertThat(queue.remove(Queue.COMFY, ids.get(4))).isTrue();
        assertThat(queue.remove(Queue.COMFY, ids.get(4))).as("already gone").isFalse();

        assertThat(queue.position(Queue.COMFY, ids.get(1))).contains(new QueuePosition(1, "comfy", 3));
        assertThat(queue.position(Queue.COMFY, ids.get(3))).contains(new QueuePosition(2, "comfy", 3));
        assertThat(queue.position(Queue.COMFY, ids.get(5))).contains(new QueuePosition(3, "comfy", 3));
        assertThat(queue.position(Queue.COMFY, ids.get(2))).isEmpty();
        assertThat(queue.position(Queue.COMFY, ids.get(0))).isEmpty();
        assertThat(queue.waiting(Queue.COMFY)).isEqualTo(3);
    }

    @Test
    void unknownAndMalformedEntryIdsAreNotWaiting() {
        String real = queue.enqueue(Queue.GPU, UUID.randomUUID(), "images.sd-xl");
        String later = (Long.parseLong(real.substring(0, real.indexOf('-'))) + 1000) + "-0";

        assertThat(queue.position(Queue.GPU, later)).isEmpty();
        assertThat(queue.position(Queue.GPU, "not-an-id")).isEmpty();
        assertThat(queue.remove(Queue.GPU, later)).isFalse();
        assertThat(queue.remove(Queue.GPU, "not-an-id")).isFalse();
        assertThat(queue.waiting(Queue.GPU)).isEqualTo(1);
    }

    @Test
    void waitingStaysRightOnceAcknowledgedEntriesAreDeleted() throws Exception {
        for (int i = 0; i < 3; i++) {
            queue.enqueue(Queue.GPU, UUID.randomUUID(), "images.sd-xl");
        }
        queue.ack(queue.claim(Queue.GPU, "w1", 1, NO_WAIT).getFirst());

        assertThat(queue.waiting(Queue.GPU)).isEqualTo(2);
    }

    @Test
    void entriesWrittenBeforeTheGroupExistedAreDelivered() throws Exception {
        RedisKeys other = redis.freshKeys();
        UUID id = UUID.randomUUID();
        redis.raw().xadd(other.queue(Queue.CPU), "task", id.toString(), "name", "texts.gpt-5");

        TaskQueue q = new RedisTaskQueue(redis.connections(), other);

        assertThat(q.waiting(Queue.CPU)).isEqualTo(1);
        assertThat(q.claim(Queue.CPU, "w1", 5, NO_WAIT)).extracting(Delivery::taskId).containsExactly(id);
    }

    @Test
    void claimRecreatesTheGroupWhenTheStreamWasDeleted() throws Exception {
        redis.raw().del(keys.queue(Queue.GPU));
        UUID id = UUID.randomUUID();
        queue.enqueue(Queue.GPU, id, "images.sd-xl");

        assertThat(queue.claim(Queue.GPU, "w1", 5, Duration.ofMillis(200))).extracting(Delivery::taskId)
                .containsExactly(id);
    }

    @Test
    void claimWithoutWaitReturnsAtOnce() {
        List<Delivery> got = assertTimeoutPreemptively(Duration.ofSeconds(2),
                () -> queue.claim(Queue.GPU, "w1", 1, Duration.ZERO));
        assertThat(got).isEmpty();
    }

    @Test
    void blockingClaimsOneAfterAnotherShareADedicatedConnection() throws Exception {
        RedisConnections own = redis.newConnections();
        TaskQueue q = new RedisTaskQueue(own, keys);

        q.claim(Queue.GPU, "w1", 1, Duration.ofMillis(20));
        q.claim(Queue.CPU, "w1", 1, Duration.ofMillis(20));

        assertThat(own.blockingConnections()).isEqualTo(1);
    }

    @Test
    void aClaimBlockedOnOneQueueDoesNotHoldUpAClaimOnAnother() throws Exception {
        RedisConnections own = redis.newConnections();
        TaskQueue q = new RedisTaskQueue(own, keys);
        Thread idle = Thread.ofVirtual().start(() -> {
            try {
                q.claim(Queue.CPU, "w1", 1, Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        await().atMost(Duration.ofSeconds(3)).until(() -> own.blockingConnections() == 1);
        UUID id = UUID.randomUUID();
        Thread.ofVirtual().start(() -> {
            sleep(100);
            q.enqueue(Queue.GPU, id, "images.sd-xl");
        });

        long start = System.nanoTime();
        List<Delivery> got = q.claim(Queue.GPU, "w2", 1, Duration.ofSeconds(5));

        assertThat(got).extracting(Delivery::taskId).containsExactly(id);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(idle.isAlive()).as("the other claim still waits").isTrue();
        idle.interrupt();
        idle.join();
    }

    @Test
    void entriesReadForAnInterruptedClaimGoToTheNextReclaimAsFirstDelivery() throws Exception {
        RedisConnections own = redis.newConnections();
        TaskQueue q = new RedisTaskQueue(own, keys);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread claimer = Thread.ofVirtual().start(() -> {
            try {
                q.claim(Queue.GPU, "w1", 1, Duration.ofSeconds(5));
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        await().atMost(Duration.ofSeconds(3)).until(() -> own.blockingConnections() == 1);
        // the read is on its way to Redis whether or not it got there before the interrupt
        claimer.interrupt();
        claimer.join(Duration.ofSeconds(2));
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);

        UUID id = UUID.randomUUID();
        q.enqueue(Queue.GPU, id, "images.sd-xl");

        await().atMost(Duration.ofSeconds(5)).until(() -> consumers(Queue.GPU).contains("w1#abandoned"));
        q.heartbeat("w1", Duration.ofSeconds(30));
        assertThat(q.reclaim(Queue.GPU, "w2", 5)).singleElement().satisfies(d -> {
            assertThat(d.taskId()).isEqualTo(id);
            assertThat(d.deliveryCount()).isEqualTo(1);
        });
        assertThat(own.blockingConnections()).as("the abandoned connection is closed").isZero();
    }

    @Test
    void malformedEntriesAreDroppedInsteadOfBlockingTheQueue() throws Exception {
        redis.raw().xadd(keys.queue(Queue.GPU), "foo", "bar");
        UUID id = UUID.randomUUID();
        queue.enqueue(Queue.GPU, id, "images.sd-xl");

        assertThat(queue.claim(Queue.GPU, "w1", 5, NO_WAIT)).extracting(Delivery::taskId).containsExactly(id);
        assertThat(redis.raw().xlen(keys.queue(Queue.GPU))).isEqualTo(1);
    }

    @Test
    void heartbeatKeyExpiresOnItsOwnAndRetireDeletesIt() {
        queue.heartbeat("w1", Duration.ofSeconds(30));
        assertThat(redis.raw().pttl(keys.worker("w1"))).isBetween(1L, 30_000L);

        queue.retire("w1");

        assertThat(redis.raw().exists(keys.worker("w1"))).isZero();
        assertThat(queue.isAlive("w1")).isFalse();
    }

    @Test
    void nothingIsLeftBehindUnderTheTestPrefix() throws Exception {
        queue.enqueue(Queue.GPU, UUID.randomUUID(), "images.sd-xl");
        queue.heartbeat("w1", Duration.ofSeconds(30));
        assertThat(redis.keysUnder(keys)).contains(keys.queue(Queue.GPU), keys.worker("w1"));

        redis.deleteAll(keys);

        assertThat(redis.keysUnder(keys)).isEmpty();
    }

    /** The group's consumers, read in Lua so the reply has the same shape over RESP2 and RESP3. */
    private List<String> consumers(Queue q) {
        List<String> names = redis.raw().eval("""
                local out = {}
                for _, c in ipairs(redis.call('XINFO', 'CONSUMERS', KEYS[1], ARGV[1])) do out[#out + 1] = c[2] end
                return out
                """, ScriptOutputType.MULTI, new String[] {keys.queue(q)}, keys.group());
        return names;
    }

    private static void awaitQuietly(CountDownLatch l) {
        try {
            l.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
