package io.ddiffusion.redis;

import io.ddiffusion.core.events.TaskEvent;
import io.ddiffusion.core.events.TaskEvents;
import io.ddiffusion.core.json.Json;
import io.ddiffusion.core.queue.Delivery;
import io.ddiffusion.core.queue.TaskQueue;
import io.ddiffusion.core.store.BacklogFullException;
import io.ddiffusion.core.store.IdempotencyClaim;
import io.ddiffusion.core.store.IdempotencyMismatchException;
import io.ddiffusion.core.store.IdempotencyRecord;
import io.ddiffusion.core.store.StaleTaskException;
import io.ddiffusion.core.store.TaskIntake;
import io.ddiffusion.core.store.TaskNotFoundException;
import io.ddiffusion.core.store.TaskStore;
import io.ddiffusion.core.store.Submitted;
import io.ddiffusion.core.task.Task;
import io.ddiffusion.schema.common.Queue;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Tasks in Redis: a hash per task ({@code v} = version, {@code json} = the record) and a list of log lines, both
 * expiring a fixed retention after the record's last write, so Redis deletes them by itself. Each write is one
 * Lua script, which makes the version check and the write one atomic step across API and workers; the same script
 * appends the change's event to the task's event stream ({@link RedisTaskEvents}). As the
 * {@link TaskIntake}, it also queues a new task in the script that creates it (stream layout: {@link RedisTaskQueue}).
 *
 * <p>The store does not own its {@link RedisConnections}; whoever made them closes them.
 */
public final class RedisTaskStore implements TaskStore, TaskIntake {
    // KEYS: record, logs[, queue stream, every queue's stream...][, idempotency record]. ARGV: json, retention ms,
    // webhook ('1' when the task has one, else '0')[, task id, task name, backlog limit ('' for none), group[,
    // fingerprint, idempotency ttl ms, created ms]]. Nil when the record exists.
    // The webhook flag goes into the hash (w), so a change of a task without one skips its webhook key.
    // With a stream, the task is also appended to it and the entry id goes into the record's JSON (which has no
    // queueEntry yet, the field being left out while null): returns the entry id; without, 'created'. With a limit,
    // nothing is written while the streams from KEYS[4] on hold that many waiting entries: returns 'full:<waiting>'.
    // With a fingerprint, the last key is the Idempotency-Key's record: when it exists nothing is written and the
    // answer is 'replay:<task id>' (same fingerprint) or 'mismatch:<task id>'; otherwise it is written with the task,
    // in this script, so no record can exist without its task (and a replay is answered even with a full backlog).
    private static final LuaScript CREATE = new LuaScript(LuaScript.STREAM_HELPERS + """
            local idem = nil
            local last = #KEYS
            if ARGV[8] then
              idem = KEYS[#KEYS]
              last = #KEYS - 1
              local rec = redis.call('HMGET', idem, 'fp', 'task')
              if rec[1] then
                if rec[1] == ARGV[8] then return 'replay:' .. rec[2] end
                return 'mismatch:' .. rec[2]
              end
            end
            if redis.call('EXISTS', KEYS[1]) == 1 then return false end
            if ARGV[6] and ARGV[6] ~= '' then
              local limit, total = tonumber(ARGV[6]), 0
              -- why: acknowledged entries are deleted, so the streams' lengths bound what waits in them; while they
              -- stay below the limit the exact count (an XPENDING per queue, most of this script's time) is not needed
              for i = 4, last do total = total + redis.call('XLEN', KEYS[i]) end
              if total >= limit then
                total = 0
                for i = 4, last do total = total + waiting(KEYS[i], ARGV[7]) end
                if total >= limit then return 'full:' .. total end
              end
            end
            local json, result = ARGV[1], 'created'
            if KEYS[3] and KEYS[3] ~= idem then
              result = redis.call('XADD', KEYS[3], '*', '%s', ARGV[4], '%s', ARGV[5])
              json = '{"queueEntry":"' .. result .. '",' .. string.sub(json, 2)
            end
            redis.call('HSET', KEYS[1], 'v', '1', 'json', json, 'w', ARGV[3])
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            -- why: lines of an earlier task with this id must not show up under the new one
            redis.call('DEL', KEYS[2])
            if idem then
              redis.call('HSET', idem, 'fp', ARGV[8], 'task', ARGV[4], 'created', ARGV[10])
              redis.call('PEXPIRE', idem, ARGV[9])
            end
            return result
            """.formatted(RedisTaskQueue.FIELD_TASK, RedisTaskQueue.FIELD_NAME));

