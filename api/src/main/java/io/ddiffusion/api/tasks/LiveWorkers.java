package io.ddiffusion.api.tasks;

import io.ddiffusion.core.queue.TaskQueue;
import io.ddiffusion.core.queue.WorkerStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The live workers as their heartbeats describe them, read from the broker at most once a second and shared by every
 * request in between. why: {@code /models} and every submit ask; one broker read a second, not one a request.
 */
@ApplicationScoped
public class LiveWorkers {
    private static final Logger LOG = Logger.getLogger(LiveWorkers.class);
    /** How old a snapshot may be; far below the heartbeat timeout, so a dead worker drops out about as fast. */
    static final Duration MAX_AGE = Duration.ofSeconds(1);

    @Inject
    TaskQueue queue;

    private record Snapshot(List<WorkerStatus> workers, long takenNanos) {
    }

    private volatile Snapshot snapshot;

    /** Every live worker's last published status. */
    public List<WorkerStatus> all() {
        Snapshot s = snapshot;
        if (s != null && System.nanoTime() - s.takenNanos() < MAX_AGE.toNanos()) {
            return s.workers();
        }
        return refresh(s);
    }

    private synchronized List<WorkerStatus> refresh(Snapshot seen) {
        Snapshot s = snapshot;
        if (s != seen && s != null) {
            return s.workers(); // why: another request refreshed it while this one waited
        }
        try {
            List<WorkerStatus> workers = List.copyOf(queue.workers());
            snapshot = new Snapshot(workers, System.nanoTime());
            return workers;
        } catch (RuntimeException e) {
            if (s == null) {
                throw e;
            }
            LOG.debugf("cannot read the live workers, using the last snapshot: %s", e.getMessage());
            return s.workers();
        }
    }
}
