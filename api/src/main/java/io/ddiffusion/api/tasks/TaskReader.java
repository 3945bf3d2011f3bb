package io.ddiffusion.api.tasks;

import io.ddiffusion.api.http.ApiException;
import io.ddiffusion.api.http.Caller;
import io.ddiffusion.api.http.ValidationException;
import io.ddiffusion.api.http.ValidationProblem;
import io.ddiffusion.core.config.StorageSettings;
import io.ddiffusion.core.queue.TaskQueue;
import io.ddiffusion.core.storage.BlobStorage;
import io.ddiffusion.core.storage.SignedUrls;
import io.ddiffusion.core.store.TaskStore;
import io.ddiffusion.core.store.TaskSnapshot;
import io.ddiffusion.core.store.TaskSnapshots;
import io.ddiffusion.core.task.Task;
import io.ddiffusion.core.webhooks.WebhookOutbox;
import io.ddiffusion.schema.common.QueuePosition;
import io.ddiffusion.schema.common.TaskInfo;
import io.ddiffusion.schema.common.TaskStatus;
import io.ddiffusion.schema.common.WebhookInfo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Reads tasks as clients see them: only the caller's own (other keys' tasks are "not found"), with signed URLs for
 * files still in storage, logs, the queue position while waiting and {@code task_info}.
 */
@ApplicationScoped
public class TaskReader {
    private static final Logger LOG = Logger.getLogger(TaskReader.class);
    public static final String NOT_FOUND = "Task not found or has expired";

    @Inject
    TaskStore store;
    @Inject
    TaskQueue queue;
    @Inject
    TaskSnapshots snapshots;
    @Inject
    BlobStorage storage;
    @Inject
    SignedUrls signedUrls;
    @Inject
    StorageSettings storageSettings;
    @Inject
    Caller caller;
    @Inject
    Clock clock;
    @Inject
    WebhookOutbox webhooks;

    /** The caller's task in {@code domain}; 404 for other keys' tasks, other domains, unknown or expired ids. */
    public Task owned(String rawId, String domain) {
        return store.find(parseId(rawId)).filter(t -> isCallers(t, domain))
                .orElseThrow(() -> ApiException.notFound(NOT_FOUND));
    }

    /** {@link #view} of {@link #owned}, reading the task, its logs and its queue position together. */
    public TaskView ownedView(String rawId, String domain) {
        TaskSnapshot found = snapshots.find(parseId(rawId)).filter(t -> isCallers(t.task(), domain))
                .orElseThrow(() -> ApiException.notFound(NOT_FOUND));
        return view(found.task(), found.logs(), found.position());
    }

    private boolean isCallers(Task task, String domain) {
        return task.domain().equals(domain) && task.owner() != null && task.owner().equals(caller.key().keyId());
    }

    /** The state of a task as clients see it: signed URLs for files still in storage, logs, queue position. */
    public TaskView view(Task task) {
        return view(task, store.logs(task.id()), TaskSnapshot.positionIn(queue, task));
    }

    private TaskView view(Task task, List<String> storedLogs, QueuePosition position) {
        List<String> logs = new ArrayList<>(storedLogs);
        if (position != null) {
            logs.add("Queue " + position.queue() + " position: " + position.position() + " / " + position.total());
        }
        List<URI> files = new ArrayList<>();
        String error = null;
        if (task.status() == TaskStatus.SUCCESS) {
            List<String> missing = new ArrayList<>();
            for (String key : task.outputs()) {
                if (exists(key)) {
                    files.add(signedUrls.sign(key));
                } else {
                    missing.add(key);
                }
            }
            if (!missing.isEmpty()) {
                error = "Output files are no longer in storage (results are kept " + storageSettings.resultRetention()
                        .toDays() + " days): " + String.join(", ", missing);
            }
        } else if (task.status() == TaskStatus.FAILURE) {
            error = failure(task);
        }
        return new TaskView(task.id(), task.status(), files, task.text(), error, logs, info(task, position));
    }

    /**
     * A task as an overview lists it: status, the failure's message and {@code task_info}, without what costs a
     * read per task (logs, queue position, files in storage).
     */
    public TaskView summary(Task task) {
        String error = task.status() == TaskStatus.FAILURE ? failure(task) : null;
        return new TaskView(task.id(), task.status(), List.of(), null, error, List.of(), info(task, null));
    }

    private static String failure(Task task) {
        return "Task failed with error: " + task.error();
    }

    private boolean exists(String key) {
        try {
            return storage.open(key).isPresent();
        } catch (IOException | RuntimeException e) {
            LOG.warnf("cannot check %s: %s", key, e.getMessage());
            return false;
        }
    }

    private TaskInfo info(Task t, QueuePosition position) {
        Instant end = t.finishedAt();
        return new TaskInfo(t.name(), t.queue().id(), t.status().name(), t.queuedAt(), t.startedAt(),
                t.status() == TaskStatus.SUCCESS ? end : null,
                t.status() == TaskStatus.FAILURE ? end : null,
                t.status() == TaskStatus.REVOKED ? end : null,
                t.worker(), t.runtimeSeconds(clock.instant()), t.attempts() > 1 ? t.attempts() - 1 : null, position,
                t.progress(), t.identity() == null ? null : t.identity().userId(),
                t.identity() == null ? null : t.identity().machineId(), webhook(t));
    }

    /** Only a task whose request named a webhook costs the read of its messages. */
    private WebhookInfo webhook(Task t) {
        return t.webhook() == null ? null : new WebhookInfo(t.webhook().events(), webhooks.deliveries(t.id()));
    }

    public static UUID parseId(String raw) {
        try {
            if (raw == null || raw.length() != 36) {
                throw new IllegalArgumentException();
            }
            return UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            throw new ValidationException(new ValidationProblem(List.of("path", "id"),
                    "must be a UUID, e.g. 3fa85f64-5717-4562-b3fc-2c963f66afa6", "uuid_parsing"));
        }
    }
}