    // KEYS: idempotency record. {fp, task, created}, each nil when there is none.
    private static final String[] RECORD_FIELDS = {"fp", "task", "created"};

    // Lua: append_line(logs, events, line): a log line and its event, the same from a change's write (UPDATE) and
    // from a line alone (APPEND_LOG). Formatted with the event fields, as the scripts that include it.
    private static final String LINE_HELPERS = """
            local function append_line(logs, events, line)
              redis.call('RPUSH', logs, line)
              redis.call('XADD', events, 'MAXLEN', '~', '%1$s', '*', '%2$s', 'log', '%3$s', line)
            end
            """;

    // KEYS: record, logs, events, webhook, webhooks due[, queue stream]. ARGV: expected version, next version, json,
    // retention ms, status, progress ('step/total', '' for none), now ms, task id, '1' to append ARGV[10] to the log
    // (else '0'), line[, group, entry id, worker, delivery count]. next version = stored; -current = stale;
    // 0 = missing.
    // The hash also keeps the status and progress last written (s, p), so the script appends a status or progress
    // event (see RedisTaskEvents) exactly when one changed, in the step that changes it: no change goes unannounced,
    // and a task with a webhook gets the message the change calls for in the same step (RedisWebhookOutbox). A task
    // created without a webhook (w = '0'; records written before the flag have none) never touches its webhook key.
    // A log line is appended after the change's events, as APPEND_LOG would right after it. With a queue stream, the
    // delivery's entry is acknowledged once the change is written (ack_entry, RedisTaskQueue): a stale or missing
    // record acknowledges nothing.
    private static final LuaScript UPDATE = new LuaScript(RedisWebhookOutbox.HELPERS + RedisTaskQueue.ACK_HELPERS
            + (LINE_HELPERS + """
            local cur = redis.call('HMGET', KEYS[1], 'v', 's', 'p', 'w')
            local v = cur[1]
            if not v then return 0 end
            if v ~= ARGV[1] then return -tonumber(v) end
            redis.call('HSET', KEYS[1], 'v', ARGV[2], 'json', ARGV[3], 's', ARGV[5], 'p', ARGV[6])
            redis.call('PEXPIRE', KEYS[1], ARGV[4])
            local hooked = cur[4] ~= '0' and redis.call('PEXPIRE', KEYS[4], ARGV[4]) == 1
            if cur[2] ~= ARGV[5] then
              redis.call('XADD', KEYS[3], 'MAXLEN', '~', '%1$s', '*', '%2$s', 'status', '%3$s', ARGV[5])
              if hooked then wh_event(KEYS[4], KEYS[5], ARGV[8], ARGV[7], 'status', ARGV[5]) end
            end
            if ARGV[6] ~= '' and cur[3] ~= ARGV[6] then
              redis.call('XADD', KEYS[3], 'MAXLEN', '~', '%1$s', '*', '%2$s', 'progress', '%3$s', ARGV[6])
              if hooked then wh_event(KEYS[4], KEYS[5], ARGV[8], ARGV[7], 'progress', ARGV[6]) end
            end
            if ARGV[9] == '1' then
              append_line(KEYS[2], KEYS[3], ARGV[10])
              if hooked then wh_event(KEYS[4], KEYS[5], ARGV[8], ARGV[7], 'log', ARGV[10]) end
            end
            redis.call('PEXPIRE', KEYS[2], ARGV[4])
            redis.call('PEXPIRE', KEYS[3], ARGV[4])
            if KEYS[6] then ack_entry(KEYS[6], ARGV[11], ARGV[12], ARGV[13], ARGV[14]) end
            return tonumber(ARGV[2])
            """).formatted(TaskEvents.KEPT, RedisTaskEvents.FIELD_KIND, RedisTaskEvents.FIELD_VALUE));

    // KEYS: record, logs, events, webhook, webhooks due. ARGV: line, now ms, task id. The logs and the line's event
    // expire with the record, whose expiry a log line does not extend.
    private static final LuaScript APPEND_LOG = new LuaScript(RedisWebhookOutbox.HELPERS + (LINE_HELPERS + """
            local ttl = redis.call('PTTL', KEYS[1])
            if ttl == -2 then return 0 end
            append_line(KEYS[2], KEYS[3], ARGV[1])
            if ttl > 0 then
              redis.call('PEXPIRE', KEYS[2], ttl)
              redis.call('PEXPIRE', KEYS[3], ttl)
            end
            if redis.call('EXISTS', KEYS[4]) == 1 then
              wh_event(KEYS[4], KEYS[5], ARGV[3], ARGV[2], 'log', ARGV[1])
            end
            return 1
            """).formatted(TaskEvents.KEPT, RedisTaskEvents.FIELD_KIND, RedisTaskEvents.FIELD_VALUE));

