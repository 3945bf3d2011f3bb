package io.ddiffusion.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ddiffusion.core.queue.BrokerHealth.Durability;
import io.ddiffusion.core.queue.BrokerHealth.Persistence;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What {@code INFO persistence} and {@code CONFIG GET save} mean, and what private redis-servers really answer. */
class RedisPersistenceTest {
    private static final String INFO_AOF_OFF = "# Persistence\r\nloading:0\r\nrdb_changes_since_last_save:0\r\n"
            + "aof_enabled:0\r\naof_rewrite_in_progress:0\r\n";
    private static final String INFO_AOF_ON = INFO_AOF_OFF.replace("aof_enabled:0", "aof_enabled:1");

    @Test
    void aofKeepsEverythingAndWarnsOfNothing() {
        Durability d = RedisPersistence.classify(INFO_AOF_ON, Optional.of(""));
        assertThat(d.persistence()).isEqualTo(Persistence.AOF);
        assertThat(d.warnings()).isEmpty();
        assertThat(RedisPersistence.classify(INFO_AOF_ON, Optional.empty()).persistence()).isEqualTo(Persistence.AOF);
    }

    @Test
    void noAofAndNoSnapshotsLosesEverythingAndSaysHowToFixIt() {
        Durability d = RedisPersistence.classify(INFO_AOF_OFF, Optional.of(""));
        assertThat(d.persistence()).isEqualTo(Persistence.NONE);
        assertThat(d.warnings()).singleElement().asString()
                .contains("a Redis restart loses every queued and running task and every API key")
                .contains("--appendonly yes").contains("appendfsync everysec");
    }

    @Test
    void snapshotsAloneStillWarnThatWritesSinceTheLastOneAreLost() {
        Durability d = RedisPersistence.classify(INFO_AOF_OFF, Optional.of("3600 1 300 100 60 10000"));
        assertThat(d.persistence()).isEqualTo(Persistence.RDB);
        assertThat(d.warnings()).singleElement().asString()
                .contains("only RDB snapshots (save \"3600 1 300 100 60 10000\")")
                .contains("written since the last snapshot").contains("--appendonly yes");
    }

    @Test
    void aRefusedConfigGetMakesSnapshotsUnknownAndSaysSo() {
        Durability d = RedisPersistence.classify(INFO_AOF_OFF, Optional.empty());
        assertThat(d.persistence()).isEqualTo(Persistence.UNKNOWN);
        assertThat(d.warnings()).singleElement().asString()
                .contains("refused CONFIG GET save").contains("unknown").contains("--appendonly yes");
    }

    @Test
    void anInfoWithoutTheAofFieldIsUnknown() {
        assertThat(RedisPersistence.classify("# Persistence\r\nloading:0\r\n", Optional.of("")).persistence())
                .isEqualTo(Persistence.UNKNOWN);
        assertThat(RedisPersistence.classify(null, Optional.of("")).warnings()).singleElement().asString()
                .contains("Could not find out whether Redis persists data");
    }

    @Test
    void aPrivateServerWithAofIsAof() {
        assumeTrue(RedisServerProcess.available(), "redis-server is not installed");
        try (RedisServerProcess server = RedisServerProcess.start("--appendonly", "yes", "--save", "");
                RedisConnections redis = new RedisConnections(server.url())) {
            Durability d = RedisPersistence.check(redis.sync());
            assertThat(d.persistence()).isEqualTo(Persistence.AOF);
            assertThat(d.warnings()).isEmpty();
        }
    }

    @Test
    void aPrivateServerWithoutPersistenceIsNone() {
        assumeTrue(RedisServerProcess.available(), "redis-server is not installed");
        try (RedisServerProcess server = RedisServerProcess.start("--appendonly", "no", "--save", "");
                RedisConnections redis = new RedisConnections(server.url())) {
            Durability d = RedisPersistence.check(redis.sync());
            assertThat(d.persistence()).isEqualTo(Persistence.NONE);
            assertThat(d.warnings()).containsExactly(RedisPersistence.NONE);
        }
    }

    @Test
    void aPrivateServerWithSnapshotsOnlyIsRdb() {
        assumeTrue(RedisServerProcess.available(), "redis-server is not installed");
        try (RedisServerProcess server = RedisServerProcess.start("--appendonly", "no", "--save", "3600 1");
                RedisConnections redis = new RedisConnections(server.url())) {
            Durability d = RedisPersistence.check(redis.sync());
            assertThat(d.persistence()).isEqualTo(Persistence.RDB);
            assertThat(d.warnings()).singleElement().asString().contains("save \"3600 1\"");
        }
    }

    @Test
    void aPrivateServerThatRefusesConfigAsManagedOnesDoIsUnknown() {
        assumeTrue(RedisServerProcess.available(), "redis-server is not installed");
        try (RedisServerProcess server = RedisServerProcess.start("--appendonly", "no", "--save", "",
                "--rename-command", "CONFIG", "");
                RedisConnections redis = new RedisConnections(server.url())) {
            Durability d = RedisPersistence.check(redis.sync());
            assertThat(d.persistence()).isEqualTo(Persistence.UNKNOWN);
            assertThat(d.warnings()).containsExactly(RedisPersistence.RDB_UNKNOWN);
        }
    }
}
