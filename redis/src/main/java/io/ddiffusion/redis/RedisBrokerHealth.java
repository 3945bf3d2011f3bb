package io.ddiffusion.redis;

import io.ddiffusion.core.queue.BrokerHealth;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The Redis broker's health: {@link #reachable} is one {@code PING}; {@link #start} checks at once whether Redis
 * persists data ({@link RedisPersistence}), logs a WARN naming what a Redis restart would lose and the fix, and
 * checks again every period on a virtual thread, logging only when the answer changes. A check that fails because
 * Redis is away keeps the last answer (the outage itself is reported elsewhere).
 */
public final class RedisBrokerHealth implements BrokerHealth, AutoCloseable {
    /** How often persistence is checked again after start. */
    public static final Duration CHECK_PERIOD = Duration.ofMinutes(1);

    private static final Logger LOG = Logger.getLogger(RedisBrokerHealth.class);

    private final RedisConnections redis;
    private final Consumer<String> warn;
    private final Consumer<String> info;
    private volatile Durability durability = new Durability(Persistence.UNKNOWN, List.of(
            "Redis persistence has not been checked yet"));
    private volatile boolean checked;
    private Thread checker;
    private volatile boolean closed;

    public RedisBrokerHealth(RedisConnections redis) {
        this(redis, LOG::warn, LOG::info);
    }

    /** With the log lines going to {@code warn} and {@code info} (tests). */
    RedisBrokerHealth(RedisConnections redis, Consumer<String> warn, Consumer<String> info) {
        this.redis = redis;
        this.warn = warn;
        this.info = info;
    }

    @Override
    public String broker() {
        return "redis";
    }

    @Override
    public boolean reachable(Duration timeout) {
        return redis.ping(timeout);
    }

    @Override
    public Durability durability() {
        return durability;
    }

    /** Checks now (logging what it finds), then every {@code period} until {@link #close}. Call once. */
    public synchronized void start(Duration period) {
        if (checker != null) {
            throw new IllegalStateException("already started");
        }
        check();
        checker = Thread.ofVirtual().name("redis-persistence-check").start(() -> {
            while (!closed) {
                try {
                    Thread.sleep(period);
                } catch (InterruptedException e) {
                    return;
                }
                if (!closed) {
                    check();
                }
            }
        });
    }

    /** One check; logs when the answer is the first or differs from the last. Returns what it found. */
    Durability check() {
        Durability now;
        try {
            now = RedisPersistence.check(redis.sync());
        } catch (RuntimeException e) {
            // why: unreachable, timed out or closed says nothing about persistence; keep the last answer
            LOG.debugf("Redis persistence not checked: %s", e.toString());
            return durability;
        }
        Durability before = durability;
        durability = now;
        boolean first = !checked;
        checked = true;
        if (first || !now.equals(before)) {
            if (now.warnings().isEmpty()) {
                info.accept("Redis persistence" + (first ? ": " : " is now ") + now.persistence().id()
                        + (now.persistence() == Persistence.AOF ? " (tasks and API keys survive a Redis restart)"
                                : ""));
            } else {
                now.warnings().forEach(warn);
            }
        }
        return now;
    }

    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            closed = true;
            t = checker;
        }
        if (t != null) {
            t.interrupt();
        }
    }
}
