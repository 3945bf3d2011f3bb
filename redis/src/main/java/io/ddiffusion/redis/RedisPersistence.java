package io.ddiffusion.redis;

import io.ddiffusion.core.queue.BrokerHealth.Durability;
import io.ddiffusion.core.queue.BrokerHealth.Persistence;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether Redis keeps the broker's data (queued and running tasks, task records, API keys) across its own restart:
 * {@code INFO persistence} says whether the append-only file is on ({@code aof_enabled}), {@code CONFIG GET save}
 * whether RDB snapshots are taken. Managed Redis services often refuse {@code CONFIG}: then RDB is unknown, and said
 * so. Two cheap commands; the broker re-checks every minute.
 */
public final class RedisPersistence {
    /** How to fix it, ending every warning. */
    static final String FIX = "Run Redis with --appendonly yes (AOF, appendfsync everysec; on a managed Redis, turn "
            + "on its append-only persistence), see README, Scaling out.";
    static final String NONE = "Redis has no persistence (no AOF, no RDB snapshots): a Redis restart loses every "
            + "queued and running task and every API key. " + FIX;
    static final String RDB = "Redis persists only RDB snapshots (save \"%s\"), no AOF: a Redis restart loses every "
            + "task and API key written since the last snapshot. " + FIX;
    static final String RDB_UNKNOWN = "Redis has no AOF (aof_enabled:0) and refused CONFIG GET save, so whether it "
            + "takes RDB snapshots is unknown: a Redis restart loses every queued and running task and every API key "
            + "(with snapshots, those written since the last one). " + FIX;
    static final String NOT_CHECKED = "Could not find out whether Redis persists data (INFO persistence was refused "
            + "or unreadable): without AOF, a Redis restart loses every queued and running task and every API key. "
            + FIX;

    private RedisPersistence() {
    }

    /**
     * Asks Redis. A command Redis refuses (an ACL, a managed service) makes that part unknown; a connection failure
     * or timeout is thrown, since it says nothing about persistence.
     */
    public static Durability check(RedisCommands<String, String> redis) {
        String info;
        try {
            info = redis.info("persistence");
        } catch (RedisCommandExecutionException refused) {
            return new Durability(Persistence.UNKNOWN, List.of(NOT_CHECKED));
        }
        Optional<String> save;
        try {
            Map<String, String> config = redis.configGet("save");
            save = Optional.ofNullable(config.get("save"));
        } catch (RedisCommandExecutionException refused) {
            save = Optional.empty();
        }
        return classify(info, save);
    }

    /**
     * What {@code INFO persistence} and the {@code save} setting (empty: refused) mean for the broker's data.
     * With AOF nothing is lost that matters; with snapshots only, what came after the last one; without either,
     * everything.
     */
    static Durability classify(String infoPersistence, Optional<String> save) {
        Optional<String> aof = field(infoPersistence, "aof_enabled");
        if (aof.isEmpty()) {
            return new Durability(Persistence.UNKNOWN, List.of(NOT_CHECKED));
        }
        if (aof.get().equals("1")) {
            return new Durability(Persistence.AOF, List.of());
        }
        if (save.isEmpty()) {
            return new Durability(Persistence.UNKNOWN, List.of(RDB_UNKNOWN));
        }
        String schedule = save.get().strip();
        if (schedule.isEmpty()) {
            return new Durability(Persistence.NONE, List.of(NONE));
        }
        return new Durability(Persistence.RDB, List.of(RDB.formatted(schedule)));
    }

    /** A field of an {@code INFO} answer ({@code name:value} lines). */
    static Optional<String> field(String info, String name) {
        if (info == null) {
            return Optional.empty();
        }
        for (String line : info.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).equals(name)) {
                return Optional.of(line.substring(colon + 1).strip());
            }
        }
        return Optional.empty();
    }
}
