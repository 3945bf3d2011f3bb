package io.ddiffusion.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddiffusion.core.uploads.Upload;
import io.ddiffusion.core.uploads.UploadRegistry;
import io.ddiffusion.core.uploads.UploadRegistryContract;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisUploadRegistryTest extends UploadRegistryContract {
    @RegisterExtension
    static final RedisTestSupport redis = new RedisTestSupport();

    private RedisKeys keys;

    @Override
    protected UploadRegistry createRegistry() {
        keys = redis.freshKeys();
        return new RedisUploadRegistry(redis.connections(), keys);
    }

    @Test
    void aRecordOutlivesItsExpiryByADayInRedisSoNothingIsLeftForeverWithoutAJanitor() {
        UploadRegistry registry = createRegistry();
        Upload upload = upload("key-a", Instant.now().plusSeconds(3600));

        registry.record(upload);

        long expiresAt = redis.raw().pexpiretime(keys.upload(upload.id()));
        assertThat(expiresAt).isEqualTo(upload.expiresAt().plusSeconds(86_400).toEpochMilli());
    }

    @Test
    void anIndexEntryWhoseRecordIsGoneIsDroppedWhenExpiredIsListed() {
        UploadRegistry registry = createRegistry();
        Upload upload = upload("key-a", NOW.minusSeconds(5));
        registry.record(upload);
        redis.raw().del(keys.upload(upload.id()));

        assertThat(registry.expired(NOW, 10)).isEmpty();
        assertThat(redis.raw().zcard(keys.uploadExpiries())).isZero();
    }
}
