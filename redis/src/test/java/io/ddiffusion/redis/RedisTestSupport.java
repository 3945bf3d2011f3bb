package io.ddiffusion.redis;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real Redis for tests ({@code -Dddiffusion.test.redis=redis://…}, default {@value #DEFAULT_URL}), shared with
 * other runs: every store or queue a test makes lives under its own {@code ddtest:<uuid>:} prefix, and every key
 * under those prefixes is deleted after each test. Register as a static field:
 * {@code @RegisterExtension static final RedisTestSupport redis = new RedisTestSupport();}
 */
public final class RedisTestSupport implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
    public static final String DEFAULT_URL = "redis://127.0.0.1:6379";

    private final List<RedisKeys> handedOut = new CopyOnWriteArrayList<>();
    private final List<RedisConnections> extra = new CopyOnWriteArrayList<>();
    private RedisConnections connections;

    public static String url() {
        String url = System.getProperty("ddiffusion.test.redis");
        return url == null || url.isBlank() ? DEFAULT_URL : url;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        connections = new RedisConnections(url());
    }

    /** The connections shared by this test class. */
    public RedisConnections connections() {
        return connections;
    }

    /** Raw commands, for looking at what the stores wrote. */
    public RedisCommands<String, String> raw() {
        return connections.sync();
    }

    /** Keys under a prefix no other test or run uses; deleted after the test. */
    public RedisKeys freshKeys() {
        RedisKeys keys = new RedisKeys("ddtest:" + UUID.randomUUID() + ":");
        handedOut.add(keys);
        return keys;
    }

    /** A separate client, closed after the test. */
    public RedisConnections newConnections() {
        RedisConnections c = new RedisConnections(url());
        extra.add(c);
        return c;
    }

    /** Every key under {@code keys}' prefix. */
    public List<String> keysUnder(RedisKeys keys) {
        List<String> found = new ArrayList<>();
        ScanArgs match = ScanArgs.Builder.matches(keys.pattern()).limit(1000);
        KeyScanCursor<String> cursor = raw().scan(match);
        while (true) {
            found.addAll(cursor.getKeys());
            if (cursor.isFinished()) {
                return found;
            }
            cursor = raw().scan(ScanCursor.of(cursor.getCursor()), match);
        }
    }

    /** Deletes every key under {@code keys}' prefix; returns how many went. */
    public long deleteAll(RedisKeys keys) {
        List<String> found = keysUnder(keys);
        return found.isEmpty() ? 0 : raw().unlink(found.toArray(String[]::new));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        for (RedisConnections c : extra) {
            c.close();
        }
        extra.clear();
        for (RedisKeys keys : handedOut) {
            deleteAll(keys);
        }
        handedOut.clear();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        afterEach(context);
        if (connections != null) {
            connections.close();
        }
    }
}
