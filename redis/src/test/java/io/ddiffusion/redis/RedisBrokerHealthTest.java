package io.ddiffusion.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ddiffusion.core.queue.BrokerHealth.Persistence;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The start-up warning, the periodic re-check and the PING, against private redis-servers. */
class RedisBrokerHealthTest {
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final List<String> infos = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void needsRedisServer() {
        assumeTrue(RedisServerProcess.available(), "redis-server is not installed");
    }

    @Test
    void withoutAofItWarnsOnceAtStartAndNotesWhenAofIsTurnedOn() {
        try (RedisServerProcess server = RedisServerProcess.start("--appendonly", "no", "--save", "");
                RedisConnections redis = new RedisConnections(server.url());
                RedisBrokerHealth health = new RedisBrokerHealth(redis, warnings::add, infos::add)) {
            health.start(Duration.ofMillis(100));

            assertThat(warnings).containsExactly(RedisPersistence.NONE);
            assertThat(warnings.getFirst()).startsWith("Redis has no persistence (no AOF, no RDB snapshots): a Redis "
                    + "restart loses every queued and running task and every API key. Run Redis with --appendonly yes");
            assertThat(health.durability().persistence()).isEqualTo(Persistence.NONE);

            redis.sync().configSet("appendonly", "yes");
            await().atMost(Duration.ofSeconds(10)).until(() -> health.durability().persistence() == Persistence.AOF);
            assertThat(health.durability().warnings()).isEmpty();
            await().atMost(Duration.ofSeconds(2)).until(() -> !infos.isEmpty());
            assertThat(infos).singleElement().asString().startsWith("Redis persistence is now aof");
            assertThat(warnings).as("no repeats while nothing changes").hasSize(1);
        }
    }

    @Test
    void withAofItWarnsOfNothing() {
        try (RedisServerProcess server = RedisServerProcess.start("--appendonly", "yes", "--save", "");
                RedisConnections redis = new RedisConnections(server.url());
                RedisBrokerHealth health = new RedisBrokerHealth(redis, warnings::add, infos::add)) {
            health.start(Duration.ofMinutes(1));

            assertThat(warnings).isEmpty();
            assertThat(infos).singleElement().asString().startsWith("Redis persistence: aof");
            assertThat(health.durability().persistence()).isEqualTo(Persistence.AOF);
            assertThat(health.broker()).isEqualTo("redis");
        }
    }

    @Test
    void theBrokerIsUnreachableWhileRedisIsDownAndKeepsItsLastPersistenceAnswer() {
        try (RedisServerProcess server = RedisServerProcess.start("--appendonly", "yes", "--save", "");
                RedisConnections redis = new RedisConnections(server.url(), Duration.ofSeconds(2));
                RedisBrokerHealth health = new RedisBrokerHealth(redis, warnings::add, infos::add)) {
            health.start(Duration.ofMillis(100));
            assertThat(health.reachable(Duration.ofSeconds(1))).isTrue();

            server.stop();
            long start = System.nanoTime();
            await().atMost(Duration.ofSeconds(5)).until(() -> !health.reachable(Duration.ofMillis(500)));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(health.reachable(Duration.ofMillis(500))).isFalse();
            // why: failed checks during the outage say nothing about persistence
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            assertThat(health.durability().persistence()).isEqualTo(Persistence.AOF);
            assertThat(warnings).isEmpty();

            server.startAgain();
            await().atMost(Duration.ofSeconds(30)).until(() -> health.reachable(Duration.ofMillis(500)));
        }
    }
}
