package io.ddiffusion.redis;

import io.ddiffusion.core.queue.BrokerUnavailableException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Turns the Redis client's failures into {@link BrokerUnavailableException} at the edge of the SPIs, so the rest of
 * the system (workers, API) can tell "the broker is away" from a bug without knowing Lettuce, and never shows the
 * client library's text to users. Errors Redis answered with (a script's error, a wrong type) are bugs, not outages,
 * and pass through unchanged, except the ones Redis gives while it cannot serve (LOADING, BUSY, MASTERDOWN, READONLY
 * and the like).
 */
public final class RedisErrors {
    private static final String[] UNAVAILABLE_REPLIES = {"LOADING", "BUSY", "MASTERDOWN", "READONLY", "TRYAGAIN",
        "CLUSTERDOWN", "NOREPLICAS", "MISCONF"};

    private RedisErrors() {
    }

    /** {@code impl} seen through {@code spi}, with the broker's failures translated. */
    public static <T> T translating(Class<T> spi, T impl) {
        return spi.cast(Proxy.newProxyInstance(spi.getClassLoader(), new Class<?>[] {spi}, new Translating(impl)));
    }

    /** The object {@code o} translates for when it is one of {@link #translating}'s proxies; else {@code o}. */
    static Object unwrapped(Object o) {
        return o != null && Proxy.isProxyClass(o.getClass()) && Proxy.getInvocationHandler(o) instanceof Translating t
                ? t.impl() : o;
    }

    private record Translating(Object impl) implements InvocationHandler {
        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(impl, args);
            } catch (InvocationTargetException e) {
                throw translate(e.getCause());
            }
        }
    }

    /** The exception to throw for {@code e}: a broker outage in our words, or {@code e} itself. */
    public static Throwable translate(Throwable e) {
        if (e instanceof RedisException re && unavailable(re)) {
            return new BrokerUnavailableException("The task broker (Redis) is unavailable: " + summary(re), e);
        }
        return e;
    }

    private static boolean unavailable(RedisException e) {
        if (!(e instanceof RedisCommandExecutionException)) {
            return true; // time-outs, closed or refused connections
        }
        String m = e.getMessage() == null ? "" : e.getMessage();
        for (String reply : UNAVAILABLE_REPLIES) {
            if (m.startsWith(reply)) {
                return true;
            }
        }
        return false;
    }

    /** What happened, in a few words of ours. */
    private static String summary(RedisException e) {
        String name = e.getClass().getSimpleName();
        if (name.contains("Timeout")) {
            return "it did not answer in time";
        }
        if (e instanceof RedisCommandExecutionException) {
            String m = e.getMessage() == null ? "" : e.getMessage();
            return m.startsWith("LOADING") ? "it is loading its data after a restart" : "it cannot serve requests now";
        }
        return "it cannot be reached";
    }
}
