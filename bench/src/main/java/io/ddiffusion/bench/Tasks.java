package io.ddiffusion.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/** Task helpers shared by the scenarios: the no-op request, and waiting for a task to finish. */
final class Tasks {
    /** A small text-to-image request on the cpu queue; EchoHandler does nothing for the prompt "x". */
    static final byte[] NO_OP_IMAGE = "{\"model\":\"flux-1-pro\",\"prompt\":\"x\"}".getBytes(StandardCharsets.UTF_8);
    static final String IMAGES = "/api/images";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private Tasks() {
    }

    static String status(JsonNode task) {
        return task.path("status").asText();
    }

    /** Whether a worker has taken the task (or it is already finished). */
    static boolean started(JsonNode task) {
        return switch (status(task)) {
            case "PENDING", "RECEIVED", "RETRY" -> false;
            default -> true;
        };
    }

    /** Polls every {@code pollMillis} until the task succeeded; fails on any other end or after a minute. */
    static JsonNode awaitSuccess(Api api, String id, long pollMillis) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        byte[] get = api.get(IMAGES + "/" + id);
        while (true) {
            JsonNode t = Api.JSON.readTree(api.send(get, 200).body());
            switch (status(t)) {
                case "SUCCESS" -> {
                    return t;
                }
                case "FAILURE", "REVOKED", "REJECTED", "IGNORED" -> throw new IOException("task " + id + " ended "
                        + status(t) + ": " + t.path("error_message").asText());
                default -> {
                    if (System.nanoTime() > deadline) {
                        throw new IOException("task " + id + " still " + status(t) + " after " + TIMEOUT);
                    }
                    Thread.sleep(pollMillis);
                }
            }
        }
    }

    /** Waits until the tasks submitted so far have run, so the next measurement starts on an idle system. */
    static void drain(Ctx c) throws IOException, InterruptedException {
        awaitSuccess(c.api(), c.api().submit(IMAGES, NO_OP_IMAGE), 20);
        Thread.sleep(300);
    }

    /** Nanoseconds between two {@code task_info} timestamps. */
    static long between(JsonNode task, String from, String to) {
        JsonNode info = task.path("task_info");
        return Duration.between(Instant.parse(info.path(from).asText()), Instant.parse(info.path(to).asText()))
                .toNanos();
    }
}
