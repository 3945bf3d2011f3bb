package io.ddiffusion.api.system;

import io.ddiffusion.core.queue.BrokerHealth;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * Whether the broker answers, found out with one short {@code PING} at most once a second and shared by every
 * request in between. why: load balancers poll {@code /health/ready} every few seconds from every node; that must
 * cost the broker nothing, and a broker that does not answer must not hold a request longer than the PING's timeout.
 */
@Singleton
public class Readiness {
    /** How old an answer may be. */
    static final Duration MAX_AGE = Duration.ofSeconds(1);
    /** How long a PING may take before the broker counts as unreachable. */
    static final Duration PING_TIMEOUT = Duration.ofSeconds(1);

    private final BrokerHealth broker;

    private record Answer(boolean reachable, long takenNanos) {
    }

    private volatile Answer answer;

    @Inject
    public Readiness(BrokerHealth broker) {
        this.broker = broker;
    }

    /** Whether the broker answered its last PING (at most {@link #MAX_AGE} ago, or now). */
    public boolean brokerReachable() {
        Answer a = answer;
        if (a != null && System.nanoTime() - a.takenNanos() < MAX_AGE.toNanos()) {
            return a.reachable();
        }
        return refresh(a);
    }

    private synchronized boolean refresh(Answer seen) {
        Answer a = answer;
        if (a != seen && a != null) {
            return a.reachable(); // why: another request pinged while this one waited
        }
        boolean reachable = broker.reachable(PING_TIMEOUT);
        answer = new Answer(reachable, System.nanoTime());
        return reachable;
    }

    /** The broker's kind and what its last persistence check found. */
    public BrokerHealth broker() {
        return broker;
    }
}
