package io.ddiffusion.redis;

import io.ddiffusion.core.json.Json;
import io.ddiffusion.core.uploads.Upload;
import io.ddiffusion.core.uploads.UploadRegistry;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Uploads in Redis: one JSON string per upload, and a sorted set of ids by expiry that the janitor reads. The string
 * outlives the expiry by a day (so a record is never left behind if no janitor runs), while the API refuses an expired
 * upload by its {@code expiresAt} at once. Does not own its {@link RedisConnections}.
 */
public final class RedisUploadRegistry implements UploadRegistry {
    private static final Duration GRACE = Duration.ofDays(1);

    // KEYS: record, expiry index. ARGV: id. 1 = deleted.
    private static final LuaScript DELETE = new LuaScript("""
            redis.call('ZREM', KEYS[2], ARGV[1])
            return redis.call('DEL', KEYS[1])
            """);

    private final RedisConnections redis;
    private final RedisKeys keys;

    public RedisUploadRegistry(RedisConnections redis, RedisKeys keys) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    @Override
    public void record(Upload upload) {
        // why: index first, so an upload is never recorded without the janitor being able to find it
        redis.sync().zadd(keys.uploadExpiries(), upload.expiresAt().toEpochMilli(), upload.id());
        redis.sync().set(keys.upload(upload.id()), Json.write(upload), SetArgs.Builder.pxAt(upload.expiresAt()
                .plus(GRACE).toEpochMilli()));
    }

    @Override
    public Optional<Upload> find(String id) {
        if (id == null || !Upload.ID.matcher(id).matches()) {
            return Optional.empty();
        }
        String json = redis.call(c -> c.get(keys.upload(id)));
        return json == null ? Optional.empty() : Optional.of(Json.read(json, Upload.class));
    }

    @Override
    public boolean delete(String id) {
        if (id == null || !Upload.ID.matcher(id).matches()) {
            return false;
        }
        Long deleted = DELETE.run(redis, ScriptOutputType.INTEGER, new String[] {keys.upload(id),
                keys.uploadExpiries()}, id);
        return deleted != null && deleted > 0;
    }

    @Override
    public List<Upload> expired(Instant now, int limit) {
        List<String> ids = redis.sync().zrangebyscore(keys.uploadExpiries(), Range.create(Double.NEGATIVE_INFINITY,
                (double) now.toEpochMilli()), Limit.create(0, limit));
        List<Upload> found = new ArrayList<>();
        for (String id : ids) {
            Optional<Upload> upload = find(id);
            if (upload.isPresent()) {
                found.add(upload.get());
            } else {
                // why: its record outlived the grace (no janitor ran for a day); only the index entry is left
                redis.sync().zrem(keys.uploadExpiries(), id);
            }
        }
        return found;
    }
}
