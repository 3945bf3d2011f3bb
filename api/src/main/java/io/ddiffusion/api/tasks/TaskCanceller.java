package io.ddiffusion.api.tasks;

import io.ddiffusion.api.http.ApiException;
import io.ddiffusion.api.http.Caller;
import io.ddiffusion.core.queue.TaskQueue;
import io.ddiffusion.core.storage.BlobStorage;
import io.ddiffusion.core.storage.StorageKeys;
import io.ddiffusion.core.store.TaskStore;
import io.ddiffusion.core.task.IllegalTaskStateException;
import io.ddiffusion.core.task.Task;
import io.ddiffusion.schema.common.DeleteResponse;
import io.ddiffusion.schema.common.TaskStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import org.jboss.logging.Logger;

/** Cancels tasks: a waiting one leaves its queue and never runs; a running one is stopped by its worker. */
@ApplicationScoped
public class TaskCanceller {
    private static final Logger LOG = Logger.getLogger(TaskCanceller.class);

    @Inject
    TaskStore store;
    @Inject
    TaskQueue queue;
    @Inject
    BlobStorage storage;
    @Inject
    Caller caller;
    @Inject
    Clock clock;
    @Inject
    TaskReader reader;

    /**
     * Cancels the caller's task: a waiting task leaves its queue and never runs; a running one is stopped by its
     * worker within moments. Finished tasks are left as they are.
     */
    public DeleteResponse cancel(String rawId, String domain) {
        Task task = reader.owned(rawId, domain);
        return cancel(task);
    }

    /** Cancels any task (admins). */
    public DeleteResponse cancel(Task task) {
        if (task.status().isTerminal()) {
            return new DeleteResponse(task.id(), task.status(), "Task already completed");
        }
        Optional<Task> revoked;
        try {
            revoked = store.modify(task.id(), t -> t.status().isTerminal() ? t : t.revoked(
                    "Task cancellation requested", clock.instant()));
        } catch (IllegalTaskStateException e) {
            revoked = store.find(task.id());
        }
        Task now = revoked.orElseThrow(() -> ApiException.notFound(TaskReader.NOT_FOUND));
        if (now.status() != TaskStatus.REVOKED) {
            return new DeleteResponse(now.id(), now.status(), "Task already completed");
        }
        if (now.queueEntry() != null && queue.remove(now.queue(), now.queueEntry())) {
            // why: it never reached a worker, so nobody else will delete its inputs
            try {
                storage.deletePrefix(StorageKeys.inputsPrefix(now.id()));
            } catch (IOException e) {
                LOG.warnf("[%s] cannot delete inputs: %s", now.id(), e.getMessage());
            }
        }
        store.appendLog(now.id(), "Cancelled by " + (caller.identity() == null ? "an admin"
                : caller.identity().keyName()));
        LOG.infof("[%s] cancelled", now.id());
        return new DeleteResponse(now.id(), TaskStatus.REVOKED, "Task cancellation requested");
    }
}
