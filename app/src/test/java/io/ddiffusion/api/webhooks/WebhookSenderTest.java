package io.ddiffusion.api.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddiffusion.app.api.WebhookReceiver;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookSenderTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void everyAnswerIsReadWhateverItsStatus() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver();
                WebhookSender sender = new WebhookSender(vertx, Duration.ofSeconds(3))) {
            List<Integer> statuses = new ArrayList<>();
            List<WebhookSender.Answer> answers = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                int status = new int[] {200, 204, 503, 410, 500}[i % 5];
                statuses.add(status);
                receiver.answer(status);
                URI uri = URI.create(receiver.url("/n" + i));
                answers.add(sender.post(uri, InetAddress.getByName("127.0.0.1"), Map.of("content-type",
                        "application/json"), "{\"n\":1}".getBytes(), Duration.ofSeconds(3)));
            }
            assertThat(answers).extracting(WebhookSender.Answer::status).containsExactlyElementsOf(statuses);
        }
    }

    @Test
    void aRedirectIsAnAnswerNotFollowed() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver();
                WebhookSender sender = new WebhookSender(vertx, Duration.ofSeconds(3))) {
            receiver.answer(302);
            WebhookSender.Answer answer = sender.post(URI.create(receiver.url("/moved")),
                    InetAddress.getByName("127.0.0.1"), Map.of(), new byte[0], Duration.ofSeconds(3));

            assertThat(answer.status()).isEqualTo(302);
            assertThat(answer.delivered()).isFalse();
            assertThat(receiver.received()).hasSize(1);
        }
    }

    @Test
    void aReceiverThatNeverAnswersTimesOutAndARefusedConnectionSaysSo() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
                WebhookSender sender = new WebhookSender(vertx, Duration.ofSeconds(1))) {
            WebhookSender.Answer quiet = sender.post(URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/"),
                    InetAddress.getByName("127.0.0.1"), Map.of(), new byte[0], Duration.ofSeconds(1));
            assertThat(quiet.status()).isNull();
            assertThat(quiet.error()).isEqualTo("no answer within 1 s");

            int closed;
            try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
                closed = probe.getLocalPort();
            }
            WebhookSender.Answer refused = sender.post(URI.create("http://127.0.0.1:" + closed + "/"),
                    InetAddress.getByName("127.0.0.1"), Map.of(), new byte[0], Duration.ofSeconds(1));
            assertThat(refused.status()).isNull();
            assertThat(refused.error()).isEqualTo("connection to 127.0.0.1 failed");
        }
    }

    @Test
    void theConnectionGoesToTheCheckedAddressWhateverTheUrlsHostResolvesTo() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver();
                WebhookSender sender = new WebhookSender(vertx, Duration.ofSeconds(3))) {
            int port = URI.create(receiver.url("/")).getPort();
            WebhookSender.Answer answer = sender.post(URI.create("http://hooks.invalid:" + port + "/pinned"),
                    InetAddress.getByName("127.0.0.1"), Map.of(), new byte[0], Duration.ofSeconds(3));

            assertThat(answer.status()).isEqualTo(200);
            assertThat(receiver.forPath("/pinned").getFirst().header("host")).isEqualTo("hooks.invalid:" + port);
        }
    }
}
