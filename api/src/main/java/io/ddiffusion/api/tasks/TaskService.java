package io.ddiffusion.api.tasks;

import io.ddiffusion.api.http.ApiException;
import io.ddiffusion.api.http.Backlog;
import io.ddiffusion.api.http.Caller;
import io.ddiffusion.api.http.ValidationException;
import io.ddiffusion.api.http.ValidationProblem;
import io.ddiffusion.core.config.Settings;
import io.ddiffusion.core.json.Json;
import io.ddiffusion.core.queue.TaskQueue;
import io.ddiffusion.core.storage.BlobStorage;
import io.ddiffusion.core.storage.FilesystemBlobStorage;
import io.ddiffusion.core.storage.SignedUrls;
import io.ddiffusion.core.storage.StorageKeys;
import io.ddiffusion.core.store.BacklogFullException;
import io.ddiffusion.core.store.TaskIntake;
import io.ddiffusion.core.store.TaskStore;
import io.ddiffusion.core.store.TaskWithLogs;
import io.ddiffusion.core.task.IllegalTaskStateException;
import io.ddiffusion.core.task.Task;
import io.ddiffusion.schema.common.DeleteResponse;
import io.ddiffusion.schema.common.ModelSpec;
import io.ddiffusion.schema.common.QueuePosition;
import io.ddiffusion.schema.common.TaskInfo;
import io.ddiffusion.schema.common.TaskStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * What every domain's routes share: submit (decode inputs, store the task, enqueue it), read a task the caller owns,
 * and cancel it. Resources stay thin: validate → submit → map.
 */
@ApplicationScoped
public class TaskService {
    private static final Logger LOG = Logger.getLogger(TaskService.class);
    public static final String NOT_FOUND = "Task not found or has expired";

    @Inject
    TaskStore store;
    @Inject
    TaskQueue queue;
    @Inject
    TaskIntake intake;
    @Inject
    Backlog backlog;
    @Inject
    BlobStorage storage;
    @Inject
    SignedUrls signedUrls;
    @Inject
    Settings settings;
    @Inject
    Caller caller;
    @Inject
    Clock clock;
    @Inject
    ModelAvailability availability;
    @Inject
    SpooledInputs spooled;

    BlobStorage storage() {
        return storage;
    }

    long maxImagePixels() {
        return settings.maxImagePixels();
    }

    /**
     * What real-esrgan-x4 can take: its 4× output is capped by the workers' DDIFFUSION_ESRGAN_MAX_OUTPUT_PIXELS (the
     * same variable, read here too), so a larger input is refused at submit instead of failing on a GPU later.
     */
    public Submission.PixelLimit upscalerInputLimit() {
        long output = settings.models().pipelines().esrganMaxOutputPixels();
        return new Submission.PixelLimit(output / 16, "pixels real-esrgan-x4 takes: it upscales 4x and its output may "
                + "have at most " + output + " pixels (DDIFFUSION_ESRGAN_MAX_OUTPUT_PIXELS)");
    }

    /** The input a placeholder from the request body stands for (see {@link SpooledInputs}); empty for other text. */
    Optional<SpooledInputs.SpooledInput> spooled(String value) {
        return spooled.take(value);
    }

    Path tempFile() throws IOException {
        return storage instanceof FilesystemBlobStorage fs ? fs.tempFile() : Files.createTempFile("dd-input-", ".part");
    }

