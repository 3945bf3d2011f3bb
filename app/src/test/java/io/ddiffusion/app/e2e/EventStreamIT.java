package io.ddiffusion.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ddiffusion.app.api.SseClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live events across API nodes: two {@code api} processes and a worker of the packaged distribution on the machine's
 * Redis. A task submitted to one node is watched on the other (events travel through Redis, not one process's
 * memory), both nodes stream the same events under the same ids, a stream resumes on the other node, and a node
 * with an open stream still stops promptly on SIGTERM.
 */
class EventStreamIT {
    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void aTaskSubmittedToOneNodeIsWatchedOnTheOtherAndResumesOnEither() throws Exception {
        Map<String, String> settings = new HashMap<>();
        settings.put("DDIFFUSION_HANDLER_PLUGINS", DistributionIT.pluginPath());
        settings.put("DDIFFUSION_HEARTBEAT_MS", "200");
        settings.put("DDIFFUSION_EVENTS_HEARTBEAT_SECONDS", "1");
        List<SseClient> clients = new ArrayList<>();
        try (RedisDeployment deployment = new RedisDeployment(dir, settings)) {
            DistributionProcess first = deployment.start("cpu");
            DistributionProcess second = deployment.api("api2");
            E2eClient client = deployment.client(first);
            String token = client.newKey("studio");

            String id = client.submit("texts", Map.of("model", "gpt-4o", "prompt",
                    "log=hello;sleep=1200;steps=4"));
            SseClient onSecond = watch(clients, second, id, token, null);
            SseClient onFirst = watch(clients, first, id, token, null);
            List<SseClient.Event> fromSecond = onSecond.untilEnd(WAIT);
            List<SseClient.Event> fromFirst = onFirst.untilEnd(WAIT);

            assertThat(fromSecond.getLast().name()).isEqualTo("final");
            List<String> statuses = new ArrayList<>();
            for (SseClient.Event e : fromSecond) {
                if ("status".equals(e.name())) {
                    statuses.add(E2eClient.JSON.readTree(e.data()).get("status").asText());
                }
            }
            assertThat(statuses).containsSubsequence("STARTED", "SUCCESS");
            assertThat(fromSecond).extracting(SseClient.Event::data).contains("{\"line\":\"hello\"}");
            assertThat(fromSecond).filteredOn(e -> "progress".equals(e.name())).isNotEmpty();
            JsonNode get = E2eClient.JSON.readTree(client.get("/api/texts/" + id, token).body());
            assertThat(E2eClient.JSON.readTree(fromSecond.getLast().data())).isEqualTo(get);
            assertThat(logged(fromFirst)).as("both nodes stream the same events under the same ids")
                    .containsExactlyElementsOf(logged(fromSecond));

            List<SseClient.Event> kept = logged(fromSecond);
            List<SseClient.Event> resumed = watch(clients, first, id, token, kept.get(1).id()).untilEnd(WAIT);
            assertThat(logged(resumed)).containsExactlyElementsOf(kept.subList(2, kept.size()));
            assertThat(resumed.getLast().name()).isEqualTo("final");

            String running = client.submit("texts", Map.of("model", "gpt-4o", "prompt", "sleep=60000;steps=60"));
            SseClient open = watch(clients, second, running, token, null);
            open.until("status", WAIT);
            assertThat(second.stopsWithin(Duration.ofSeconds(20))).as("a node with open streams stops on SIGTERM")
                    .isTrue();
            assertThat(open.untilEnd(WAIT)).as("its stream ended without a final event")
                    .noneMatch(e -> "final".equals(e.name()));
            client.delete("texts", running);
        } finally {
            clients.forEach(SseClient::close);
        }
    }

    private static SseClient watch(List<SseClient> clients, DistributionProcess node, String id, String token,
            String lastEventId) throws Exception {
        SseClient c = SseClient.open(node.baseUrl() + "/api/texts/" + id + "/events", token, lastEventId);
        clients.add(c);
        assertThat(c.status()).isEqualTo(200);
        return c;
    }

    private static List<SseClient.Event> logged(List<SseClient.Event> events) {
        return events.stream().filter(e -> Objects.nonNull(e.id())).toList();
    }
}
