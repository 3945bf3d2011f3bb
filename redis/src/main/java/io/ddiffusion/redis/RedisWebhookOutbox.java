package io.ddiffusion.redis;

import io.ddiffusion.core.webhooks.Webhook;
import io.ddiffusion.core.webhooks.WebhookDelivery;
import io.ddiffusion.core.webhooks.WebhookOutbox;
import io.ddiffusion.schema.common.TaskStatus;
import io.ddiffusion.schema.common.WebhookDeliveryInfo;
import io.ddiffusion.schema.common.WebhookEvent;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The outbox in Redis: a hash per task with its webhook and each event kind's latest message
 * ({@code <kind>:id|state|attempts|code|error|due|done|lease|dirty}, plus {@code seq}, {@code started},
 * {@code closed} and {@code sent:<kind>}), expiring with the task's record, and one sorted set of due messages
 * ({@code <task id>:<kind>}, scored by when in ms). {@link RedisTaskStore}'s update and log scripts schedule
 * messages with {@link #HELPERS} in the step of the change, so a change is never written without its message;
 * {@link #claim} leases due messages by moving their score to the lease's end. Does not own its connections.
 */
public final class RedisWebhookOutbox implements WebhookOutbox {
    /** Lua functions the store's scripts call: {@code wh_event(hash, due, task id, now ms, kind, value)}. */
    static final String HELPERS = """
            local WH_TERMINAL = {%1$s}
            local function wh_schedule(wh, due, task, kind, at)
              local member = task .. ':' .. kind
              if redis.call('ZSCORE', due, member) then
                -- a message of this kind waits (it will carry this change) or is being sent (send another after)
                if redis.call('HEXISTS', wh, kind .. ':lease') == 1 then
                  redis.call('HSET', wh, kind .. ':dirty', '1')
                end
                return
              end
              local n = redis.call('HINCRBY', wh, 'seq', 1)
              local hex = string.gsub(task, '-', '')
              redis.call('HDEL', wh, kind .. ':code', kind .. ':error', kind .. ':done', kind .. ':lease',
                kind .. ':dirty')
              redis.call('HSET', wh, kind .. ':id', 'msg_' .. hex .. '_' .. n, kind .. ':state', 'pending',
                kind .. ':attempts', '0', kind .. ':due', at)
              redis.call('ZADD', due, at, member)
            end
            local function wh_throttled(wh, due, task, kind, now, sent)
              local at = tonumber(now)
              if sent and tonumber(sent) + %2$d > at then at = tonumber(sent) + %2$d end
              wh_schedule(wh, due, task, kind, at)
            end
            local function wh_supersede(wh, due, task, kind)
              local member = task .. ':' .. kind
              if redis.call('ZSCORE', due, member) and redis.call('HEXISTS', wh, kind .. ':lease') == 0 then
                redis.call('ZREM', due, member)
                redis.call('HSET', wh, kind .. ':state', 'superseded')
                redis.call('HDEL', wh, kind .. ':due')
              end
            end
            local function wh_event(wh, due, task, now, kind, value)
              local cfg = redis.call('HMGET', wh, 'events', 'started', 'closed', 'sent:progress', 'sent:logs')
              if not cfg[1] or cfg[3] then return end
              local events = cfg[1]
              if kind == 'status' then
                if value == 'STARTED' then
                  if not cfg[2] then
                    redis.call('HSET', wh, 'started', '1')
                    if string.find(events, ',start,', 1, true) then wh_schedule(wh, due, task, 'start', now) end
                  end
                elseif WH_TERMINAL[value] then
                  redis.call('HSET', wh, 'closed', '1')
                  if string.find(events, ',completed,', 1, true) then
                    wh_schedule(wh, due, task, 'completed', now)
                  end
                  wh_supersede(wh, due, task, 'progress')
                  wh_supersede(wh, due, task, 'logs')
                end
              elseif kind == 'progress' then
                if string.find(events, ',progress,', 1, true) then
                  wh_throttled(wh, due, task, 'progress', now, cfg[4])
                end
              elseif string.find(events, ',logs,', 1, true) then
                wh_throttled(wh, due, task, 'logs', now, cfg[5])
              end
            end
            """.formatted(Arrays.stream(TaskStatus.values()).filter(TaskStatus::isTerminal)
            .map(s -> s.name() + " = true").collect(Collectors.joining(", ")), THROTTLE.toMillis());

    // KEYS: due. ARGV: now ms, lease end ms, max, webhook hash prefix, lease prefix.
    // {{task, kind, id, attempt, url, lease}, ...}; messages whose hash expired are dropped.
    private static final LuaScript CLAIM = new LuaScript("""
            local members = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
            local out = {}
            for i, member in ipairs(members) do
              local task, kind = string.match(member, '^(.+):(%a+)$')
              local wh = ARGV[4] .. task
              local f = redis.call('HMGET', wh, 'url', kind .. ':id', kind .. ':attempts')
              if not f[1] or not f[2] then
                redis.call('ZREM', KEYS[1], member)
              else
                local lease = ARGV[5] .. i
                redis.call('ZADD', KEYS[1], ARGV[2], member)
                redis.call('HSET', wh, kind .. ':lease', lease)
                redis.call('HDEL', wh, kind .. ':dirty')
                table.insert(out, {task, kind, f[2], tostring(tonumber(f[3]) + 1), f[1], lease})
              end
            end
            return out
            """);

    // KEYS: hash, due. ARGV: kind, id, lease, status, now ms, task id. 1, or 0 when the lease is no longer ours.
    private static final LuaScript DELIVERED = new LuaScript(HELPERS + """
            local k = ARGV[1]
            local f = redis.call('HMGET', KEYS[1], k .. ':id', k .. ':lease', k .. ':attempts', k .. ':dirty', 'closed')
            if f[1] ~= ARGV[2] or f[2] ~= ARGV[3] then return 0 end
            redis.call('HSET', KEYS[1], k .. ':attempts', tonumber(f[3]) + 1, k .. ':state', 'delivered',
              k .. ':code', ARGV[4], k .. ':done', ARGV[5], 'sent:' .. k, ARGV[5])
            redis.call('HDEL', KEYS[1], k .. ':lease', k .. ':error', k .. ':dirty', k .. ':due')
            redis.call('ZREM', KEYS[2], ARGV[6] .. ':' .. k)
            if f[4] and not f[5] then
              wh_schedule(KEYS[1], KEYS[2], ARGV[6], k, tonumber(ARGV[5]) + %d)
            end
            return 1
            """.formatted(THROTTLE.toMillis()));

    // KEYS: hash, due. ARGV: kind, id, lease, status ('' for none), error, retry at ms ('' to give up), task id.
    private static final LuaScript FAILED = new LuaScript("""
            local k = ARGV[1]
            local f = redis.call('HMGET', KEYS[1], k .. ':id', k .. ':lease', k .. ':attempts')
            if f[1] ~= ARGV[2] or f[2] ~= ARGV[3] then return 0 end
            redis.call('HSET', KEYS[1], k .. ':attempts', tonumber(f[3]) + 1, k .. ':error', ARGV[5])
            if ARGV[4] == '' then redis.call('HDEL', KEYS[1], k .. ':code')
            else redis.call('HSET', KEYS[1], k .. ':code', ARGV[4]) end
            redis.call('HDEL', KEYS[1], k .. ':lease', k .. ':dirty')
            local member = ARGV[7] .. ':' .. k
            if ARGV[6] == '' then
              redis.call('HSET', KEYS[1], k .. ':state', 'failed')
              redis.call('HDEL', KEYS[1], k .. ':due')
              redis.call('ZREM', KEYS[2], member)
            else
              redis.call('HSET', KEYS[1], k .. ':state', 'pending', k .. ':due', ARGV[6])
              redis.call('ZADD', KEYS[2], ARGV[6], member)
            end
            return 1
            """);

    private final RedisConnections redis;
    private final RedisKeys keys;

    public RedisWebhookOutbox(RedisConnections redis, RedisKeys keys) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    /** How a webhook's events are kept in its hash: {@code ,start,completed,} (a script looks for {@code ,name,}). */
    static String eventList(Webhook webhook) {
        return webhook.events().stream().map(WebhookEvent::id).collect(Collectors.joining(",", ",", ","));
    }

    @Override
    public void register(UUID taskId, Webhook webhook, Duration lifetime) {
        String key = keys.webhook(taskId);
        var async = redis.async();
        var written = async.hset(key, Map.of("url", webhook.url(), "events", eventList(webhook)));
        var expiring = async.pexpire(key, Math.max(1, lifetime.toMillis()));
        redis.await(written);
        redis.await(expiring);
    }

    @Override
    public void forget(UUID taskId) {
        redis.call(c -> c.del(keys.webhook(taskId)));
    }

    @Override
    public List<WebhookDelivery> claim(Instant now, Duration lease, int max) {
        List<Object> rows = CLAIM.run(redis, ScriptOutputType.MULTI, new String[] {keys.webhooksDue()},
                Long.toString(now.toEpochMilli()), Long.toString(now.plus(lease).toEpochMilli()),
                Integer.toString(max), keys.webhookPrefix(), UUID.randomUUID() + ":");
        List<WebhookDelivery> claimed = new ArrayList<>();
        for (Object row : rows) {
            List<?> f = (List<?>) row;
            claimed.add(new WebhookDelivery(UUID.fromString((String) f.get(0)), WebhookEvent.fromId((String) f.get(1)),
                    (String) f.get(2), Integer.parseInt((String) f.get(3)), (String) f.get(4), (String) f.get(5)));
        }
        return claimed;
    }

    @Override
    public void delivered(WebhookDelivery d, int status, Instant now) {
        DELIVERED.run(redis, ScriptOutputType.INTEGER, hashAndDue(d), d.event().id(), d.messageId(), d.lease(),
                Integer.toString(status), Long.toString(now.toEpochMilli()), d.taskId().toString());
    }

    @Override
    public void failed(WebhookDelivery d, Integer status, String error, Instant retryAt, Instant now) {
        FAILED.run(redis, ScriptOutputType.INTEGER, hashAndDue(d), d.event().id(), d.messageId(), d.lease(),
                status == null ? "" : status.toString(), error == null ? "" : error,
                retryAt == null ? "" : Long.toString(retryAt.toEpochMilli()), d.taskId().toString());
    }

    private String[] hashAndDue(WebhookDelivery d) {
        return new String[] {keys.webhook(d.taskId()), keys.webhooksDue()};
    }

    @Override
    public List<WebhookDeliveryInfo> deliveries(UUID taskId) {
        Map<String, String> h = redis.call(c -> c.hgetall(keys.webhook(taskId)));
        List<WebhookDeliveryInfo> out = new ArrayList<>();
        for (WebhookEvent e : WebhookEvent.values()) {
            String k = e.id() + ":";
            String id = h.get(k + "id");
            if (id == null) {
                continue;
            }
            String state = h.getOrDefault(k + "state", "pending");
            boolean waiting = state.equals("pending") && !h.containsKey(k + "lease");
            out.add(new WebhookDeliveryInfo(e, id, state, Integer.parseInt(h.getOrDefault(k + "attempts", "0")),
                    h.containsKey(k + "code") ? Integer.valueOf(h.get(k + "code")) : null,
                    blankToNull(h.get(k + "error")),
                    waiting && h.containsKey(k + "due") ? millis(h.get(k + "due")) : null,
                    h.containsKey(k + "done") ? millis(h.get(k + "done")) : null));
        }
        return out;
    }

    private static Instant millis(String ms) {
        return Instant.ofEpochMilli((long) Double.parseDouble(ms));
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
