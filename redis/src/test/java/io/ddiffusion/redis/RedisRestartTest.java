package io.ddiffusion.redis;

import io.ddiffusion.core.queue.TaskQueue;
import io.ddiffusion.core.store.TaskStore;
import io.ddiffusion.worker.runtime.BrokerRestartContract;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link BrokerRestartContract} on a private {@code redis-server} with an append-only file (fsync on every write), so a
 * SIGKILL loses nothing: killed under load and started again on the same file.
 */
class RedisRestartTest extends BrokerRestartContract {
    @TempDir
    Path redisDir;

    private int port;
    private Process server;
    private RedisConnections connections;
    private TaskQueue queue;
    private TaskStore store;

    @BeforeEach
    void startPrivateRedis() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        startBroker();
        // why: a short command time-out, so calls during the outage fail in a second, as a production worker's would
        connections = new RedisConnections("redis://127.0.0.1:" + port, Duration.ofSeconds(1));
        RedisKeys keys = new RedisKeys("ddtest:" + UUID.randomUUID() + ":");
        queue = RedisErrors.translating(TaskQueue.class, new RedisTaskQueue(connections, keys));
        store = RedisErrors.translating(TaskStore.class, new RedisTaskStore(connections, keys, Duration.ofHours(1)));
    }

    @AfterEach
    void stopPrivateRedis() throws Exception {
        if (connections != null) {
            connections.close();
        }
        killBroker();
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
    protected void killBroker() throws Exception {
        if (server != null) {
            server.destroyForcibly();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Override
    protected void startBroker() throws Exception {
        server = new ProcessBuilder(List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--appendonly", "yes", "--appendfsync", "always", "--save", "", "--dir", redisDir.toString()))
                .redirectErrorStream(true).redirectOutput(redisDir.resolve("redis.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!answers()) {
            if (System.nanoTime() > deadline) {
                throw new IOException("redis-server on port " + port + " did not answer; see " + redisDir);
            }
            Thread.sleep(50);
        }
    }

    private boolean answers() {
        try (var c = new RedisConnections("redis://127.0.0.1:" + port, Duration.ofSeconds(1))) {
            return "PONG".equals(c.sync().ping());
        } catch (RuntimeException e) {
            return false;
        }
    }
}
