package io.ddiffusion.redis;

import io.ddiffusion.core.keys.ApiKey;
import io.ddiffusion.core.keys.ApiKeyTokens;
import io.ddiffusion.core.keys.CreatedKey;
import io.ddiffusion.core.keys.DuplicateKeyNameException;
import io.ddiffusion.core.keys.KeyStore;
import io.ddiffusion.core.keys.StoredKey;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * User API keys in Redis, one hash per key with the original's fields ({@code name}, {@code salt}, {@code hash},
 * {@code created_at} as ISO-8601), plus a name → key id index that keeps names unique without scanning. Creating
 * and deleting change both in one Lua script. Does not own its {@link RedisConnections}.
 */
public final class RedisKeyStore implements KeyStore {
    // KEYS: key hash, name index. ARGV: name, key id, salt, hash, created_at, key hash prefix.
    // 1 = created, 0 = name taken, -1 = key id taken.
    private static final LuaScript CREATE = new LuaScript("""
            local holder = redis.call('HGET', KEYS[2], ARGV[1])
            -- why: an index entry whose key hash is gone (deleted by hand) must not block the name forever
            if holder and redis.call('EXISTS', ARGV[6] .. holder) == 1 then return 0 end
            if redis.call('EXISTS', KEYS[1]) == 1 then return -1 end
            redis.call('HSET', KEYS[1], 'name', ARGV[1], 'salt', ARGV[3], 'hash', ARGV[4], 'created_at', ARGV[5])
            redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
            return 1
            """);

    // KEYS: key hash, name index. ARGV: key id. 1 = deleted.
    private static final LuaScript DELETE = new LuaScript("""
            local name = redis.call('HGET', KEYS[1], 'name')
            if redis.call('DEL', KEYS[1]) == 0 then return 0 end
            if name and redis.call('HGET', KEYS[2], name) == ARGV[1] then redis.call('HDEL', KEYS[2], name) end
            return 1
            """);

    private static final String[] FIELDS = {"name", "salt", "hash", "created_at"};

    private final RedisConnections redis;
    private final RedisKeys keys;
    private final Clock clock;

    public RedisKeyStore(RedisConnections redis, RedisKeys keys, Clock clock) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public RedisKeyStore(RedisConnections redis, RedisKeys keys) {
        this(redis, keys, Clock.systemUTC());
    }

    @Override
    public CreatedKey create(String name) {
        if (name == null || !ApiKeyTokens.NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("key name must be 3-50 letters, digits, spaces, '_' or '-'");
        }
        for (int attempt = 0; ; attempt++) {
            ApiKeyTokens.Minted minted = ApiKeyTokens.mint(name, clock.instant());
            StoredKey k = minted.stored();
            Long r = CREATE.run(redis, ScriptOutputType.INTEGER,
                    new String[] {keys.apiKey(k.keyId()), keys.apiKeyNames()}, name, k.keyId(), k.salt(), k.hash(),
                    k.createdAt().toString(), keys.apiKeyPrefix());
            if (r != null && r == 1) {
                return new CreatedKey(minted.token(), k.publicView());
            }
            if (r == null || r == 0) {
                throw new DuplicateKeyNameException(name);
            }
            if (attempt >= 3) {
                // why: 96 random bits colliding even once means something is badly wrong
                throw new IllegalStateException("cannot mint a unique API key id");
            }
        }
    }

    @Override
    public Optional<ApiKey> verify(String token) {
        return ApiKeyTokens.parse(token).flatMap(parts -> read(parts.keyId(),
                redis.call(c -> c.hmget(keys.apiKey(parts.keyId()), FIELDS)))
                .filter(k -> ApiKeyTokens.matches(k, parts.secret()))
                .map(StoredKey::publicView));
    }

    @Override
    public List<ApiKey> list() {
        Map<String, String> index = redis.sync().hgetall(keys.apiKeyNames());
        // why: one round trip for all keys rather than one per key
        List<String> ids = new ArrayList<>(index.values());
        List<RedisFuture<List<KeyValue<String, String>>>> pending = new ArrayList<>(ids.size());
        for (String id : ids) {
            pending.add(redis.async().hmget(keys.apiKey(id), FIELDS));
        }
        List<StoredKey> found = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            read(ids.get(i), redis.await(pending.get(i))).ifPresent(found::add);
        }
        return found.stream()
                .sorted(Comparator.comparing(StoredKey::createdAt).thenComparing(StoredKey::keyId))
                .map(StoredKey::publicView)
                .toList();
    }

    @Override
    public boolean delete(String keyId) {
        if (keyId == null || keyId.isEmpty()) {
            return false;
        }
        Long r = DELETE.run(redis, ScriptOutputType.INTEGER, new String[] {keys.apiKey(keyId), keys.apiKeyNames()},
                keyId);
        return r != null && r == 1;
    }

    /** A stored key from its hash fields (in {@link #FIELDS} order), or empty when missing or malformed. */
    private static Optional<StoredKey> read(String keyId, List<KeyValue<String, String>> values) {
        String name = value(values, 0);
        String salt = value(values, 1);
        String hash = value(values, 2);
        String createdAt = value(values, 3);
        if (name == null || salt == null || hash == null) {
            return Optional.empty();
        }
        return Optional.of(new StoredKey(keyId, name, salt, hash, parseInstant(createdAt)));
    }

    private static String value(List<KeyValue<String, String>> values, int i) {
        return values.size() > i ? values.get(i).getValueOrElse(null) : null;
    }

    /**
     * Reads {@code created_at}: ISO-8601 with an offset as written here, or without one (UTC) as the original wrote
     * it ({@code datetime.utcnow().isoformat()}); the epoch when absent or unreadable, so a key still works.
     */
    static Instant parseInstant(String s) {
        if (s == null || s.isBlank()) {
            return Instant.EPOCH;
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                return Instant.EPOCH;
            }
        }
    }
}
