package io.ddiffusion.worker.providers.replicate;

import java.io.ByteArrayInputStream;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.ddiffusion.core.json.Json;
import io.ddiffusion.core.media.MediaFormat;
import io.ddiffusion.worker.media.Images;
import io.ddiffusion.worker.providers.MultipartBody;
import io.ddiffusion.worker.providers.ProviderClients;
import io.ddiffusion.worker.providers.ProviderException;
import io.ddiffusion.worker.providers.ProviderHttp;
import io.ddiffusion.worker.providers.SafeDownloader;
import io.ddiffusion.schema.common.ModelSpec;
import io.ddiffusion.worker.runtime.CancellationToken;
import io.ddiffusion.worker.runtime.Prerequisite;
import io.ddiffusion.worker.runtime.TaskCancelledException;
import io.ddiffusion.worker.runtime.TaskContext;
import io.ddiffusion.worker.runtime.TaskInputs;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Replicate's HTTP API as the handlers use it: create a prediction for an official model
 * ({@code POST /models/{owner}/{name}/predictions}), poll it with a growing interval (1 s up to 5 s,
 * {@link PollSchedule}) while its new log lines go to the task's logs and their percentages to its progress, cancel
 * it on Replicate when the task is cancelled or times out (so billing stops), pass files inline or through the files
 * API, and download outputs through the SSRF-safe downloader. At most {@value #MAX_CONCURRENT_CALLS} calls are in
 * flight at once, shared by every task of the worker. The token is only ever sent to the configured base URL.
 */
public final class ReplicateClient implements Prerequisite {
    public static final String PROVIDER = "Replicate";
    /** The task checkpoint holding a call's prediction id, followed by the model and the input's sha256. */
    static final String CHECKPOINT_PREFIX = "replicate.prediction:";
    /**
     * Input files up to this size are sent inline as data URIs, larger ones through the files API. why: Replicate's
     * HTTP API reference (predictions.create, {@code input}) says to use an HTTP URL for files over 256kb and a data
     * URL for smaller ones; its "Input files" guide is looser (data URIs under 1MB), we keep the stricter number.
     */
    public static final int DATA_URI_MAX_BYTES = 256 * 1024;
    static final String TOKEN_MISSING = "REPLICATE_API_TOKEN is not set on this worker";
    /**
     * API calls in flight at once per worker (creates, polls, uploads; a cancel never waits). why: they last
     * milliseconds, so this carries thousands a second, far above Replicate's documented rate limits (600 creates and
     * 3,000 other requests a minute), while the connections stay few (see {@link ProviderHttp#limited}).
     */
    static final int MAX_CONCURRENT_CALLS = 64;

    private final Optional<String> token;
    private final String base;
    private final ProviderHttp http;
    private final SafeDownloader downloader;
    private final PollSchedule polls;

    public ReplicateClient(ProviderClients clients) {
        this(clients, Duration.ofSeconds(1), Duration.ofSeconds(5));
    }

    /** With the polling interval growing from {@code pollMin} to {@code pollMax} (tests poll fast). */
    ReplicateClient(ProviderClients clients, Duration pollMin, Duration pollMax) {
        this.token = clients.settings().replicateApiToken().filter(t -> !t.isBlank());
        String url = clients.settings().replicateBaseUrl();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.http = clients.http(PROVIDER, MAX_CONCURRENT_CALLS);
        this.downloader = clients.downloader();
        this.polls = new PollSchedule(pollMin, pollMax);
    }

    /** A model on Replicate needs the token on the workers that run it. */
    @Override
    public Optional<String> unmetFor(ModelSpec model) {
        return token.isPresent() ? Optional.empty() : Optional.of("REPLICATE_API_TOKEN is not set on the workers of "
                + "the " + model.queue().id() + " queue: " + model.id() + " runs on Replicate");
    }

    /**
     * Runs {@code model} ({@code owner/name}) on {@code input} and waits for it to finish. The prediction id is
     * recorded in the task before the wait, so a worker that takes the task over (this one died or froze) attaches to
     * the same prediction instead of creating, and paying for, a second one. A cancelled or timed-out task cancels the
     * prediction on Replicate, then rethrows; a copy stopped because the task was taken over leaves it running for
     * the new owner.
     */
    public Prediction run(String model, Map<String, ?> input, TaskContext<?> task) throws TaskCancelledException {
        String bearer = requireToken();
        byte[] body = json(Map.of("input", input));
        // why: the model and the exact input name the call, so a handler that calls twice keeps two predictions
        String checkpoint = CHECKPOINT_PREFIX + model + ":" + sha256(body);
        Optional<String> earlier = task.checkpoint(checkpoint);
        Prediction prediction;
        if (earlier.isPresent()) {
            task.log("Attaching to Replicate prediction " + earlier.get() + " (" + model + "), started by an earlier "
                    + "attempt");
            prediction = Prediction.of(http.json(model, http.send(model, request(base + "/predictions/"
                    + earlier.get(), bearer).GET().build(), task.cancellation())));
        } else {
            HttpRequest create = request(base + "/models/" + model + "/predictions", bearer)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            task.cancellation().throwIfCancelled();
            // why not abortable: a create cut off after it left would leave a prediction running (and billed) whose
            // id we never learn; a cancel that comes meanwhile is acted on once the answer names the prediction
            prediction = Prediction.of(http.json(model, http.sendWithoutAbort(model, create)));
            if (prediction.id() == null || prediction.id().isBlank()) {
                throw new ProviderException(PROVIDER, model, 0, "the create response holds no prediction id");
            }
            task.checkpoint(checkpoint, prediction.id(),
                    "Replicate prediction " + prediction.id() + " (" + model + ")");
        }
        try {
            task.cancellation().throwIfCancelled();
            return await(model, prediction, bearer, task);
        } catch (TaskCancelledException e) {
            if (task.cancellation().reason().orElse(null) != CancellationToken.Reason.TAKEN_OVER) {
                cancel(model, prediction.id(), bearer, task);
            }
            throw e;
        }
    }

    private Prediction await(String model, Prediction first, String bearer, TaskContext<?> task)
            throws TaskCancelledException {
        PredictionLogs logs = new PredictionLogs(task);
        Prediction p = first;
        long wait = polls.first().toMillis();
        while (true) {
            logs.accept(p.logs());
            String status = p.status() == null ? "" : p.status();
            switch (status) {
                case "succeeded" -> {
                    logs.flush();
                    return p;
                }
                case "failed" -> {
                    logs.flush();
                    throw new ProviderException(PROVIDER, model, 0, "prediction " + p.id() + " failed: "
                            + (p.error() == null || p.error().isBlank() ? "no error message" : p.error()));
                }
                case "canceled", "aborted" -> throw new ProviderException(PROVIDER, model, 0, "prediction " + p.id()
                        + " was " + status + " on Replicate" + (p.error() == null ? "" : ": " + p.error()));
                default -> {
                    // starting, processing (and statuses added later): keep polling
                }
            }
            // why a sleep on the task's virtual thread: it holds no platform thread while it waits, and the task's
            // cancellation wakes it at once
            task.cancellation().sleep(PollSchedule.jittered(wait));
            wait = polls.after(wait);
            HttpRequest get = request(base + "/predictions/" + p.id(), bearer).GET().build();
            p = Prediction.of(http.json(model, http.send(model, get, task.cancellation())));
        }
    }

    /** Asks Replicate to stop the prediction; never throws (the task is being cancelled anyway). */
    private void cancel(String model, String id, String bearer, TaskContext<?> task) {
        HttpRequest cancel = request(base + "/predictions/" + id + "/cancel", bearer)
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.noBody()).build();
        try {
            http.cleanUp(model, cancel);
            task.log("Cancelled Replicate prediction " + id);
        } catch (ProviderException e) {
            task.log("Could not cancel Replicate prediction " + id + ": " + e.getMessage());
        }
    }

    /** An image as a PNG file input (a data URI, or an uploaded file's URL when large). */
    public String image(BufferedImage image, String model, TaskContext<?> task) throws TaskCancelledException {
        return file(Images.png(image), "image/png", "image.png", model, task);
    }

    /** An optional frame as a file input, or null when absent (the payload then leaves the field out). */
    public String image(java.util.Optional<BufferedImage> image, String model, TaskContext<?> task)
            throws TaskCancelledException {
        return image.isPresent() ? image(image.get(), model, task) : null;
    }

    /** A stored input video as a file input. */
    public String video(TaskInputs.Input video, String model, TaskContext<?> task) throws IOException,
            TaskCancelledException {
        boolean mov = video.extension().equals("mov");
        return file(video.bytes(), mov ? "video/quicktime" : "video/mp4", mov ? "video.mov" : "video.mp4", model,
                task);
    }

    /** {@code data:<type>;base64,…} up to {@link #DATA_URI_MAX_BYTES}, otherwise uploaded; returns what to send. */
    public String file(byte[] bytes, String mimeType, String filename, String model, TaskContext<?> task)
            throws TaskCancelledException {
        if (bytes.length <= DATA_URI_MAX_BYTES) {
            return "data:" + mimeType + ";base64," + Base64.getEncoder().encodeToString(bytes);
        }
        String bearer = requireToken();
        // why: the files API takes the file in a part named "content" (POST /v1/files, multipart/form-data)
        MultipartBody body = new MultipartBody().file("content", filename, mimeType, bytes);
        HttpRequest upload = request(base + "/files", bearer).header("Content-Type", body.contentType())
                .POST(body.publisher()).build();
        JsonNode file = http.json(model, http.send(model, upload, task.cancellation()));
        String url = file.path("urls").path("get").asText("");
        if (url.isBlank()) {
            throw new ProviderException(PROVIDER, model, 0, "the files API answered without urls.get");
        }
        task.log("Uploaded " + filename + " (" + bytes.length + " bytes) to Replicate's files API");
        return url;
    }

    /** Runs an image model and stores its first output as PNG; returns the storage keys. */
    public List<String> generateImage(String model, Map<String, ?> input, TaskContext<?> task) throws IOException,
            TaskCancelledException {
        String url = firstOutput(model, run(model, input, task));
        byte[] image = downloader.image(PROVIDER, model, url, task.cancellation());
        return List.of(task.writeOutput("png", new ByteArrayInputStream(Images.toPng(image))));
    }

    /** Runs a video model and stores its first output as MP4; returns the storage keys. */
    public List<String> generateVideo(String model, Map<String, ?> input, TaskContext<?> task) throws IOException,
            TaskCancelledException {
        String url = firstOutput(model, run(model, input, task));
        SafeDownloader.Download video = downloader.toTempFile(PROVIDER, model, url, SafeDownloader.Kind.VIDEO,
                task.cancellation());
        try {
            if (video.format() != MediaFormat.MP4) {
                throw new ProviderException(PROVIDER, model, 0, "output is " + video.format()
                        + ", expected an MP4 video");
            }
            return List.of(task.writeOutputFile("mp4", video.file()));
        } finally {
            Files.deleteIfExists(video.file());
        }
    }

    private static String firstOutput(String model, Prediction p) {
        List<String> urls = p.outputUrls();
        if (urls.isEmpty()) {
            throw new ProviderException(PROVIDER, model, 0, "prediction " + p.id() + " succeeded without an output");
        }
        return urls.getFirst();
    }

    private String requireToken() {
        return token.orElseThrow(() -> new IllegalStateException(TOKEN_MISSING));
    }

    private static HttpRequest.Builder request(String url, String bearer) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(2))
                .header("Authorization", "Bearer " + bearer).header("Accept", "application/json");
    }

    private static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] json(Object value) {
        try {
            return Json.MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("input is not serialisable as JSON", e);
        }
    }
}