    /**
     * Checks the request's capability rules, decodes its inputs with {@code prepare} (which returns the request to
     * store, with storage keys in place of base64), then records and enqueues the task.
     */
    public <R> UUID submit(ModelSpec model, List<String> capabilityErrors, Function<Submission, R> prepare) {
        ModelAvailability.Verdict verdict = availability.verdict(model);
        if (verdict.refused()) {
            throw new ValidationException(ValidationProblem.body("Model '" + model.id() + "' is not available: "
                    + verdict.unavailableReason().orElseThrow(), "model_unavailable", "model"));
        }
        if (!capabilityErrors.isEmpty()) {
            throw new ValidationException(capabilityErrors.stream()
                    .map(m -> ValidationProblem.body(m, "value_error")).toList());
        }
        UUID id = UUID.randomUUID();
        Submission submission = new Submission(id, this);
        boolean recording = false;
        try {
            R stored = prepare.apply(submission);
            Task task = Task.submitted(id, model.taskName(), model.queue(), caller.key().keyId(), caller.identity(),
                    Json.write(stored), submission.inputs(), clock.instant());
            recording = true;
            try {
                intake.submit(task, backlog.limit());
            } catch (BacklogFullException e) {
                recording = false;
                throw backlog.refused(e.waiting());
            }
            LOG.debugf("[%s] %s queued on %s by %s (%s)", id, model.taskName(), model.queue().id(),
                    caller.identity().keyName(), caller.identity().userId());
            return id;
        } catch (RuntimeException e) {
            submission.discard();
            // why: IllegalStateException means the id is another task's; anything else may have left ours recorded
            // but not queued
            if (recording && !(e instanceof IllegalStateException)) {
                abandon(id);
            }
            throw e;
        }
    }

    /** A task recorded but never queued must not look like it waits: it fails, saying why (best effort). */
    private void abandon(UUID id) {
        try {
            store.modify(id, t -> t.status().isTerminal() ? t : t.failed("The task could not be queued (the broker "
                    + "was unavailable); submit it again", clock.instant()));
        } catch (RuntimeException e) {
            LOG.warnf("[%s] could not mark the unqueued task as failed: %s", id, e.getMessage());
        }
    }

    /** The caller's task in {@code domain}; 404 for other keys' tasks, other domains, unknown or expired ids. */
    public Task owned(String rawId, String domain) {
        return store.find(parseId(rawId)).filter(t -> isCallers(t, domain))
                .orElseThrow(() -> ApiException.notFound(NOT_FOUND));
    }

    /** {@link #view} of {@link #owned}, reading the task and its logs together. */
    public TaskView ownedView(String rawId, String domain) {
        TaskWithLogs found = store.findWithLogs(parseId(rawId)).filter(t -> isCallers(t.task(), domain))
                .orElseThrow(() -> ApiException.notFound(NOT_FOUND));
        return view(found.task(), found.logs());
    }

    private boolean isCallers(Task task, String domain) {
        return task.domain().equals(domain) && task.owner() != null && task.owner().equals(caller.key().keyId());
    }

    /** The state of a task as clients see it: signed URLs for files still in storage, logs, queue position. */
    public TaskView view(Task task) {
        return view(task, store.logs(task.id()));
    }

    private TaskView view(Task task, List<String> storedLogs) {
        List<String> logs = new ArrayList<>(storedLogs);
        QueuePosition position = null;
        if (task.status() == TaskStatus.PENDING && task.queueEntry() != null) {
            position = queue.position(task.queue(), task.queueEntry()).orElse(null);
            if (position != null) {
                logs.add("Queue " + position.queue() + " position: " + position.position() + " / " + position
                        .total());
            }
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
                error = "Output files are no longer in storage (results are kept " + settings.resultRetention()
                        .toDays() + " days): " + String.join(", ", missing);
            }
        } else if (task.status() == TaskStatus.FAILURE) {
            error = "Task failed with error: " + task.error();
        }
        return new TaskView(task.id(), task.status(), files, task.text(), error, logs, info(task, position));
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
                t.identity() == null ? null : t.identity().machineId());
    }

    /**
     * Cancels the caller's task: a waiting task leaves its queue and never runs; a running one is stopped by its
     * worker within moments. Finished tasks are left as they are.
     */
    public DeleteResponse cancel(String rawId, String domain) {
        Task task = owned(rawId, domain);
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
        Task now = revoked.orElseThrow(() -> ApiException.notFound(NOT_FOUND));
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
