package io.ddiffusion.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.Deque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * One Lettuce client for a Redis URL ({@code redis://[:password@]host[:port][/db]}, {@code rediss://} for TLS): a
 * shared connection for ordinary commands, which is thread-safe and multiplexes the commands of many (virtual)
 * threads, and a pool of dedicated connections for blocking stream reads, since {@code XREADGROUP BLOCK} holds
 * its connection until it returns. Closing this closes every connection and the client.
 *
 * <p>Commands on the task path go through {@link #call}, not {@link #sync()}: Lettuce's synchronous API waits for each
 * answer with a timeout of its own, and on a virtual thread every timed wait arms and cancels a timer of the JDK's
 * scheduler, which wakes the scheduler's thread twice per command (7 % of the API's and 11 % of the worker's CPU in the
 * end-to-end benchmark's profile). {@link #call} waits without one: Lettuce's command expiry, which is on for every
 * connection (see {@link TimeoutOptions}), fails a command that gets no answer within the command timeout.
 */
public final class RedisConnections implements AutoCloseable {
    /** Command timeout unless the URL sets one ({@code ?timeout=5s}). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** Lettuce's switch for its JFR events; must be set before Lettuce first records one. */
    static final String LETTUCE_JFR = "io.lettuce.core.jfr";

    /**
     * How long a broken connection waits before each attempt to reconnect: doubling from 50 ms up to 1 s. why:
     * Lettuce's default doubles up to 30 s, so after a long outage each process came back up to 30 s after Redis, each
     * at its own moment: APIs answered 503 meanwhile, and a worker back early outlasted the heartbeat time-out of one
     * still waiting, whose tasks it then took although that worker was alive.
     */
    static final Delay RECONNECT_DELAY = Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(1), 2,
            TimeUnit.MILLISECONDS);

    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> shared;
    private final Duration commandTimeout;
    private final Deque<StatefulRedisConnection<String, String>> idleBlocking = new ConcurrentLinkedDeque<>();
    private final Set<StatefulRedisConnection<String, String>> openBlocking = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    static {
        // why: Lettuce records a JFR event per connection and command when JFR is on the class path, which loads
        // about 110 JDK Flight Recorder classes and costs ~9 MB of idle RSS; nothing here reads those events.
        // -Dio.lettuce.core.jfr=true turns them back on.
        if (System.getProperty(LETTUCE_JFR) == null) {
            System.setProperty(LETTUCE_JFR, "false");
        }
    }

    /** Connects at once, so a wrong URL or an unreachable server fails here rather than on first use. */
    public RedisConnections(String url) {
        this(url, null);
    }

    /** As {@link #RedisConnections(String)}, with an explicit command timeout (null: the URL's, else 10 s). */
    public RedisConnections(String url, Duration commandTimeout) {
        RedisURI uri = RedisURI.create(url);
        if (commandTimeout != null) {
            uri.setTimeout(commandTimeout);
        } else if (uri.getTimeout().equals(RedisURI.DEFAULT_TIMEOUT_DURATION)) {
            // why: Lettuce's default of 60 s would stall callers far too long when Redis is unreachable
            uri.setTimeout(DEFAULT_TIMEOUT);
        }
        this.commandTimeout = uri.getTimeout();
        // why: no command latency statistics; Lettuce keeps them (a histogram per command type, timed on every
        // answer) whenever HdrHistogram and LatencyUtils are on the class path, as Micrometer puts them, and nothing
        // here reads them
        this.resources = ClientResources.builder().reconnectDelay(RECONNECT_DELAY)
                .commandLatencyRecorder(CommandLatencyRecorder.disabled()).build();
        this.client = RedisClient.create(resources, uri);
        // why: expire commands by the connection's timeout, so the async API and the blocking pool time out too
        client.setOptions(ClientOptions.builder().timeoutOptions(TimeoutOptions.enabled()).build());
        try {
            this.shared = client.connect();
        } catch (RuntimeException e) {
            client.shutdown();
            resources.shutdown();
            throw e;
        }
    }

    /**
     * Synchronous commands on the shared connection, for paths that run rarely (start-up, admin, janitor); the task
     * path uses {@link #call}.
     */
    public RedisCommands<String, String> sync() {
        checkOpen();
        return shared.sync();
    }

    /** Asynchronous commands on the shared connection (for pipelining, and for callbacks on Lettuce's threads). */
    public RedisAsyncCommands<String, String> async() {
        checkOpen();
        return shared.async();
    }

    private void checkOpen() {
        if (closed) {
            // why: Lettuce's own error after shutdown names a timer, not the cause
            throw new IllegalStateException("Redis connections are closed");
        }
    }

    /**
     * One command on the shared connection, e.g. {@code call(c -> c.hget(key, field))}, and its answer: as
     * {@link #sync()} would give it, but waited for without a timer (see the class comment). A command without an
     * answer fails after the command timeout ({@link RedisCommandTimeoutException}), as a synchronous one does.
     */
    public <T> T call(Function<RedisAsyncCommands<String, String>, RedisFuture<T>> command) {
        return await(command.apply(async()));
    }

    /**
     * The answer of a command sent with {@link #async()} (e.g. pipelined), waited for as {@link #call} does; failures
     * are thrown as the Redis client's own exceptions, as a synchronous command would.
     */
    public <T> T await(RedisFuture<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisCommandInterruptedException(e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new RedisException(e.getCause());
        }
    }

    /** Whether Lettuce keeps per-command latency statistics (for tests). */
    boolean recordsCommandLatencies() {
        return resources.commandLatencyRecorder().isEnabled();
    }

    public Duration commandTimeout() {
        return commandTimeout;
    }

    /**
     * Whether the server answers a {@code PING} on the shared connection within {@code timeout}: false at once while
     * the connection is down (Lettuce is reconnecting), after closing, and on any error; never throws.
     */
    public boolean ping(Duration timeout) {
        if (closed || !shared.isOpen()) {
            return false;
        }
        RedisFuture<String> pong;
        try {
            pong = shared.async().ping();
        } catch (RuntimeException e) {
            return false;
        }
        try {
            return "PONG".equals(pong.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pong.cancel(true);
            return false;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            // why: a PING that did not come back in time must not wait in the connection's buffer for its own timeout
            pong.cancel(true);
            return false;
        }
    }

    /**
     * A connection for one blocking command, exclusively the caller's until it hands it back with
     * {@link #giveBack} or throws it away with {@link #discard}.
     */
    StatefulRedisConnection<String, String> borrowBlocking() {
        checkOpen();
        StatefulRedisConnection<String, String> c;
        while ((c = idleBlocking.pollFirst()) != null) {
            if (c.isOpen()) {
                return c;
            }
            discard(c);
        }
        c = client.connect();
        openBlocking.add(c);
        if (closed) {
            // why: close() ran while we connected and could not see this connection
            discard(c);
            throw new IllegalStateException("Redis connections are closed");
        }
        return c;
    }

    /** Returns a connection whose last command completed, for the next blocking read. */
    void giveBack(StatefulRedisConnection<String, String> c) {
        if (closed || !c.isOpen()) {
            discard(c);
        } else {
            idleBlocking.addFirst(c);
        }
    }

    /** Closes a connection that may still be busy, e.g. after a timeout. */
    void discard(StatefulRedisConnection<String, String> c) {
        if (openBlocking.remove(c)) {
            c.closeAsync();
        }
    }

    /** How many dedicated connections are open (for tests). */
    int blockingConnections() {
        return openBlocking.size();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        idleBlocking.clear();
        for (StatefulRedisConnection<String, String> c : openBlocking) {
            if (openBlocking.remove(c)) {
                c.close();
            }
        }
        shared.close();
        client.shutdown();
        resources.shutdown();
    }
}
