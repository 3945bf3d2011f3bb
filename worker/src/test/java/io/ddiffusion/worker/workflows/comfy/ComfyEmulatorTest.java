package io.ddiffusion.worker.workflows.comfy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddiffusion.worker.runtime.CancellationToken;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The emulator speaks ComfyUI's protocol: event order and fields, queue and interrupt semantics, its checks. */
class ComfyEmulatorTest {
    final ComfyEmulator comfy = new ComfyEmulator();
    final ComfyClient client = new ComfyClient(comfy.url());
    final CancellationToken token = new CancellationToken();

    ComfyEmulatorTest() throws IOException {
    }

    @AfterEach
    void stop() throws IOException {
        comfy.close();
    }

    static ObjectNode graph() {
        return (ObjectNode) ComfyClient.parse("""
                {"3": {"class_type": "KSampler", "inputs": {}},
                 "9": {"class_type": "SaveImage", "inputs": {"images": ["3", 0]}}}
                """.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    static List<ComfySocket.Event> until(ComfySocket socket, String promptId) throws InterruptedException {
        List<ComfySocket.Event> events = new ArrayList<>();
        while (true) {
            ComfySocket.Event e = socket.poll(5_000);
            assertThat(e).as("an event within 5 s").isNotNull();
            events.add(e);
            if (e.type().equals("executing") && e.data().path("node").isNull() && e.promptId().equals(promptId)) {
                return events;
            }
        }
    }

    @Test
    void eventsFollowExecutionPysOrderAndTheHistoryIsWrittenBeforeTheLastOne() throws Exception {
        String id = UUID.randomUUID().toString();
        try (ComfySocket socket = client.connect("c1", Duration.ofSeconds(5))) {
            client.queuePrompt(graph(), "c1", id, token);

            List<ComfySocket.Event> events = until(socket, id);

            assertThat(events).extracting(ComfySocket.Event::type).containsSubsequence("status", "execution_start",
                    "execution_cached", "executing", "progress", "progress", "progress", "executing", "executed",
                    "execution_success", "executing");
            assertThat(events.getFirst().data().path("sid").asText()).isEqualTo("c1");
            JsonNode progress = events.stream().filter(e -> e.type().equals("progress")).findFirst().orElseThrow()
                    .data();
            assertThat(progress.path("value").asInt()).isEqualTo(1);
            assertThat(progress.path("max").asInt()).isEqualTo(3);
            assertThat(progress.path("node").asText()).isEqualTo("3");
            assertThat(client.history(id, token)).hasValueSatisfying(h -> {
                assertThat(h.path("status").path("status_str").asText()).isEqualTo("success");
                assertThat(h.path("outputs").path("9").path("images").path(0).path("type").asText())
                        .isEqualTo("output");
                assertThat(h.path("prompt").path(1).asText()).isEqualTo(id);
            });
        }
        assertThat(comfy.violations()).isEmpty();
    }

    @Test
    void aPromptQueuedBeforeItsSocketOpenedOrWithoutOurIdIsRecorded() throws Exception {
        ObjectNode body = graph();
        client.queuePrompt(body, "nobody", UUID.randomUUID().toString(), token);

        assertThat(comfy.violations()).containsExactly("POST /prompt for client nobody before its WebSocket was "
                + "open");
        assertThatThrownBy(() -> client.queuePrompt(body, "nobody", "Not-A-UUID", token))
                .hasMessage("ComfyUI refused the workflow: Invalid prompt_id format (prompt_id must be a valid UUID)");
    }

    @Test
    void itNotesWhenEachPromptArrivedAndEndedAndCountsTheEventsThatFoundNoSocket() throws Exception {
        String id = UUID.randomUUID().toString();
        Instant before = Instant.now();
        try (ComfySocket socket = client.connect("c3", Duration.ofSeconds(5))) {
            client.queuePrompt(graph(), "c3", id, token);
            until(socket, id);
        }
        await().atMost(5, TimeUnit.SECONDS).until(() -> comfy.times(id).orElseThrow().lastEvent() != null);
        ComfyEmulator.Times t = comfy.times(id).orElseThrow();
        assertThat(t.received()).isAfterOrEqualTo(before);
        assertThat(t.lastEvent()).as("three 5 ms sampler steps in between").isAfter(t.received());
        assertThat(comfy.undelivered()).isZero();

        String orphan = UUID.randomUUID().toString();
        client.queuePrompt(graph(), "nobody", orphan, token);
        await().atMost(5, TimeUnit.SECONDS).until(() -> comfy.times(orphan).orElseThrow().lastEvent() != null);

        assertThat(comfy.undelivered()).as("start, cached, 2 executing, 3 progress, executed, success, executing")
                .isEqualTo(10);
        assertThat(comfy.times("not-queued")).isEmpty();
    }

    @Test
    void anInterruptNamingAnotherPromptLeavesTheRunningOneAlone() throws Exception {
        comfy.plan(ComfyPlan.defaults().steps(100, 10));
        String id = UUID.randomUUID().toString();
        String waiting = UUID.randomUUID().toString();
        try (ComfySocket ignored = client.connect("c2", Duration.ofSeconds(5))) {
            client.queuePrompt(graph(), "c2", id, token);
            client.queuePrompt(graph(), "c2", waiting, token);
            await().atMost(5, TimeUnit.SECONDS).until(() -> comfy.isRunning(id));
            assertThat(client.queue(token).pending()).containsExactly(waiting);

            client.interrupt(waiting);
            Thread.sleep(50);
            assertThat(comfy.isRunning(id)).isTrue();

            client.dequeue(waiting);
            client.interrupt(id);
            await().atMost(5, TimeUnit.SECONDS).until(() -> comfy.inHistory(id));
            assertThat(client.history(id, token).orElseThrow().path("status").path("messages").toString())
                    .contains("execution_interrupted");
            assertThat(comfy.queued(waiting)).isFalse();
        }
    }

    @Test
    void anUploadKeepsItsFolderAndNameAndAnUnuploadedLoadImageIsInvalid() throws Exception {
        assertThat(client.upload(new byte[] {1, 2, 3}, "a.png", "ddiffusion/t1", token))
                .isEqualTo("ddiffusion/t1/a.png");
        assertThat(comfy.uploads()).singleElement().satisfies(u -> {
            assertThat(u.type()).isEqualTo("input");
            assertThat(u.overwrite()).isEqualTo("true");
        });

        ObjectNode g = graph();
        g.putObject("1").put("class_type", "LoadImage").putObject("inputs").put("image", "missing.png");
        assertThatThrownBy(() -> client.queuePrompt(g, "x", UUID.randomUUID().toString(), token))
                .hasMessage("ComfyUI refused the workflow: Prompt outputs failed validation; node 1 (LoadImage): "
                        + "Custom validation failed for node: image - Invalid file: missing.png");
    }

    @Test
    void freeIsRecordedWithItsFlagsAndAnsweredWithAnEmptyOk() throws Exception {
        assertThat(client.free(true, true)).isEmpty();
        assertThat(client.free(true, false)).isEmpty();

        assertThat(comfy.frees()).extracting(JsonNode::toString).containsExactly(
                "{\"unload_models\":true,\"free_memory\":true}", "{\"unload_models\":true,\"free_memory\":false}");
        assertThat(comfy.violations()).isEmpty();
    }

    @Test
    void freeWithABodyThatIsNotAJsonObjectFailsAsAiohttpsRequestJsonDoes() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String body : List.of("", "not json", "[true]")) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(comfy.url().resolve("/free"))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as("body '%s'", body).isEqualTo(500);
        }

        assertThat(comfy.frees()).isEmpty();
        assertThat(comfy.violations()).hasSize(3).allMatch(v -> v.startsWith("POST /free with a body that is not"));
    }

    @Test
    void aFreeTheSidecarRefusesIsReportedNotThrown() throws Exception {
        int unused;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            unused = s.getLocalPort();
        }
        // why a fresh client on a port nobody listens on: a closed emulator may still hold pooled connections
        ComfyClient nobody = new ComfyClient(java.net.URI.create("http://127.0.0.1:" + unused + "/"));

        assertThat(nobody.free(true, true)).hasValueSatisfying(why -> assertThat(why).isNotBlank());
    }
}
