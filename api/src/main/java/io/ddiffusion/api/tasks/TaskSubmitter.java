package io.ddiffusion.api.tasks;

import io.ddiffusion.api.http.Backlog;
import io.ddiffusion.api.http.Caller;
import io.ddiffusion.api.http.IdempotencyKeys;
import io.ddiffusion.api.http.IdempotentRequest;
import io.ddiffusion.api.http.ValidationException;
import io.ddiffusion.api.http.ValidationProblem;
import io.ddiffusion.api.http.ApiSettings;
import io.ddiffusion.api.webhooks.WebhookRequests;
import io.ddiffusion.api.webhooks.WebhookSettings;
import io.ddiffusion.core.config.StorageSettings;
import io.ddiffusion.core.json.Json;
import io.ddiffusion.core.metrics.TaskMetrics;
import io.ddiffusion.core.storage.BlobStorage;
import io.ddiffusion.core.storage.FilesystemBlobStorage;
import io.ddiffusion.core.store.BacklogFullException;
import io.ddiffusion.core.store.IdempotencyClaim;
import io.ddiffusion.core.store.IdempotencyMismatchException;
import io.ddiffusion.core.store.IdempotencyRecord;
import io.ddiffusion.core.store.RecentTasks;
import io.ddiffusion.core.store.Submitted;
import io.ddiffusion.core.store.TaskIntake;
import io.ddiffusion.core.store.TaskStore;
import io.ddiffusion.core.task.Task;
import io.ddiffusion.core.webhooks.Webhook;
import io.ddiffusion.core.webhooks.WebhookOutbox;
import io.ddiffusion.schema.common.ModelSpec;
import io.ddiffusion.schema.common.WebhookOptions;
import io.ddiffusion.schema.images.ImageModel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Submits tasks for every domain's routes: checks that the model can run, decodes and stores the inputs, records the
 * task and enqueues it in one step. Resources stay thin: validate → submit → map.
 */
@ApplicationScoped
public class TaskSubmitter {
    private static final Logger LOG = Logger.getLogger(TaskSubmitter.class);

    @Inject
    TaskStore store;
    @Inject
    TaskIntake intake;
    @Inject
    Backlog backlog;
    @Inject
    BlobStorage storage;
    @Inject
    ApiSettings settings;
    @Inject
    Caller caller;
    @Inject
    Clock clock;
    @Inject
    ModelAvailability availability;
    @Inject
    SpooledInputs spooled;
    @Inject
    TaskMetrics metrics;
    @Inject
    IdempotentRequest idempotent;
    @Inject
    RecentTasks recent;
    @Inject
    Uploads uploads;
    @Inject
    UrlInputs urlInputs;
    @Inject
    SubmitTracing tracing;
    @Inject
    WebhookOutbox webhooks;
    @Inject
    WebhookSettings webhookSettings;
    @Inject
    StorageSettings storageSettings;

    Uploads uploads() {
        return uploads;
    }

    UrlInputs urlInputs() {
        return urlInputs;
    }

    String callerKeyId() {
        return caller.key().keyId();
    }

    BlobStorage storage() {
        return storage;
    }

    long maxImagePixels() {
        return settings.maxImagePixels();
    }

    /**
     * The largest image input {@code model} takes, when its own definition caps it below the global limit: an
     * upscaler's output may have at most {@code DDIFFUSION_ESRGAN_MAX_OUTPUT_PIXELS} (the same variable the workers
     * read), so a larger input is refused at submit instead of failing on a GPU later. Null when only the global
     * limit applies.
     */
    public Submission.PixelLimit imageInputLimit(ImageModel model) {
        int scale = model.outputScale();
        if (scale == 1) {
            return null;
        }
        long output = settings.maxUpscaledPixels();
        return new Submission.PixelLimit(output / ((long) scale * scale), "pixels " + model.id() + " takes: it "
                + "upscales " + scale + "x and its output may have at most " + output + " pixels "
                + "(DDIFFUSION_ESRGAN_MAX_OUTPUT_PIXELS)");
    }

    /** The input a placeholder from the request body stands for (see {@link SpooledInputs}); empty for other text. */
    Optional<SpooledInputs.SpooledInput> spooled(String value) {
        return spooled.take(value);
    }

    /** Counts a decoded input stored for a task (uploaded bytes, as stored). */
    void inputStored(long bytes) {
        metrics.bytes(TaskMetrics.Direction.UPLOADED, "inputs", bytes);
    }

    Path tempFile() throws IOException {
        return storage instanceof FilesystemBlobStorage fs ? fs.tempFile() : Files.createTempFile("dd-input-", ".part");
    }

