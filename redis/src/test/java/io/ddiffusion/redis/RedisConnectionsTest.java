package io.ddiffusion.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.event.jfr.EventRecorder;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
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
    void lettuceKeepsNoCommandLatencies() {
        try (RedisConnections redis = new RedisConnections(RedisTestSupport.url())) {
            assertThat(redis.recordsCommandLatencies()).isFalse();
        }
    }

    @Test
    void callAnswersAndFailsAsTheSynchronousApiDoes() {
        try (RedisConnections redis = new RedisConnections(RedisTestSupport.url())) {
            String key = "ddtest:call:" + java.util.UUID.randomUUID();
            String set = redis.call(c -> c.set(key, "v"));
            String got = redis.call(c -> c.get(key));
            assertThat(set).isEqualTo("OK");
            assertThat(got).isEqualTo(redis.sync().get(key)).isEqualTo("v");
            assertThatThrownBy(() -> redis.call(c -> c.incr(key))).isInstanceOf(RedisCommandExecutionException.class)
                    .hasMessageContaining("not an integer");
            Long deleted = redis.call(c -> c.del(key));
            assertThat(deleted).isEqualTo(1L);
        }
    }

    @Test
    void aCommandWithoutAnAnswerFailsAfterTheCommandTimeout() {
        // why: call waits without a timer of its own; Lettuce's command expiry must end a wait that gets no answer
        try (RedisConnections redis = new RedisConnections(RedisTestSupport.url(), Duration.ofMillis(300))) {
            assertThatThrownBy(() -> redis.call(c -> c.blpop(5, "ddtest:call:never:" + java.util.UUID.randomUUID())))
                    .isInstanceOf(RedisCommandTimeoutException.class);
        }
    }

    @Test
    void afterALongOutageTheConnectionIsBackWithinASecondOfRedis() throws Exception {
        Assumptions.assumeTrue(RedisServerProcess.available(), "redis-server is not installed");
        try (RedisServerProcess server = RedisServerProcess.start("--appendonly", "no", "--save", "");
                RedisConnections redis = new RedisConnections(server.url(), Duration.ofSeconds(1))) {
            assertThat(redis.ping(Duration.ofSeconds(1))).isTrue();
            server.stop();
            // why: Lettuce's default backoff would have tried at 4.1 s and 8.2 s, and try next at 16.4 s
            Thread.sleep(9500);
            server.startAgain();
            long back = System.nanoTime();

            await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50))
                    .until(() -> redis.ping(Duration.ofMillis(200)));
            assertThat(Duration.ofNanos(System.nanoTime() - back)).isLessThan(Duration.ofMillis(1500));
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
