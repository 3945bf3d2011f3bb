package io.ddiffusion.redis;

import io.ddiffusion.core.queue.Delivery;
import io.ddiffusion.core.json.Json;
import io.ddiffusion.core.queue.TaskQueue;
import io.ddiffusion.core.queue.WorkerStatus;
import io.ddiffusion.schema.common.Queue;
import io.ddiffusion.schema.common.QueuePosition;
import io.lettuce.core.Consumer;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The broker on Redis Streams: a stream per queue read through one consumer group, each worker a consumer. A claimed
 * entry sits in the group's pending list under its worker until acknowledged (then it is deleted from the stream,
 * which keeps streams as short as the backlog); {@link #reclaim} moves entries only from consumers whose heartbeat
 * key is gone, checking the heartbeat and moving the entries in one Lua script so that a live worker can never lose
 * an entry and two reclaiming workers can never both get it.
 *
 * <p>An entry is waiting while its id is above the group's last-delivered-id; claimed entries are at or below it.
 * {@link #remove}, {@link #position} and {@link #waiting} rely on that, in scripts, so they see one consistent state.
 *
 * <p>Needs standalone Redis 7.0 or later (from 7.0, claiming an entry that was deleted drops it from the pending
 * list); not Redis Cluster, since the reclaim script reads heartbeat keys it derives from consumer names. Does not
 * own its {@link RedisConnections}.
 */
public final class RedisTaskQueue implements TaskQueue {
    private static final Logger LOG = Logger.getLogger(RedisTaskQueue.class);
    private static final Pattern ENTRY_ID = Pattern.compile("\\d{1,20}-\\d{1,20}");
    static final String FIELD_TASK = "task";
    static final String FIELD_NAME = "name";
    /** Consumers that hold entries a worker read but never got (its claim was interrupted); never alive. */
    static final String ABANDONED_SUFFIX = "#abandoned";
    private static final int MAX_BATCH = 1000;

    // KEYS: stream. ARGV: group, entry id. 1 = removed while waiting.
    private static final LuaScript REMOVE = new LuaScript(LuaScript.STREAM_HELPERS + """
            local last = last_delivered(KEYS[1], ARGV[1]) or '0-0'
            if cmp_id(ARGV[2], last) <= 0 then return 0 end
            return redis.call('XDEL', KEYS[1], ARGV[2])
            """);

    // KEYS: stream. ARGV: group, entry id. {position, total}, or {} when not waiting.
    private static final LuaScript POSITION = new LuaScript(LuaScript.STREAM_HELPERS + """
            return position(KEYS[1], ARGV[1], ARGV[2]) or {}
            """);

    // KEYS: streams. ARGV: group. Their waiting entries together, in constant time (see waiting in STREAM_HELPERS).
    private static final LuaScript WAITING = new LuaScript(LuaScript.STREAM_HELPERS + """
            local total = 0
            for _, stream in ipairs(KEYS) do
              total = total + waiting(stream, ARGV[1])
            end
            return total
            """);

    // KEYS: stream. ARGV: group. The id of the entry waiting longest, or false when none waits.
    private static final LuaScript OLDEST_WAITING = new LuaScript(LuaScript.STREAM_HELPERS + """
            local last = last_delivered(KEYS[1], ARGV[1])
            if not last then return false end
            local first = redis.call('XRANGE', KEYS[1], '(' .. last, '+', 'COUNT', 1)
            if #first == 0 then return false end
            return first[1][1]
            """);

    /**
     * Lua: {@code ack_entry(stream, group, entry id, worker, delivery count)}: 1 = acknowledged; 0 = not held by that
     * delivery (another worker reclaimed it, the same worker took it back, or it is gone with its group). Shared with
     * {@link RedisTaskStore}, whose result write acknowledges in the same script.
     */
    static final String ACK_HELPERS = """
            local function ack_entry(stream, group, id, worker, count)
              local p = redis.pcall('XPENDING', stream, group, id, id, 1)
              if p.err or #p == 0 or p[1][2] ~= worker or p[1][4] ~= tonumber(count) then return 0 end
              redis.call('XACK', stream, group, id)
              redis.call('XDEL', stream, id)
              return 1
            end
            """;

    // KEYS: stream. ARGV: group, entry id, worker, delivery count. See ack_entry.
    private static final LuaScript ACK = new LuaScript(ACK_HELPERS + """
            return ack_entry(KEYS[1], ARGV[1], ARGV[2], ARGV[3], ARGV[4])
            """);

    // KEYS: stream. ARGV: group, entry id. Drops an entry whoever holds it (malformed entries only).
    private static final LuaScript DROP = new LuaScript("""
            redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
            return redis.call('XDEL', KEYS[1], ARGV[2])
            """);

    // KEYS: stream. ARGV: group, worker, max, then the ids of the entries the worker runs.
    // Delivers again to worker the entries it holds but does not run: {{id, delivery count, fields}, ...}.
    private static final LuaScript TAKE_BACK = new LuaScript("""
            local stream, group, worker, max = KEYS[1], ARGV[1], ARGV[2], tonumber(ARGV[3])
            local running = {}
            for i = 4, #ARGV do running[ARGV[i]] = true end
            local ids, counts = {}, {}
            for _, p in ipairs(redis.call('XPENDING', stream, group, '-', '+', max + #ARGV - 3, worker)) do
              if not running[p[1]] and #ids < max then
                ids[#ids + 1] = p[1]
                counts[p[1]] = p[4]
              end
            end
            local out = {}
            if #ids == 0 then return out end
            for _, m in ipairs(redis.call('XCLAIM', stream, group, worker, 0, unpack(ids))) do
              if type(m) == 'table' then out[#out + 1] = {m[1], counts[m[1]] + 1, m[2]} end
            end
            return out
            """);

    // KEYS: stream. ARGV: group, worker, max, heartbeat key prefix.
    // Moves up to max entries from consumers without a heartbeat to worker: {{id, delivery count, fields}, ...}.
    // Dead consumers left with nothing pending are deleted, which keeps the group's consumer list short.
    private static final LuaScript RECLAIM = new LuaScript(LuaScript.STREAM_HELPERS + """
            local stream, group, worker, max, hb = KEYS[1], ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4]
            local out = {}
            if not last_delivered(stream, group) then return out end
            for _, c in ipairs(redis.call('XINFO', 'CONSUMERS', stream, group)) do
              local name, pending = field(c, 'name'), field(c, 'pending')
              if name ~= worker and redis.call('EXISTS', hb .. name) == 0 then
                if pending > 0 and #out < max then
                  local ids, counts = {}, {}
                  for i, p in ipairs(redis.call('XPENDING', stream, group, '-', '+', max - #out, name)) do
                    ids[i] = p[1]
                    counts[p[1]] = p[4]
                  end
                  if #ids > 0 then
                    -- XCLAIM adds one to each delivery count; entries deleted meanwhile are dropped, not returned
                    for _, m in ipairs(redis.call('XCLAIM', stream, group, worker, 0, unpack(ids))) do
                      if type(m) == 'table' then out[#out + 1] = {m[1], counts[m[1]] + 1, m[2]} end
                    end
                  end
                  pending = #redis.call('XPENDING', stream, group, '-', '+', 1, name)
                end
                if pending == 0 then redis.call('XGROUP', 'DELCONSUMER', stream, group, name) end
              end
            end
            return out
            """);

    // KEYS: heartbeat, worker set. ARGV: status, ttl ms, worker id. The heartbeat and the set's member in one step,
    // so the worker is never alive without being listed.
    private static final LuaScript HEARTBEAT = new LuaScript("""
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            redis.call('SADD', KEYS[2], ARGV[3])
            return 1
            """);

    // KEYS: worker set. ARGV: heartbeat key prefix. {id, status, id, status, ...} of the workers whose heartbeat is
    // alive; ids whose heartbeat expired are dropped from the set. why a set, not SCAN over worker:*: SCAN walks the
    // whole keyspace (every task's keys), and the API lists workers every second for model availability.
    private static final LuaScript WORKERS = new LuaScript("""
            local out = {}
            for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
              local status = redis.call('GET', ARGV[1] .. id)
              if status then
                out[#out + 1] = id
                out[#out + 1] = status
              else
                redis.call('SREM', KEYS[1], id)
              end
            end
            return out
            """);

    private final RedisConnections redis;
    private final RedisKeys keys;

    /** Creates each queue's stream and consumer group if missing. */
    public RedisTaskQueue(RedisConnections redis, RedisKeys keys) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.keys = Objects.requireNonNull(keys, "keys");
        for (Queue q : Queue.values()) {
            ensureGroup(q);
        }
    }

    private void ensureGroup(Queue q) {
        try {
            // why: from id 0, so entries added before the group existed are delivered too
            redis.sync().xgroupCreate(StreamOffset.from(keys.queue(q), "0"), keys.group(),
                    new XGroupCreateArgs().mkstream(true));
        } catch (RedisBusyException e) {
            // BUSYGROUP: it exists
        }
    }

    @Override
    public String enqueue(Queue queue, UUID taskId, String taskName) {
        return redis.call(c -> c.xadd(keys.queue(queue), FIELD_TASK, taskId.toString(), FIELD_NAME, taskName));
    }

    @Override
    public List<Delivery> claim(Queue queue, String worker, int max, Duration wait) throws InterruptedException {
        if (max <= 0) {
            return List.of();
        }
        List<StreamMessage<String, String>> read;
        try {
            read = read(queue, worker, max, wait);
        } catch (RedisCommandExecutionException e) {
            if (!isNoGroup(e)) {
                throw e;
            }
            // why: the stream was deleted (FLUSHDB, eviction) and took the group with it
            ensureGroup(queue);
            read = read(queue, worker, max, wait);
        }
        List<Delivery> out = new ArrayList<>(read.size());
        for (StreamMessage<String, String> m : read) {
            Delivery d = toDelivery(queue, worker, m.getId(), m.getBody(), 1);
            if (d != null) {
                out.add(d);
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked") // Lettuce takes the stream offsets as generic varargs
    private List<StreamMessage<String, String>> read(Queue queue, String worker, int max, Duration wait)
            throws InterruptedException {
        Consumer<String> consumer = Consumer.from(keys.group(), worker);
        StreamOffset<String> offset = StreamOffset.lastConsumed(keys.queue(queue));
        int count = Math.min(max, MAX_BATCH);
        if (wait.isNegative() || wait.isZero()) {
            // why: BLOCK 0 would wait forever
            return redis.call(c -> c.xreadgroup(consumer, XReadArgs.Builder.count(count), offset));
        }
        StatefulRedisConnection<String, String> conn = redis.borrowBlocking();
        CompletableFuture<List<StreamMessage<String, String>>> f;
        try {
            conn.setTimeout(wait.plus(redis.commandTimeout()));
            f = conn.async().xreadgroup(consumer, XReadArgs.Builder.count(count).block(Math.max(1, wait.toMillis())),
                    offset).toCompletableFuture();
        } catch (RuntimeException e) {
            redis.discard(conn);
            throw e;
        }
        try {
            List<StreamMessage<String, String>> got = f.get();
            redis.giveBack(conn);
            return got;
        } catch (InterruptedException e) {
            abandon(queue, worker, conn, f);
            throw e;
        } catch (ExecutionException e) {
            // why: after a timeout the server may still be blocked on this connection; never reuse it
            redis.discard(conn);
            throw e.getCause() instanceof RedisException re ? re : new RedisException(e.getCause());
        } catch (RuntimeException e) {
            redis.discard(conn);
            throw e;
        }
    }

    /**
     * The caller gave up on a blocking read that Redis still serves: whatever it delivers later goes to a consumer
     * that is never alive, with its delivery count reset, so that any worker reclaims it as a first delivery.
     */
    private void abandon(Queue queue, String worker, StatefulRedisConnection<String, String> conn,
            CompletableFuture<List<StreamMessage<String, String>>> f) {
        f.whenComplete((got, err) -> {
            redis.discard(conn);
            if (got == null || got.isEmpty()) {
                return;
            }
            String[] ids = got.stream().map(StreamMessage::getId).toArray(String[]::new);
            // why: async, as this runs on a Lettuce event-loop thread that must not block
            redis.async().xclaim(keys.queue(queue), Consumer.from(keys.group(), worker + ABANDONED_SUFFIX),
                    new XClaimArgs().retryCount(0), ids).whenComplete((r, e) -> {
                        if (e != null) {
                            LOG.warnf("Entries %s of queue %s read for worker %s after its claim was interrupted "
                                    + "stay with it until it stops: %s", String.join(",", ids), queue.id(), worker,
                                    e.getMessage());
                        }
                    });
        });
    }

    @Override
    public boolean ack(Delivery delivery) {
        Long acked = ACK.run(redis, ScriptOutputType.INTEGER, new String[] {keys.queue(delivery.queue())},
                ackArgs(delivery));
        return acked != null && acked > 0;
    }

    /** The arguments of {@code ack_entry} after the stream: group, entry id, worker, delivery count. */
    String[] ackArgs(Delivery delivery) {
        return new String[] {keys.group(), delivery.entryId(), delivery.worker(),
            Integer.toString(delivery.deliveryCount())};
    }

    /** Whether {@code store} keeps its tasks in this queue's Redis under the same keys, so one script can do both. */
    boolean sharesRedisWith(RedisConnections connections, RedisKeys storeKeys) {
        return redis == connections && keys.prefix().equals(storeKeys.prefix());
    }

    /** The stream of {@code queue}. */
    String stream(Queue queue) {
        return keys.queue(queue);
    }

    @Override
    public boolean remove(Queue queue, String entryId) {
        if (!isEntryId(entryId)) {
            return false;
        }
        Long removed = REMOVE.run(redis, ScriptOutputType.INTEGER, new String[] {keys.queue(queue)}, keys.group(),
                entryId);
        return removed != null && removed > 0;
    }

    @Override
    public void heartbeat(String worker, Duration ttl) {
        beat(worker, ttl, "alive");
    }

    /** The heartbeat key's value is the status document; reclaim only checks that the key exists. */
    @Override
    public void heartbeat(String worker, Duration ttl, WorkerStatus status) {
        beat(worker, ttl, Json.write(status));
    }

    private void beat(String worker, Duration ttl, String value) {
        if (ttl.isNegative() || ttl.isZero()) {
            retire(worker);
            return;
        }
        HEARTBEAT.run(redis, ScriptOutputType.INTEGER, new String[] {keys.worker(worker), keys.workers()}, value,
                Long.toString(Math.max(1, ttl.toMillis())), worker);
    }

    /** In the order of their ids. */
    @Override
    public List<WorkerStatus> workers() {
        List<String> flat = WORKERS.run(redis, ScriptOutputType.MULTI, new String[] {keys.workers()},
                keys.workerPrefix());
        TreeMap<String, String> byId = new TreeMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            byId.put(flat.get(i), flat.get(i + 1));
        }
        List<WorkerStatus> live = new ArrayList<>(byId.size());
        byId.forEach((id, v) -> live.add(v.startsWith("{") ? Json.read(v, WorkerStatus.class)
                : WorkerStatus.aliveOnly(id)));
        return live;
    }

    @Override
    public void retire(String worker) {
        redis.call(c -> c.del(keys.worker(worker)));
        redis.call(c -> c.srem(keys.workers(), worker));
    }

    @Override
    public boolean isAlive(String worker) {
        Long n = redis.call(c -> c.exists(keys.worker(worker)));
        return n != null && n > 0;
    }

    @Override
    public List<Delivery> reclaim(Queue queue, String worker, int max) {
        if (max <= 0) {
            return List.of();
        }
        List<Object> moved = RECLAIM.run(redis, ScriptOutputType.MULTI, new String[] {keys.queue(queue)},
                keys.group(), worker, Integer.toString(Math.min(max, MAX_BATCH)), keys.workerPrefix());
        return redelivered(queue, worker, moved);
    }

    @Override
    public List<Delivery> takeBack(Queue queue, String worker, java.util.Set<String> running, int max) {
        if (max <= 0) {
            return List.of();
        }
        List<String> args = new ArrayList<>(List.of(keys.group(), worker, Integer.toString(Math.min(max,
                MAX_BATCH))));
        args.addAll(running);
        List<Object> moved = TAKE_BACK.run(redis, ScriptOutputType.MULTI, new String[] {keys.queue(queue)},
                args.toArray(String[]::new));
        return redelivered(queue, worker, moved);
    }

    /** The entries a script moved to {@code worker}, as deliveries, oldest first. */
    private List<Delivery> redelivered(Queue queue, String worker, List<Object> moved) {
        List<Delivery> out = new ArrayList<>(moved.size());
        for (Object o : moved) {
            List<?> m = (List<?>) o;
            Delivery d = toDelivery(queue, worker, (String) m.get(0), fields((List<?>) m.get(2)),
                    Math.toIntExact((Long) m.get(1)));
            if (d != null) {
                out.add(d);
            }
        }
        out.sort(Comparator.comparing(Delivery::entryId, RedisTaskQueue::compareIds));
        return out;
    }

    @Override
    public Optional<QueuePosition> position(Queue queue, String entryId) {
        if (!isEntryId(entryId)) {
            return Optional.empty();
        }
        List<Object> r = POSITION.run(redis, ScriptOutputType.MULTI, new String[] {keys.queue(queue)},
                keys.group(), entryId);
        if (r == null || r.size() < 2) {
            return Optional.empty();
        }
        return Optional.of(new QueuePosition(Math.toIntExact((Long) r.get(0)), queue.id(),
                Math.toIntExact((Long) r.get(1))));
    }

    @Override
    public int waiting(Queue queue) {
        return waiting(new String[] {keys.queue(queue)});
    }

    @Override
    public Optional<Instant> oldestWaiting(Queue queue) {
        String id = OLDEST_WAITING.run(redis, ScriptOutputType.VALUE, new String[] {keys.queue(queue)}, keys.group());
        return id == null ? Optional.empty()
                : Optional.of(Instant.ofEpochMilli(Long.parseLong(id.substring(0, id.indexOf('-')))));
    }

    /** One script for all queues. */
    @Override
    public int waitingInAllQueues() {
        String[] streams = new String[Queue.values().length];
        for (Queue q : Queue.values()) {
            streams[q.ordinal()] = keys.queue(q);
        }
        return waiting(streams);
    }

    private int waiting(String[] streams) {
        Long n = WAITING.run(redis, ScriptOutputType.INTEGER, streams, keys.group());
        return n == null ? 0 : Math.toIntExact(n);
    }

    /** A delivery, or null for an entry this broker did not write (it is acknowledged so it cannot block). */
    private Delivery toDelivery(Queue queue, String worker, String id, Map<String, String> body, int deliveries) {
        String task = body == null ? null : body.get(FIELD_TASK);
        String name = body == null ? null : body.get(FIELD_NAME);
        try {
            if (task != null && name != null) {
                return new Delivery(queue, id, UUID.fromString(task), name, deliveries, worker);
            }
        } catch (IllegalArgumentException e) {
            // falls through: not a task id
        }
        LOG.warnf("Dropping malformed entry %s of queue %s: %s", id, queue.id(), body);
        DROP.run(redis, ScriptOutputType.INTEGER, new String[] {keys.queue(queue)}, keys.group(), id);
        return null;
    }

    private static Map<String, String> fields(List<?> flat) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            m.put(String.valueOf(flat.get(i)), String.valueOf(flat.get(i + 1)));
        }
        return m;
    }

    private static boolean isEntryId(String id) {
        return id != null && ENTRY_ID.matcher(id).matches();
    }

    private static boolean isNoGroup(RedisCommandExecutionException e) {
        return e.getMessage() != null && e.getMessage().startsWith("NOGROUP");
    }

    /** Orders stream ids numerically ({@code ms-seq}). */
    static int compareIds(String a, String b) {
        int da = a.indexOf('-');
        int db = b.indexOf('-');
        // why: Redis ids are unsigned 64-bit numbers
        int c = Long.compareUnsigned(Long.parseUnsignedLong(a.substring(0, da)), Long.parseUnsignedLong(
                b.substring(0, db)));
        return c != 0 ? c : Long.compareUnsigned(Long.parseUnsignedLong(a.substring(da + 1)),
                Long.parseUnsignedLong(b.substring(db + 1)));
    }
}
