package io.ddiffusion.redis;

import io.ddiffusion.core.json.Json;
import io.ddiffusion.core.store.TaskSnapshot;
import io.ddiffusion.core.store.TaskSnapshots;
import io.ddiffusion.core.task.Task;
import io.ddiffusion.schema.common.Queue;
import io.ddiffusion.schema.common.QueuePosition;
import io.lettuce.core.ScriptOutputType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A status read in one script: the record ({@link RedisTaskStore}'s hash), its log lines and, while the task waits,
 * its place in its queue's stream ({@link RedisTaskQueue}'s layout), where the store and the queue would take a round
 * trip each. Does not own its {@link RedisConnections}.
 */
public final class RedisTaskSnapshots implements TaskSnapshots {
    // KEYS: record, logs, then every queue's stream in the order of Queue.values(). ARGV: group, then each queue's
    // name as the record spells it, in the same order. {} when there is no record, else {json, position, waiting,
    // line, line, ...}, position and waiting 0 when the task has none. why decode only after a plain search: only a
    // waiting task needs its queue and entry, and cjson then reads them exactly (a plain search could find a field
    // of the request with the same name).
    private static final LuaScript READ = new LuaScript(LuaScript.STREAM_HELPERS + """
            local json = redis.call('HGET', KEYS[1], 'json')
            if not json then return {} end
            local out = {json, 0, 0}
            if string.find(json, '"status":"PENDING"', 1, true) then
              local task = cjson.decode(json)
              if task.status == 'PENDING' and type(task.queueEntry) == 'string' then
                for i = 2, #ARGV do
                  if ARGV[i] == task.queue then
                    local p = position(KEYS[i + 1], ARGV[1], task.queueEntry)
                    if p then out[2], out[3] = p[1], p[2] end
                  end
                end
              end
            end
            for _, line in ipairs(redis.call('LRANGE', KEYS[2], 0, -1)) do out[#out + 1] = line end
            return out
            """);
    private static final int FIRST_LINE = 3;

    private final RedisConnections redis;
    private final RedisKeys keys;
    private final String[] args;

    public RedisTaskSnapshots(RedisConnections redis, RedisKeys keys) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.keys = Objects.requireNonNull(keys, "keys");
        Queue[] queues = Queue.values();
        args = new String[1 + queues.length];
        args[0] = keys.group();
        for (Queue q : queues) {
            args[1 + q.ordinal()] = q.name();
        }
    }

    @Override
    public Optional<TaskSnapshot> find(UUID id) {
        List<Object> read = READ.run(redis, ScriptOutputType.MULTI, keysOf(id), args);
        if (read == null || read.isEmpty()) {
            return Optional.empty();
        }
        Task task = Json.read((String) read.get(0), Task.class);
        long position = (Long) read.get(1);
        QueuePosition at = position > 0 && TaskSnapshot.mayWait(task) ? new QueuePosition(Math.toIntExact(position),
                task.queue().id(), Math.toIntExact((Long) read.get(2))) : null;
        List<String> logs = new ArrayList<>(read.size() - FIRST_LINE);
        for (Object line : read.subList(FIRST_LINE, read.size())) {
            logs.add((String) line);
        }
        return Optional.of(new TaskSnapshot(task, logs, at));
    }

    private String[] keysOf(UUID id) {
        Queue[] queues = Queue.values();
        String[] all = new String[2 + queues.length];
        all[0] = keys.task(id);
        all[1] = keys.taskLogs(id);
        for (Queue q : queues) {
            all[2 + q.ordinal()] = keys.queue(q);
        }
        return all;
    }
}
