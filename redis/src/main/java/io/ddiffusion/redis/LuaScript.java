package io.ddiffusion.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script run by its SHA-1 ({@code EVALSHA}), sent in full ({@code EVAL}, which also caches it) only when the
 * server does not know it yet: after a restart or {@code SCRIPT FLUSH}.
 */
final class LuaScript {
    /** Stream-id helpers shared by the queue scripts. */
    static final String STREAM_HELPERS = """
            local function parse_id(id)
              local ms, seq = string.match(id, '^(%d+)-(%d+)$')
              return tonumber(ms), tonumber(seq)
            end
            local function cmp_id(a, b)
              local am, as = parse_id(a)
              local bm, bs = parse_id(b)
              if am ~= bm then return am < bm and -1 or 1 end
              if as ~= bs then return as < bs and -1 or 1 end
              return 0
            end
            local function field(flat, name)
              for i = 1, #flat, 2 do
                if flat[i] == name then return flat[i + 1] end
              end
              return nil
            end
            -- the group's last-delivered-id, or nil when the stream or the group is missing
            local function last_delivered(stream, group)
              if redis.call('EXISTS', stream) == 0 then return nil end
              for _, g in ipairs(redis.call('XINFO', 'GROUPS', stream)) do
                if field(g, 'name') == group then return field(g, 'last-delivered-id') end
              end
              return nil
            end
            -- where a waiting entry stands, {position (1 = next), waiting entries}, or nil when it is not waiting
            local function position(stream, group, entry)
              if not string.match(entry, '^%d+%-%d+$') then return nil end
              local last = last_delivered(stream, group) or '0-0'
              if cmp_id(entry, last) <= 0 then return nil end
              local upto = redis.call('XRANGE', stream, '(' .. last, entry)
              if #upto == 0 or upto[#upto][1] ~= entry then return nil end
              local pending = redis.call('XPENDING', stream, group)[1]
              return {#upto, redis.call('XLEN', stream) - pending}
            end
            -- entries of the stream not yet delivered to the group: acknowledged entries are deleted, so the stream
            -- holds exactly these and the delivered-but-unacknowledged ones (XLEN - pending, in constant time;
            -- XINFO's lag is unknown once entries are deleted). 0 when the stream or the group is missing, which
            -- XPENDING answers with an error (NOGROUP). why not last_delivered first: its EXISTS and XINFO GROUPS
            -- doubled the cost, and every submit counts all three queues
            local function waiting(stream, group)
              local pending = redis.pcall('XPENDING', stream, group)
              if pending.err then return 0 end
              return redis.call('XLEN', stream) - pending[1]
            end
            """;

    private final String source;
    private final String sha;

    LuaScript(String source) {
        this.source = source;
        this.sha = sha1(source);
    }

    <T> T run(RedisConnections redis, ScriptOutputType type, String[] keys, String... args) {
        try {
            return redis.call(c -> c.evalsha(sha, type, keys, args));
        } catch (RedisNoScriptException e) {
            return redis.call(c -> c.eval(source, type, keys, args));
        }
    }

    private static String sha1(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(
                    StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
