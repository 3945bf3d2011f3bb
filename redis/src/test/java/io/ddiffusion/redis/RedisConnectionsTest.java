package io.ddiffusion.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.event.jfr.EventRecorder;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedisConnectionsTest {

    @Test
    void commandTimeoutIsTenSecondsUnlessTheUrlSetsOne() {
        String url = RedisTestSupport.url();
        try (RedisConnections plain = new RedisConnections(url);
                RedisConnections explicit = new RedisConnections(url + (url.contains("?") ? "&" : "?")
                        + "timeout=3s")) {
            assertThat(plain.commandTimeout()).isEqualTo(Duration.ofSeconds(10));
            assertThat(explicit.commandTimeout()).isEqualTo(Duration.ofSeconds(3));
            assertThat(plain.sync().ping()).isEqualTo("PONG");
        }
    }

    @Test
    void lettuceRecordsNoFlightRecorderEvents() {
        try (RedisConnections redis = new RedisConnections(RedisTestSupport.url())) {
            assertThat(redis.sync().ping()).isEqualTo("PONG");
            assertThat(System.getProperty(RedisConnections.LETTUCE_JFR)).isEqualTo("false");
            // why: Lettuce picks its recorder once; the no-op one means no JFR classes and no per-command events
            assertThat(EventRecorder.getInstance().getClass().getSimpleName()).isEqualTo("NoOpEventRecorder");
        }
    }

    @Test
    void closingClosesTheDedicatedConnections() {
        RedisConnections redis = new RedisConnections(RedisTestSupport.url());
        var busy = redis.borrowBlocking();
        var idle = redis.borrowBlocking();
        redis.giveBack(idle);

        redis.close();

        assertThat(busy.isOpen()).isFalse();
        assertThat(idle.isOpen()).isFalse();
        assertThatThrownBy(redis::borrowBlocking).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(redis::sync).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void pingAnswersWhetherTheServerAnswersAndNeverThrows() {
        RedisConnections redis = new RedisConnections(RedisTestSupport.url());
        assertThat(redis.ping(Duration.ofSeconds(1))).isTrue();
        redis.close();
        assertThat(redis.ping(Duration.ofSeconds(1))).isFalse();
    }

    @Test
    void anUnreachableServerFailsAtConstruction() {
        assertThatThrownBy(() -> new RedisConnections("redis://127.0.0.1:1", Duration.ofSeconds(2)))
                .isInstanceOf(RedisConnectionException.class);
    }
}