    /**
     * Checks the request's capability rules, decodes its inputs with {@code prepare} (which returns the request to
     * store, with storage keys in place of base64), then records and enqueues the task.
     *
     * <p>With an Idempotency-Key (see {@link IdempotentRequest}): a key whose record was found before the body was
     * read answers its task at once (nothing decoded, nothing checked again: the same bytes passed every check the
     * first time) or 422 when the body differs. Otherwise the task is created under the key in one atomic step of
     * the intake. Concurrent duplicates (on any API node) all prepare their inputs, exactly one creates the task, and
     * the others drop their inputs and answer its id as replays: no request waits on another and no reservation is
     * ever left without its task, so there is no "still in progress" answer (409) to give.
     */
    public <R> Submitted submit(ModelSpec model, WebhookOptions request, List<String> capabilityErrors,
            Function<Submission, R> prepare) {
        try (SubmitTracing.Submit span = tracing.start(model)) {
            try {
                Submitted submitted = submit(model, request, capabilityErrors, prepare, span);
                span.submitted(submitted);
                return submitted;
            } catch (RuntimeException e) {
                span.failed(e);
                throw e;
            }
        }
    }

    private <R> Submitted submit(ModelSpec model, WebhookOptions request, List<String> capabilityErrors,
            Function<Submission, R> prepare, SubmitTracing.Submit span) {
        Optional<IdempotencyClaim> claim = idempotent.key().map(key -> new IdempotencyClaim(caller.key().keyId(),
                key, idempotent.fingerprint(), settings.idempotencyTtl()));
        if (claim.isPresent() && idempotent.recorded().isPresent()) {
            return replay(idempotent.recorded().get(), claim.get());
        }
        ModelAvailability.Verdict verdict = availability.verdict(model);
        if (verdict.refused()) {
            throw new ValidationException(ValidationProblem.body("Model '" + model.id() + "' is not available: "
                    + verdict.unavailableReason().orElseThrow(), "model_unavailable", "model"));
        }
        if (!capabilityErrors.isEmpty()) {
            throw new ValidationException(capabilityErrors.stream()
                    .map(m -> ValidationProblem.body(m, "value_error")).toList());
        }
        Webhook webhook = WebhookRequests.of(request, webhookSettings);
        UUID id = UUID.randomUUID();
        span.task(id);
        Submission submission = new Submission(id, this);
        boolean recording = false;
        try {
            R stored = prepare.apply(submission);
            Task task = Task.submitted(id, model.taskName(), model.queue(), caller.key().keyId(), caller.identity(),
                    Json.write(stored), submission.inputs(), clock.instant());
            task = span.context().map(task::tracedBy).orElse(task);
            if (webhook != null) {
                task = task.withWebhook(webhook);
                // why: before the task exists, so its first change already finds the webhook; a registration whose
                // task is never created (a replay, a full backlog) expires by itself
                webhooks.register(id, webhook, storageSettings.resultRetention());
            }
            recording = true;
            Submitted submitted;
            try {
                submitted = claim.isPresent() ? intake.submit(task, backlog.limit(), claim.get())
                        : new Submitted(intake.submit(task, backlog.limit()).id(), false);
            } catch (BacklogFullException e) {
                recording = false;
                forgetWebhook(id, webhook);
                throw backlog.refused(e.waiting());
            } catch (IdempotencyMismatchException e) {
                recording = false;
                forgetWebhook(id, webhook);
                throw mismatch();
            }
            if (submitted.replayed()) {
                // why: a concurrent duplicate created the task first; ours was never recorded, its inputs go
                submission.discard();
                forgetWebhook(id, webhook);
                LOG.debugf("[%s] replayed for Idempotency-Key of %s", submitted.taskId(), caller.identity()
                        .keyName());
                return submitted;
            }
            // why: single-use; the task holds its own copy under its inputs, deleted when it finishes
            uploads.consume(submission.uploadsUsed());
            metrics.submitted(model);
            recent.add(id, task.queuedAt());
            LOG.debugf("[%s] %s queued on %s by %s (%s)", id, model.taskName(), model.queue().id(),
                    caller.identity().keyName(), caller.identity().userId());
            return submitted;
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

    /**
     * The 202 a create answers: the same for a replay as for the create that made the task, plus
     * {@code Idempotent-Replayed: true}.
     */
    public static <T> RestResponse<T> accepted(Submitted submitted, T body) {
        RestResponse.ResponseBuilder<T> r = RestResponse.ResponseBuilder.create(RestResponse.Status.ACCEPTED, body);
        if (submitted.replayed()) {
            r.header(IdempotencyKeys.REPLAYED_HEADER, "true");
        }
        return r.build();
    }

    private Submitted replay(IdempotencyRecord recorded, IdempotencyClaim claim) {
        if (!recorded.matches(claim.fingerprint())) {
            throw mismatch();
        }
        return new Submitted(recorded.taskId(), true);
    }

    private ValidationException mismatch() {
        long hours = settings.idempotencyTtl().toHours();
        return IdempotencyKeys.problem("was already used with a different request (method, path or body) in the "
                + "last " + hours + " h (DDIFFUSION_IDEMPOTENCY_TTL_HOURS); a retry must send the same bytes, a new "
                + "request needs a new key", "idempotency_key_reused");
    }

    /** A registration whose task was never created would otherwise stay as long as a task's record. */
    private void forgetWebhook(UUID id, Webhook webhook) {
        if (webhook != null) {
            try {
                webhooks.forget(id);
            } catch (RuntimeException e) {
                LOG.debugf("[%s] could not drop the unused webhook registration: %s", id, e.getMessage());
            }
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
}
