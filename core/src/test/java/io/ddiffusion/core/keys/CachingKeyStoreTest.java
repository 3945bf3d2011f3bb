package io.ddiffusion.core.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CachingKeyStoreTest extends KeyStoreContract {
    @TempDir
    Path dir;

    @Override
    protected KeyStore createStore() {
        return new CachingKeyStore(new FileKeyStore(dir.resolve("keys-" + System.nanoTime() + ".json"),
                Clock.systemUTC()), Duration.ofSeconds(5), Clock.systemUTC());
    }

    @Test
    void aVerifiedKeyIsAnsweredFromMemoryUntilItsTimeRunsOut() {
        AtomicInteger lookups = new AtomicInteger();
        FileKeyStore file = new FileKeyStore(dir.resolve("counted.json"), Clock.systemUTC());
        KeyStore counting = new KeyStore() {
            @Override
            public CreatedKey create(String name) {
                return file.create(name);
            }

            @Override
            public java.util.Optional<ApiKey> verify(String token) {
                lookups.incrementAndGet();
                return file.verify(token);
            }

            @Override
            public java.util.List<ApiKey> list() {
                return file.list();
            }

            @Override
            public boolean delete(String keyId) {
                return file.delete(keyId);
            }
        };
        CachingKeyStore cached = new CachingKeyStore(counting, Duration.ofSeconds(5), Clock.systemUTC());
        CreatedKey key = cached.create("studio");

        for (int i = 0; i < 10; i++) {
            assertThat(cached.verify(key.token())).contains(key.key());
        }
        assertThat(lookups).hasValue(1);
        assertThat(cached.verify("dd_AAAAAAAAAAAAAAAA_" + "B".repeat(43))).isEmpty();
        assertThat(cached.verify("dd_AAAAAAAAAAAAAAAA_" + "B".repeat(43))).as("failures are not cached").isEmpty();
        assertThat(lookups).hasValue(3);
    }

    @Test
    void aKeyRevokedThroughTheCacheIsRefusedAtOnce() {
        KeyStore store = createStore();
        CreatedKey key = store.create("studio");
        assertThat(store.verify(key.token())).isPresent();
        store.delete(key.key().keyId());
        assertThat(store.verify(key.token())).isEmpty();
    }
}
