package io.ddiffusion.worker.runtime;

import io.ddiffusion.core.queue.BrokerUnavailableException;
import java.time.Duration;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Retries a write the worker must not lose (a task's result, an acknowledgement) while the broker is away, with
 * backoff, for at most a budget; then gives up with the broker's exception, and the entry the worker still holds is
 * taken back once the broker answers (see {@code TaskQueue.takeBack}).
 */
final class BrokerRetry {
    private static final Logger LOG = Logger.getLogger(BrokerRetry.class);
    private static final Duration FIRST_PAUSE = Duration.ofMillis(100);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(2);

    private BrokerRetry() {
    }

    /** {@code call}'s result, retried while it fails because the broker is away, until {@code budget} has passed. */
    static <T> T call(String what, Duration budget, Supplier<T> call) {
        long deadline = System.nanoTime() + budget.toNanos();
        long pause = FIRST_PAUSE.toMillis();
        while (true) {
            try {
                return call.get();
            } catch (RuntimeException e) {
                if (!BrokerUnavailableException.isCause(e) || System.nanoTime() + pause * 1_000_000 > deadline) {
                    throw e;
                }
                LOG.debugf("%s: %s; retrying in %d ms", what, e.getMessage(), pause);
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                pause = Math.min(pause * 2, LONGEST_PAUSE.toMillis());
            }
        }
    }

    /** As {@link #call} for a call without a result. */
    static void run(String what, Duration budget, Runnable call) {
        call(what, budget, () -> {
            call.run();
            return null;
        });
    }
}
