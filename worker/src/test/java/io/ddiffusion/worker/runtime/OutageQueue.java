package io.ddiffusion.worker.runtime;

import io.ddiffusion.core.queue.BrokerUnavailableException;
import io.ddiffusion.core.queue.Delivery;
import io.ddiffusion.core.queue.TaskQueue;
import io.ddiffusion.core.queue.WorkerStatus;
import io.ddiffusion.schema.common.Queue;
import io.ddiffusion.schema.common.QueuePosition;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A broker that can be taken away: while {@link #down} every call fails as the Redis implementation's translated
 * errors do (the broker's own state, heartbeat expiry included, goes on underneath); {@link #heartbeatsDown} fails
 * only heartbeats, {@link #heartbeatsStalled} holds them, {@link #failAcks} fails only acknowledgements. Counts the
 * acknowledgements that went through.
 */
final class OutageQueue implements TaskQueue {
    private final TaskQueue broker;
    volatile boolean down;
    volatile boolean heartbeatsDown;
    /** While set, heartbeats wait and then go through, as a Redis client queues commands until it reconnects. */
    volatile boolean heartbeatsStalled;
    volatile boolean failAcks;
    final Map<UUID, AtomicInteger> acked = new ConcurrentHashMap<>();

    OutageQueue(TaskQueue broker) {
        this.broker = broker;
    }

    private void check() {
        if (down) {
            throw new BrokerUnavailableException("The task broker (Redis) is unavailable: it cannot be reached",
                    null);
        }
    }

    private void checkHeartbeat() {
        while (heartbeatsStalled) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BrokerUnavailableException("The task broker (Redis) is unavailable: interrupted", e);
            }
        }
        check();
        if (heartbeatsDown) {
            throw new BrokerUnavailableException("The task broker (Redis) is unavailable: it did not answer in time",
                    null);
        }
    }

    @Override
    public String enqueue(Queue queue, UUID taskId, String taskName) {
        check();
        return broker.enqueue(queue, taskId, taskName);
    }

    @Override
    public List<Delivery> claim(Queue queue, String worker, int max, Duration wait) throws InterruptedException {
        check();
        return broker.claim(queue, worker, max, wait);
    }

    @Override
    public boolean ack(Delivery delivery) {
        check();
        if (failAcks) {
            throw new BrokerUnavailableException("The task broker (Redis) is unavailable: it did not answer in time",
                    null);
        }
        boolean done = broker.ack(delivery);
        if (done) {
            acked.computeIfAbsent(delivery.taskId(), k -> new AtomicInteger()).incrementAndGet();
        }
        return done;
    }

    @Override
    public boolean remove(Queue queue, String entryId) {
        check();
        return broker.remove(queue, entryId);
    }

    @Override
    public void heartbeat(String worker, Duration ttl) {
        checkHeartbeat();
        broker.heartbeat(worker, ttl);
    }

    @Override
    public void heartbeat(String worker, Duration ttl, WorkerStatus status) {
        checkHeartbeat();
        broker.heartbeat(worker, ttl, status);
    }

    @Override
    public List<WorkerStatus> workers() {
        check();
        return broker.workers();
    }

    @Override
    public void retire(String worker) {
        check();
        broker.retire(worker);
    }

    @Override
    public boolean isAlive(String worker) {
        check();
        return broker.isAlive(worker);
    }

    @Override
    public List<Delivery> reclaim(Queue queue, String worker, int max) {
        check();
        return broker.reclaim(queue, worker, max);
    }

    @Override
    public List<Delivery> takeBack(Queue queue, String worker, Set<String> running, int max) {
        check();
        return broker.takeBack(queue, worker, running, max);
    }

    @Override
    public Optional<QueuePosition> position(Queue queue, String entryId) {
        check();
        return broker.position(queue, entryId);
    }

    @Override
    public int waiting(Queue queue) {
        check();
        return broker.waiting(queue);
    }

    @Override
    public Optional<java.time.Instant> oldestWaiting(Queue queue) {
        check();
        return broker.oldestWaiting(queue);
    }

    @Override
    public void close() {
        broker.close();
    }
}
