package io.ddiffusion.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddiffusion.core.keys.ApiKey;
import io.ddiffusion.core.keys.CreatedKey;
import io.ddiffusion.core.keys.DuplicateKeyNameException;
import io.ddiffusion.core.keys.KeyStore;
import io.ddiffusion.core.keys.KeyStoreContract;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisKeyStoreTest extends KeyStoreContract {
    @RegisterExtension
    static final RedisTestSupport redis = new RedisTestSupport();

    private RedisKeys keys;

    @Override
    protected KeyStore createStore() {
        return createStore(Clock.systemUTC());
    }

    private KeyStore createStore(Clock clock) {
        keys = redis.freshKeys();
        return new RedisKeyStore(redis.connections(), keys, clock);
    }

    @Test
    void aKeyIsStoredInTheOriginalsLayoutWithoutItsSecret() throws Exception {
        KeyStore store = createStore();
        CreatedKey created = store.create("studio-a");
        String keyId = created.key().keyId();
        String secret = created.token().substring(created.token().lastIndexOf('_') + 1);

        Map<String, String> hash = redis.raw().hgetall(keys.apiKey(keyId));

        assertThat(hash).containsOnlyKeys("name", "salt", "hash", "created_at").containsEntry("name", "studio-a");
        assertThat(hash.get("hash")).isEqualTo(sha256Hex(secret + hash.get("salt")));
        assertThat(Instant.parse(hash.get("created_at"))).isEqualTo(created.key().createdAt());
        assertThat(hash.values()).noneMatch(v -> v.contains(secret));
        assertThat(redis.raw().hgetall(keys.apiKeyNames())).containsExactly(Map.entry("studio-a", keyId));
    }

    @Test
    void aKeyWrittenByTheOriginalVerifies() throws Exception {
        KeyStore store = createStore();
        String keyId = "AbCdEfGhIjKlMnOp";
        String secret = "s".repeat(43);
        String salt = "00112233445566778899aabbccddeeff";
        redis.raw().hset(keys.apiKey(keyId), Map.of("name", "legacy", "salt", salt, "hash",
                sha256Hex(secret + salt), "created_at", "2025-01-02T03:04:05.123456"));

        assertThat(store.verify("dd_" + keyId + "_" + secret)).contains(new ApiKey(keyId, "legacy",
                Instant.parse("2025-01-02T03:04:05.123456Z")));
        assertThat(store.verify("dd_" + keyId + "_" + "t".repeat(43))).isEmpty();
    }

    @Test
    void listIsOrderedByCreationTime() {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
        KeyStore store = createStore(clock);
        CreatedKey later = store.create("later");
        clock.now = Instant.parse("2026-01-01T10:00:00Z");
        CreatedKey earliest = store.create("earliest");
        clock.now = Instant.parse("2026-02-01T10:00:00Z");
        CreatedKey middle = store.create("middle");

        assertThat(store.list()).containsExactly(earliest.key(), middle.key(), later.key());
    }

    @Test
    void ofConcurrentCreatesWithOneNameExactlyOneWins() throws Exception {
        KeyStore store = createStore();
        int creators = 16;
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger created = new AtomicInteger();
        ConcurrentLinkedQueue<Throwable> refused = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < creators; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    go.await();
                    store.create("contested");
                    created.incrementAndGet();
                } catch (Throwable e) {
                    refused.add(e);
                }
            }));
        }
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }

        assertThat(created.get()).isEqualTo(1);
        assertThat(refused).hasSize(creators - 1).allMatch(e -> e instanceof DuplicateKeyNameException);
        assertThat(store.list()).hasSize(1);
        assertThat(redis.keysUnder(keys)).hasSize(2);
    }

    @Test
    void deleteRemovesTheKeyAndItsNameFromTheIndex() {
        KeyStore store = createStore();
        CreatedKey created = store.create("studio-a");

        assertThat(store.delete(created.key().keyId())).isTrue();

        assertThat(redis.raw().exists(keys.apiKey(created.key().keyId()))).isZero();
        assertThat(redis.raw().hexists(keys.apiKeyNames(), "studio-a")).isFalse();
    }

    @Test
    void anIndexEntryWhoseKeyIsGoneDoesNotBlockTheName() {
        KeyStore store = createStore();
        redis.raw().hset(keys.apiKeyNames(), "studio-a", "GoneGoneGoneGone");

        CreatedKey created = store.create("studio-a");

        assertThat(redis.raw().hget(keys.apiKeyNames(), "studio-a")).isEqualTo(created.key().keyId());
        assertThatThrownBy(() -> store.create("studio-a")).isInstanceOf(DuplicateKeyNameException.class);
    }

    @Test
    void createdAtIsReadInEveryIsoFormAndFallsBackToTheEpoch() {
        assertThat(RedisKeyStore.parseInstant("2026-01-02T03:04:05Z")).isEqualTo("2026-01-02T03:04:05Z");
        assertThat(RedisKeyStore.parseInstant("2026-01-02T04:04:05+01:00")).isEqualTo("2026-01-02T03:04:05Z");
        assertThat(RedisKeyStore.parseInstant("2026-01-02T03:04:05.5")).isEqualTo("2026-01-02T03:04:05.5Z");
        assertThat(RedisKeyStore.parseInstant("yesterday")).isEqualTo(Instant.EPOCH);
        assertThat(RedisKeyStore.parseInstant(null)).isEqualTo(Instant.EPOCH);
    }

    private static String sha256Hex(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(
                StandardCharsets.UTF_8)));
    }

    private static final class MutableClock extends Clock {
        volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
