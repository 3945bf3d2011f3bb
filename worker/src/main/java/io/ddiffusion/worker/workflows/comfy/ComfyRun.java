package io.ddiffusion.worker.workflows.comfy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddiffusion.worker.runtime.CancellationToken;
import io.ddiffusion.worker.runtime.TaskCancelledException;
import io.ddiffusion.worker.runtime.TaskContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One task's prompt on the sidecar, as ComfyUI's server routes it: the WebSocket is opened (client id derived from
 * the task, so a reconnect or a worker taking the task over receives the prompt's events) before {@code POST /prompt}
 * with our prompt id (the task id), so no event is lost. Events become progress and log lines; a lost or silent
 * socket is reconnected while {@code /history} and {@code /queue} say whether the prompt finished meanwhile.
 * Cancelling the task removes the prompt from ComfyUI's queue or interrupts it if it runs, nothing else. The outputs
 * of type {@code output} are fetched (streamed, capped) and stored; the history entry is deleted afterwards.
 */
public final class ComfyRun {
    /** How long after success without the final executing event the history is polled for instead. */
    private static final Duration SUCCESS_TO_HISTORY = Duration.ofMillis(250);
    /** The task checkpoint holding the prompt id, recorded just before the prompt is queued. */
    public static final String CHECKPOINT = "comfy.prompt";
    /** Why a task may stop while its prompt goes on: another delivery owns it now, or will. */
    private static final java.util.Set<CancellationToken.Reason> LEFT_RUNNING = java.util.EnumSet.of(
            CancellationToken.Reason.TAKEN_OVER, CancellationToken.Reason.SHUTDOWN);

    /** How long the run waits on the sidecar (tests shorten them). */
    public record Timing(Duration silence, Duration historyWait, Duration unreachable, Duration progressLogEvery) {
        public static Timing defaults() {
            return new Timing(Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofMinutes(2),
                    Duration.ofSeconds(5));
        }
    }

    /** Builds the graph to queue (patches applied, inputs uploaded); called only when no earlier attempt did. */
    @FunctionalInterface
    public interface Graph {
        ObjectNode build() throws IOException, TaskCancelledException;
    }

    private final ComfyClient client;
    private final TaskContext<?> task;
    private final Map<String, String> nodeNames;
    private final long maxOutputBytes;
    private final SharedFolders folders;
    private final Timing timing;
    private final String promptId;
    private final String clientId;
    private ComfySocket socket;
    private int goneChecks;
    private long lastProgressLog;
    private long lastNodeLog = System.nanoTime() - 2_000_000_000L;
    /** Whether ComfyUI reported success before its history entry was readable. */
    private boolean succeeded;
    private String lastProgressNode = "";

    /**
     * @param nodeNames how logs name each node: its title and class, by node id
     * @param folders the sidecar's folders where the worker sees them, to delete the task's files there
     */
    public ComfyRun(ComfyClient client, TaskContext<?> task, Map<String, String> nodeNames, long maxOutputBytes,
            SharedFolders folders, Timing timing) {
        this.client = client;
        this.task = task;
        this.nodeNames = Map.copyOf(nodeNames);
        this.maxOutputBytes = maxOutputBytes;
        this.folders = folders;
        this.timing = timing;
        this.promptId = task.taskId().toString();
        this.clientId = "ddiffusion-" + promptId;
    }

    /** The subfolder of ComfyUI's input folder that holds this task's uploads. */
    public String inputFolder() {
        return "ddiffusion/" + promptId;
    }

    /** Runs (or, after a takeover, attaches to) the prompt; returns the storage keys of its outputs. */
    public List<String> run(Graph graph) throws IOException, TaskCancelledException {
        CancellationToken token = task.cancellation();
        boolean leftRunning = false;
        socket = connect();
        try (CancellationToken.Registration ignored = token.register(() -> socket.wake())) {
            JsonNode entry;
            try {
                entry = submitOrAttach(graph);
                if (entry == null) {
                    entry = follow();
                }
            } catch (TaskCancelledException e) {
                // why: a copy stopped because another worker owns the task, or a worker shutting down that hands it
                // back, leaves the prompt running: the next owner attaches to it instead of starting over
                leftRunning = LEFT_RUNNING.contains(e.reason());
                if (!leftRunning) {
                    cancelOnSidecar();
                }
                throw e;
            }
            return finish(entry);
        } finally {
            socket.close();
            if (!leftRunning) {
                folders.deleteInputs(inputFolder(), task::log);
            }
        }
    }

    /** The prompt's finished history entry when an earlier attempt's prompt already finished, else null. */
    private JsonNode submitOrAttach(Graph graph) throws IOException, TaskCancelledException {
        CancellationToken token = task.cancellation();
        if (task.checkpoint(CHECKPOINT).isPresent()) {
            Optional<JsonNode> done = client.history(promptId, token);
            if (done.isPresent()) {
                task.log("ComfyUI prompt " + promptId + " of an earlier attempt has finished; collecting its outputs");
                return done.get();
            }
            if (client.queue(token).holds(promptId)) {
                task.log("Attaching to ComfyUI prompt " + promptId + ", queued by an earlier attempt");
                return null;
            }
            task.log("ComfyUI prompt " + promptId + " of an earlier attempt is not on the sidecar any more; "
                    + "queuing it again");
        }
        ObjectNode prompt = graph.build();
        // why: the prompt id is ours, so it is recorded before the POST: a worker that dies between ComfyUI
        // accepting the prompt and the record would otherwise leave its successor to queue it a second time
        task.checkpoint(CHECKPOINT, promptId);
        ComfyClient.Queued queued = client.queuePrompt(prompt, clientId, promptId, token);
        task.log("Queued on the ComfyUI sidecar as prompt " + queued.promptId() + " (" + prompt.size() + " nodes)");
        return null;
    }

    /** Follows the prompt's events until it ends; returns its history entry. */
    private JsonNode follow() throws TaskCancelledException {
        CancellationToken token = task.cancellation();
        long silence = timing.silence().toNanos();
        long pollMs = Math.clamp(timing.silence().toMillis() / 4, 20, 1000);
        long nextCheck = System.nanoTime();
        while (true) {
            token.throwIfCancelled();
            ComfySocket.Event e;
            try {
                e = socket.poll(pollMs);
            } catch (InterruptedException ie) {
                token.throwIfCancelled();
                Thread.currentThread().interrupt();
                throw new TaskCancelledException(CancellationToken.Reason.REVOKED);
            }
            if (e == null) {
                long quiet = socket.silentNanos();
                if (succeeded && quiet > SUCCESS_TO_HISTORY.toNanos()) {
                    return awaitHistory(); // the final executing event was lost: the entry is written or nearly so
                }
                // why: a node may work for minutes without a word; ask the sidecar every half silence, not every poll
                if (quiet < silence || System.nanoTime() - nextCheck < 0) {
                    continue;
                }
                nextCheck = System.nanoTime() + silence / 2;
                socket.probe();
                Optional<JsonNode> done = finishedOnServer();
                if (done.isPresent()) {
                    return done.get();
                }
                if (quiet > 2 * silence) {
                    // why: a new socket is cheap, and ComfyUI greets it with a status (and the node running), so a
                    // socket ComfyUI stopped writing to is replaced, and a healthy but quiet one costs a reconnect
                    task.log("The WebSocket to ComfyUI went silent; reconnecting");
                    Optional<JsonNode> meanwhile = reconnect();
                    if (meanwhile.isPresent()) {
                        return meanwhile.get();
                    }
                }
                continue;
            }
            if (e.isClosed()) {
                task.log("The WebSocket to ComfyUI was lost; reconnecting");
                Optional<JsonNode> meanwhile = reconnect();
                if (meanwhile.isPresent()) {
                    return meanwhile.get();
                }
                continue;
            }
            if (!e.promptId().equals(promptId)) {
                continue; // status broadcasts, other clients' prompts, wake-ups
            }
            Optional<JsonNode> end = onEvent(e);
            if (end.isPresent()) {
                return end.get();
            }
        }
    }

    /** Handles one of our prompt's events; the history entry once the prompt ended well. */
    private Optional<JsonNode> onEvent(ComfySocket.Event e) throws TaskCancelledException {
        JsonNode d = e.data();
        switch (e.type()) {
            case "execution_start" -> task.log("ComfyUI started the workflow");
            case "execution_cached" -> {
                if (!d.path("nodes").isEmpty()) {
                    task.log("ComfyUI reused " + d.path("nodes").size() + " cached node(s)");
                }
            }
            case "executing" -> {
                if (d.path("node").isNull() || d.path("node").isMissingNode()) {
                    return Optional.of(awaitHistory());
                }
                // why: a graph may have hundreds of quick nodes; one line a second says where the time goes
                long now = System.nanoTime();
                if (now - lastNodeLog > 1_000_000_000L) {
                    lastNodeLog = now;
                    task.log("Running " + name(d.path("node").asText()));
                }
            }
            case "progress" -> progress(d);
            case "execution_success" -> {
                // why: ComfyUI writes the history entry after this event and then says so with executing(node null);
                // polling from here cost up to a 100 ms poll per task, waiting for that event costs nothing
                Optional<JsonNode> entry = client.history(promptId, task.cancellation());
                if (entry.isPresent()) {
                    return entry;
                }
                succeeded = true;
            }
            case "execution_error" -> throw new ComfyException(errorMessage(d));
            case "execution_interrupted" -> throw interrupted(d);
            default -> {
                // executed, progress_state and types added later: nothing to do
            }
        }
        return Optional.empty();
    }

    private void progress(JsonNode d) {
        long value = d.path("value").asLong();
        long max = d.path("max").asLong();
        if (max <= 0) {
            return;
        }
        task.progress(value, max);
        String node = d.path("node").asText("");
        long now = System.nanoTime();
        // why: a sampler reports every step; the log gets the first, the last, and one every few seconds
        if (!node.equals(lastProgressNode) || value >= max || now - lastProgressLog > timing.progressLogEvery()
                .toNanos()) {
            lastProgressNode = node;
            lastProgressLog = now;
            task.log(name(node) + ": " + value + "/" + max);
        }
    }

    private TaskCancelledException interrupted(JsonNode d) {
        Optional<CancellationToken.Reason> reason = task.cancellation().reason();
        if (reason.isPresent()) {
            return new TaskCancelledException(reason.get());
        }
        throw new ComfyException("the prompt was interrupted on the ComfyUI sidecar at node " + name(d.path("node_id")
                .asText("?")) + ", not by this task (someone cancelled it in ComfyUI?)");
    }

    static String errorMessage(JsonNode d) {
        String type = d.path("exception_type").asText("");
        String message = d.path("exception_message").asText("").strip();
        return "ComfyUI node " + d.path("node_id").asText("?") + " (" + d.path("node_type").asText("?")
                + ") failed: " + (type.isEmpty() ? "" : type + ": ") + (message.isEmpty() ? "no message" : message);
    }

    /** The history entry while the prompt is finished; empty while it is queued or runs; fails if it vanished. */
    private Optional<JsonNode> finishedOnServer() throws TaskCancelledException {
        CancellationToken token = task.cancellation();
        Optional<JsonNode> entry;
        boolean queued;
        try {
            entry = client.history(promptId, token);
            queued = entry.isEmpty() && client.queue(token).holds(promptId);
        } catch (ComfyException e) {
            if (e.getCause() instanceof IOException) {
                return Optional.empty(); // why: unreachable for now; the reconnect's own deadline decides
            }
            throw e;
        }
        if (entry.isPresent() || queued) {
            goneChecks = 0;
            return entry;
        }
        // why: once more, in case the prompt just moved from the queue to the history between the two calls
        if (++goneChecks >= 2) {
            throw new ComfyException("ComfyUI prompt " + promptId + " is neither queued, running nor in the "
                    + "sidecar's history (was ComfyUI restarted, or its queue cleared?)");
        }
        return Optional.empty();
    }

    /**
     * ComfyUI announces the end ({@code execution_success}, {@code executing} with no node) before or just after it
     * writes the history; waits for the entry.
     */
    private JsonNode awaitHistory() throws TaskCancelledException {
        long deadline = System.nanoTime() + timing.historyWait().toNanos();
        while (true) {
            Optional<JsonNode> entry = client.history(promptId, task.cancellation());
            if (entry.isPresent()) {
                return entry.get();
            }
            if (System.nanoTime() > deadline) {
                throw new ComfyException("ComfyUI reported prompt " + promptId + " finished but has no history entry "
                        + "for it after " + timing.historyWait().toSeconds() + " s");
            }
            task.cancellation().sleep(100);
        }
    }

    /** Opens a new socket, checking the sidecar between tries; the entry if the prompt finished meanwhile. */
    private Optional<JsonNode> reconnect() throws TaskCancelledException {
        socket.close();
        // why: ComfyUI forgets a client id's socket when its old socket ends, even after a new one registered; give
        // the old one time to end first (if it ends later anyway, the history checks below still see the end)
        task.cancellation().sleep(100);
        long wait = 200;
        long unreachableSince = System.nanoTime();
        while (true) {
            try {
                socket = connect();
                // why: events sent while no socket was open are lost; the history tells whether it ended
                return finishedOnServer();
            } catch (IOException e) {
                if (System.nanoTime() - unreachableSince > timing.unreachable().toNanos()) {
                    throw new ComfyException("the ComfyUI sidecar has been unreachable for "
                            + timing.unreachable().toSeconds() + " s while prompt " + promptId + " ran: "
                            + e.getMessage());
                }
            }
            task.cancellation().sleep(wait);
            wait = Math.min(5_000, wait * 2);
        }
    }

    private ComfySocket connect() throws IOException, TaskCancelledException {
        try {
            return client.connect(clientId, Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            task.cancellation().throwIfCancelled();
            Thread.currentThread().interrupt();
            throw new TaskCancelledException(CancellationToken.Reason.REVOKED);
        }
    }

    /**
     * Dequeues a waiting prompt, interrupts a running one (only ours): through the jobs API where the sidecar has it
     * (one atomic step), else with {@code POST /queue {delete}} and {@code POST /interrupt {prompt_id}}.
     */
    private void cancelOnSidecar() {
        ComfyClient.JobCancel job = client.cancelJob(promptId);
        if (job != ComfyClient.JobCancel.UNAVAILABLE) {
            task.log(job == ComfyClient.JobCancel.CANCELLED ? "Cancelled ComfyUI job " + promptId + " on the sidecar"
                    : "ComfyUI job " + promptId + " was no longer pending or running");
            return;
        }
        Optional<String> dequeue = client.dequeue(promptId);
        Optional<String> interrupt = client.interrupt(promptId);
        if (dequeue.isPresent() && interrupt.isPresent()) {
            task.log("Could not cancel ComfyUI prompt " + promptId + ": " + dequeue.get() + "; " + interrupt.get());
        } else {
            task.log("Cancelled ComfyUI prompt " + promptId + " on the sidecar");
        }
    }

    /** Checks how the prompt ended, stores its outputs, deletes its history entry. */
    private List<String> finish(JsonNode entry) throws IOException, TaskCancelledException {
        JsonNode status = entry.path("status");
        if (status.path("status_str").asText("success").equals("error")) {
            for (JsonNode m : status.path("messages")) {
                if (m.path(0).asText().equals("execution_error")) {
                    throw new ComfyException(errorMessage(m.path(1)));
                }
                if (m.path(0).asText().equals("execution_interrupted")) {
                    throw interrupted(m.path(1));
                }
            }
            throw new ComfyException("ComfyUI prompt " + promptId + " ended with an error it did not describe");
        }
        List<String> keys = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (ComfyOutputs.File f : ComfyOutputs.of(entry)) {
            if (!f.stored()) {
                skipped.add(f.filename());
                continue;
            }
            Path tmp = Files.createTempFile("comfy-", "." + f.extension());
            try {
                long size = client.view(f, tmp, maxOutputBytes, task.cancellation());
                keys.add(task.writeOutputFile(f.extension(), tmp));
                task.log("Stored output " + f.filename() + " of " + name(f.node()) + " (" + size + " bytes)");
                folders.deleteOutput(f, task::log);
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
        if (!skipped.isEmpty()) {
            task.log("Skipped outputs of kinds this build does not store: " + String.join(", ", skipped));
        }
        if (keys.isEmpty()) {
            throw new ComfyException("the workflow produced no output files: ComfyUI's history lists no image or "
                    + "video of type 'output' (a Save node is needed; previews are temporary)");
        }
        client.deleteHistory(promptId).ifPresent(why -> task.log("Could not delete the history of ComfyUI prompt "
                + promptId + ": " + why));
        return keys;
    }

    private String name(String node) {
        return nodeNames.getOrDefault(node, "node " + node);
    }
}