    private final RedisConnections redis;
    /** What {@link #CREATE} answers when the backlog is full. */
    private static final String FULL = "full:";
    /** What {@link #CREATE} answers when an Idempotency-Key's record exists: the same request, or another one. */
    private static final String REPLAY = "replay:";
    private static final String MISMATCH = "mismatch:";

    private final RedisKeys keys;
    private final String retentionMs;

    /** @param retention how long a record and its logs live after the record's last write */
    public RedisTaskStore(RedisConnections redis, RedisKeys keys, Duration retention) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.keys = Objects.requireNonNull(keys, "keys");
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be positive: " + retention);
        }
        this.retentionMs = Long.toString(Math.max(1, retention.toMillis()));
    }

    @Override
    public Task create(Task task) {
        Task stored = task.withVersion(1);
        String created = CREATE.run(redis, ScriptOutputType.VALUE, keysOf(task.id()), Json.write(stored),
                retentionMs, hooked(task));
        if (created == null) {
            throw new IllegalStateException("task " + task.id() + " already exists");
        }
        return stored;
    }

    /**
     * Counts the waiting tasks, records the task and appends it to its queue's stream in one script, so it is never
     * seen half done and API nodes submitting at the same time cannot pass the limit together.
     */
    @Override
    public Task submit(Task task, int backlogLimit) {
        Task stored = TaskIntake.requireUnqueued(task).withVersion(1);
        String entry = CREATE.run(redis, ScriptOutputType.VALUE, submitKeys(task, null), submitArgs(stored,
                backlogLimit));
        return stored.enqueuedAs(created(task, entry, backlogLimit));
    }

    /** As {@link #submit(Task, int)}, the Idempotency-Key's record read and written in the same script. */
    @Override
    public Submitted submit(Task task, int backlogLimit, IdempotencyClaim claim) {
        Task stored = TaskIntake.requireUnqueued(task).withVersion(1);
        String[] args = submitArgs(stored, backlogLimit);
        String[] all = java.util.Arrays.copyOf(args, args.length + 3);
        all[args.length] = claim.fingerprint();
        all[args.length + 1] = Long.toString(Math.max(1, claim.ttl().toMillis()));
        Instant created = task.queuedAt() == null ? Instant.now() : task.queuedAt();
        all[args.length + 2] = Long.toString(created.toEpochMilli());
        String answer = CREATE.run(redis, ScriptOutputType.VALUE, submitKeys(task, keys.idempotency(claim.scope(),
                claim.key())), all);
        if (answer != null && answer.startsWith(REPLAY)) {
            return new Submitted(UUID.fromString(answer.substring(REPLAY.length())), true);
        }
        if (answer != null && answer.startsWith(MISMATCH)) {
            throw new IdempotencyMismatchException(claim.key());
        }
        created(task, answer, backlogLimit);
        return new Submitted(task.id(), false);
    }

    @Override
    public Optional<IdempotencyRecord> idempotency(String scope, String key) {
        List<KeyValue<String, String>> found = redis.call(c -> c.hmget(keys.idempotency(scope, key), RECORD_FIELDS));
        if (found.size() < 3 || !found.get(0).hasValue() || !found.get(1).hasValue()) {
            return Optional.empty();
        }
        Instant created = found.get(2).hasValue() ? Instant.ofEpochMilli(Long.parseLong(found.get(2).getValue()))
                : Instant.EPOCH;
        return Optional.of(new IdempotencyRecord(found.get(0).getValue(), UUID.fromString(found.get(1).getValue()),
                created));
    }

    /** Record, logs, the task's stream, every queue's stream (for the backlog count), then the record if any. */
    private String[] submitKeys(Task task, String idempotency) {
        Queue[] queues = Queue.values();
        String[] streams = new String[3 + queues.length + (idempotency == null ? 0 : 1)];
        streams[0] = keys.task(task.id());
        streams[1] = keys.taskLogs(task.id());
        streams[2] = keys.queue(task.queue());
        for (int i = 0; i < queues.length; i++) {
            streams[3 + i] = keys.queue(queues[i]);
        }
        if (idempotency != null) {
            streams[streams.length - 1] = idempotency;
        }
        return streams;
    }

    private String[] submitArgs(Task stored, int backlogLimit) {
        String limit = backlogLimit == Integer.MAX_VALUE ? "" : Integer.toString(backlogLimit);
        return new String[] {Json.write(stored), retentionMs, hooked(stored), stored.id().toString(), stored.name(),
            limit, keys.group()};
    }

    /** The hash's webhook flag: whether the task's changes may owe webhook messages. */
    private static String hooked(Task task) {
        return task.webhook() == null ? "0" : "1";
    }

    /** The queue entry of a task {@link #CREATE} created; throws what its other answers mean. */
    private static String created(Task task, String entry, int backlogLimit) {
        if (entry == null) {
            throw new IllegalStateException("task " + task.id() + " already exists");
        }
        if (entry.startsWith(FULL)) {
            throw new BacklogFullException(Integer.parseInt(entry.substring(FULL.length())), backlogLimit);
        }
        return entry;
    }

    @Override
    public Optional<Task> find(UUID id) {
        String json = redis.call(c -> c.hget(keys.task(id), "json"));
        return json == null ? Optional.empty() : Optional.of(Json.read(json, Task.class));
    }

    /** Pipelined: every HGET is sent before the first answer is awaited. */
    @Override
    public List<Task> findAll(List<UUID> ids) {
        var async = redis.async();
        List<RedisFuture<String>> answers = ids.stream().map(id -> async.hget(keys.task(id), "json")).toList();
        List<Task> found = new ArrayList<>(ids.size());
        for (RedisFuture<String> answer : answers) {
            String json = redis.await(answer);
            if (json != null) {
                found.add(Json.read(json, Task.class));
            }
        }
        return found;
    }

    @Override
    public Task update(Task next) {
        return write(next, null, null, null);
    }

    @Override
    public Task update(Task next, String line) {
        return write(next, Objects.requireNonNull(line, "line"), null, null);
    }

    /** In one script when {@code queue} is a Redis queue under this store's keys; else the change, then the ack. */
    @Override
    public Task update(Task next, TaskQueue queue, Delivery delivery) {
        if (RedisErrors.unwrapped(queue) instanceof RedisTaskQueue q && q.sharesRedisWith(redis, keys)) {
            return write(next, null, q, delivery);
        }
        return TaskStore.super.update(next, queue, delivery);
    }

    /** The update script: the change, {@code line} unless null, the ack of {@code delivery} on {@code queue} too. */
    private Task write(Task next, String line, RedisTaskQueue queue, Delivery delivery) {
        long expected = next.version();
        Task stored = next.withVersion(expected + 1);
        String[] scriptKeys = writeKeys(next.id());
        List<String> args = new ArrayList<>(14);
        args.addAll(List.of(Long.toString(expected), Long.toString(expected + 1), Json.write(stored), retentionMs,
                TaskEvent.value(next.status()), next.progress() == null ? "" : TaskEvent.value(next.progress()),
                nowMillis(), next.id().toString(), line == null ? "0" : "1", line == null ? "" : line));
        if (queue != null) {
            scriptKeys = java.util.Arrays.copyOf(scriptKeys, scriptKeys.length + 1);
            scriptKeys[scriptKeys.length - 1] = queue.stream(delivery.queue());
            args.addAll(List.of(queue.ackArgs(delivery)));
        }
        Long result = UPDATE.run(redis, ScriptOutputType.INTEGER, scriptKeys, args.toArray(String[]::new));
        if (result == null || result == 0) {
            throw new TaskNotFoundException(next.id());
        }
        if (result < 0) {
            throw new StaleTaskException(next.id(), expected, -result);
        }
        return stored;
    }

    @Override
    public void appendLog(UUID id, String line) {
        APPEND_LOG.run(redis, ScriptOutputType.INTEGER, writeKeys(id), line, nowMillis(), id.toString());
    }

    @Override
    public List<String> logs(UUID id) {
        return List.copyOf(redis.call(c -> c.lrange(keys.taskLogs(id), 0, -1)));
    }

    /** Redis expires records by itself. */
    @Override
    public int deleteExpired() {
        return 0;
    }

    private String[] keysOf(UUID id) {
        return new String[] {keys.task(id), keys.taskLogs(id)};
    }

    /** The keys a change writes: record, logs, the task's event stream, its webhook and the webhooks' due set. */
    private String[] writeKeys(UUID id) {
        return new String[] {keys.task(id), keys.taskLogs(id), keys.taskEvents(id), keys.webhook(id),
            keys.webhooksDue()};
    }

    /**
     * When a webhook message the change calls for is due. The API nodes that send them compare it with their own
     * clocks, so hosts are assumed in sync (NTP): a skew moves a message by as much.
     */
    private static String nowMillis() {
        return Long.toString(System.currentTimeMillis());
    }
}
