package io.ddiffusion.core.queue;

import io.ddiffusion.schema.common.Queue;
import io.ddiffusion.schema.common.QueuePosition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The embedded broker for the one-process mode: the same semantics as the Redis Streams broker (ownership until
 * ack, reclaim only from dead workers, delivery counts), held in memory under one lock per queue.
 */
public final class InMemoryTaskQueue implements TaskQueue {
    private record Entry(String id, UUID taskId, String taskName) {
    }

    private record Pending(Entry entry, String owner, int deliveries) {
    }

    private static final class Lane {
        final ReentrantLock lock = new ReentrantLock();
        final Condition arrived = lock.newCondition();
        final LinkedHashMap<String, Entry> waiting = new LinkedHashMap<>();
        final LinkedHashMap<String, Pending> pending = new LinkedHashMap<>();
    }

    private final Map<Queue, Lane> lanes = new EnumMap<>(Queue.class);
    private final Map<String, Instant> heartbeats = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, WorkerStatus> statuses = new java.util.concurrent.ConcurrentHashMap<>();
    private final Clock clock;
    private long sequence;

    public InMemoryTaskQueue(Clock clock) {
        this.clock = clock;
        for (Queue q : Queue.values()) {
            lanes.put(q, new Lane());
        }
    }

    public InMemoryTaskQueue() {
        this(Clock.systemUTC());
    }

    @Override
    public String enqueue(Queue queue, UUID taskId, String taskName) {
        Lane lane = lanes.get(queue);
        lane.lock.lock();
        try {
            String id = nextId();
            lane.waiting.put(id, new Entry(id, taskId, taskName));
            lane.arrived.signalAll();
            return id;
        } finally {
            lane.lock.unlock();
        }
    }

    private synchronized String nextId() {
        return clock.millis() + "-" + (++sequence);
    }

    @Override
    public List<Delivery> claim(Queue queue, String worker, int max, Duration wait) throws InterruptedException {
        Lane lane = lanes.get(queue);
        long deadline = System.nanoTime() + wait.toNanos();
        lane.lock.lockInterruptibly();
        try {
            while (lane.waiting.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return List.of();
                }
                lane.arrived.await(left, TimeUnit.NANOSECONDS);
            }
            List<Delivery> out = new ArrayList<>();
            var it = lane.waiting.values().iterator();
            while (it.hasNext() && out.size() < max) {
                Entry e = it.next();
                it.remove();
                lane.pending.put(e.id, new Pending(e, worker, 1));
                out.add(new Delivery(queue, e.id, e.taskId, e.taskName, 1, worker));
            }
            return out;
        } finally {
            lane.lock.unlock();
        }
    }

    @Override
    public boolean ack(Delivery delivery) {
        Lane lane = lanes.get(delivery.queue());
        lane.lock.lock();
        try {
            Pending p = lane.pending.get(delivery.entryId());
            if (p == null || !p.owner.equals(delivery.worker()) || p.deliveries != delivery.deliveryCount()) {
                return false;
            }
            lane.pending.remove(delivery.entryId());
            return true;
        } finally {
            lane.lock.unlock();
        }
    }

    @Override
    public boolean remove(Queue queue, String entryId) {
        Lane lane = lanes.get(queue);
        lane.lock.lock();
        try {
            return lane.waiting.remove(entryId) != null;
        } finally {
            lane.lock.unlock();
        }
    }

    @Override
    public void heartbeat(String worker, Duration ttl) {
        heartbeats.put(worker, clock.instant().plus(ttl));
    }

    @Override
    public void heartbeat(String worker, Duration ttl, WorkerStatus status) {
        statuses.put(worker, status);
        heartbeat(worker, ttl);
    }

    @Override
    public List<WorkerStatus> workers() {
        List<WorkerStatus> live = new java.util.ArrayList<>();
        for (String worker : new java.util.TreeSet<>(heartbeats.keySet())) {
            if (isAlive(worker)) {
                live.add(statuses.getOrDefault(worker, WorkerStatus.aliveOnly(worker)));
            }
        }
        return live;
    }

    @Override
    public void retire(String worker) {
        heartbeats.remove(worker);
        statuses.remove(worker);
    }

    @Override
    public boolean isAlive(String worker) {
        Instant until = heartbeats.get(worker);
        return until != null && clock.instant().isBefore(until);
    }

    @Override
    public List<Delivery> reclaim(Queue queue, String worker, int max) {
        return redeliver(queue, worker, max, (id, p) -> !p.owner.equals(worker) && !isAlive(p.owner));
    }

    @Override
    public List<Delivery> takeBack(Queue queue, String worker, java.util.Set<String> running, int max) {
        return redeliver(queue, worker, max, (id, p) -> p.owner.equals(worker) && !running.contains(id));
    }

    /** Delivers up to {@code max} pending entries that {@code which} selects to {@code worker} again. */
    private List<Delivery> redeliver(Queue queue, String worker, int max,
            java.util.function.BiPredicate<String, Pending> which) {
        Lane lane = lanes.get(queue);
        lane.lock.lock();
        try {
            List<Delivery> out = new ArrayList<>();
            for (var e : lane.pending.entrySet()) {
                if (out.size() >= max) {
                    break;
                }
                if (which.test(e.getKey(), e.getValue())) {
                    out.add(redeliver(queue, e, worker));
                }
            }
            return out;
        } finally {
            lane.lock.unlock();
        }
    }

    /** Hands a pending entry to {@code worker} as a new delivery (under the lane's lock). */
    private static Delivery redeliver(Queue queue, Map.Entry<String, Pending> e, String worker) {
        Pending p = e.getValue();
        Pending moved = new Pending(p.entry, worker, p.deliveries + 1);
        e.setValue(moved);
        return new Delivery(queue, p.entry.id, p.entry.taskId, p.entry.taskName, moved.deliveries, worker);
    }

    @Override
    public Optional<QueuePosition> position(Queue queue, String entryId) {
        Lane lane = lanes.get(queue);
        lane.lock.lock();
        try {
            int i = 0;
            for (String id : lane.waiting.keySet()) {
                i++;
                if (id.equals(entryId)) {
                    return Optional.of(new QueuePosition(i, queue.id(), lane.waiting.size()));
                }
            }
            return Optional.empty();
        } finally {
            lane.lock.unlock();
        }
    }

    @Override
    public Optional<Instant> oldestWaiting(Queue queue) {
        Lane lane = lanes.get(queue);
        lane.lock.lock();
        try {
            return lane.waiting.keySet().stream().findFirst()
                    .map(id -> Instant.ofEpochMilli(Long.parseLong(id.substring(0, id.indexOf('-')))));
        } finally {
            lane.lock.unlock();
        }
    }

    @Override
    public int waiting(Queue queue) {
        Lane lane = lanes.get(queue);
        lane.lock.lock();
        try {
            return lane.waiting.size();
        } finally {
            lane.lock.unlock();
        }
    }
}
