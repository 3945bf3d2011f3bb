package io.ddiffusion.core.queue;

/**
 * The broker (Redis) did not answer: down, restarting, loading its data, or unreachable. Not the task's fault and not
 * a bug: the work is retried once the broker is back, and clients are told in our own words to come back.
 */
public class BrokerUnavailableException extends RuntimeException {
    public BrokerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether {@code e} or one of its causes says the broker is away. */
    public static boolean isCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BrokerUnavailableException) {
                return true;
            }
        }
        return false;
    }
}
