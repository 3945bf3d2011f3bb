package io.ddiffusion.api.events;

import io.ddiffusion.core.queue.TaskQueue;
import io.ddiffusion.core.store.TaskStore;
import io.ddiffusion.core.task.Task;
import io.ddiffusion.schema.common.QueuePosition;
import io.ddiffusion.schema.common.TaskStatus;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The queue positions of the waiting tasks this node's streams watch: read once per {@link #poll} per task, however
 * many streams watch it, and handed to them only when the position changed.
 */
final class QueuePositions {
    private static final Logger LOG = Logger.getLogger(QueuePositions.class);

    private final TaskStore store;
    private final TaskQueue queue;
    private final Map<UUID, Watch> watches = new ConcurrentHashMap<>();

    private static final class Watch {
        final Set<EventStream> streams = ConcurrentHashMap.newKeySet();
        volatile boolean waiting;
        volatile QueuePosition last;
    }

    QueuePositions(TaskStore store, TaskQueue queue) {
        this.store = store;
        this.queue = queue;
    }

    /** Starts handing {@code stream} the positions of its task; {@code waiting}: the task is pending now. */
    void watch(EventStream stream, boolean waiting) {
        Watch w = watches.compute(stream.taskId, (id, old) -> {
            Watch next = old == null ? new Watch() : old;
            next.streams.add(stream);
            if (waiting && old == null) {
                next.waiting = true;
            }
            return next;
        });
        QueuePosition known = w.last;
        if (w.waiting && known != null) {
            stream.position(known);
        }
    }

    void unwatch(EventStream stream) {
        watches.computeIfPresent(stream.taskId, (id, w) -> {
            w.streams.remove(stream);
            return w.streams.isEmpty() ? null : w;
        });
    }

    /** The task's status changed: positions are read only while it waits (again, after a requeue). */
    void status(UUID taskId, TaskStatus status) {
        Watch w = watches.get(taskId);
        if (w != null) {
            w.waiting = status == TaskStatus.PENDING;
            if (!w.waiting) {
                w.last = null;
            }
        }
    }

    /** Reads the position of every watched waiting task and hands the changed ones out. */
    void poll() {
        for (Map.Entry<UUID, Watch> e : watches.entrySet()) {
            Watch w = e.getValue();
            if (!w.waiting) {
                continue;
            }
            try {
                Optional<Task> t = store.find(e.getKey());
                if (t.isEmpty() || t.get().status() != TaskStatus.PENDING || t.get().queueEntry() == null) {
                    continue;
                }
                QueuePosition p = queue.position(t.get().queue(), t.get().queueEntry()).orElse(null);
                if (p != null && w.waiting && !p.equals(w.last)) {
                    w.last = p;
                    w.streams.forEach(s -> s.position(p));
                }
            } catch (RuntimeException ex) {
                // why: a broker outage pauses positions; the stream itself carries on and resumes
                LOG.debugf("queue position of task %s: %s", e.getKey(), ex.toString());
            }
        }
    }

    int watched() {
        return watches.size();
    }
}
