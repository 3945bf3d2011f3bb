package io.ddiffusion.redis;

import io.ddiffusion.core.queue.TaskQueue;
import io.ddiffusion.core.store.TaskStore;
import io.ddiffusion.worker.runtime.BrokerRestartContract;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;

/**
 * {@link BrokerRestartContract} on a private {@code redis-server} with an append-only file fsynced on every write, so
 * a SIGKILL loses nothing: killed under load and started again on the same file.
 */
class RedisRestartTest extends BrokerRestartContract {
    private RedisServerProcess server;
    private RedisConnections connections;
    private TaskQueue queue;
    private TaskStore store;

    @BeforeEach
    void startPrivateRedis() {
        Assumptions.assumeTrue(RedisServerProcess.available(), "redis-server is not installed");
        server = RedisServerProcess.start("--appendonly", "yes", "--appendfsync", "always", "--save", "");
        // why: a short command time-out, so calls during the outage fail in a second, as a production worker's would
        connections = new RedisConnections(server.url(), Duration.ofSeconds(1));
        RedisKeys keys = new RedisKeys("ddtest:" + UUID.randomUUID() + ":");
        queue = RedisErrors.translating(TaskQueue.class, new RedisTaskQueue(connections, keys));
        store = RedisErrors.translating(TaskStore.class, new RedisTaskStore(connections, keys, Duration.ofHours(1)));
    }

    @AfterEach
    void stopPrivateRedis() {
        if (connections != null) {
            connections.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected TaskQueue queue() {
        return queue;
    }

    @Override
    protected TaskStore store() {
        return store;
    }

    @Override
    protected void killBroker() {
        server.stop();
    }

    @Override
    protected void startBroker() {
        server.startAgain();
    }
}
