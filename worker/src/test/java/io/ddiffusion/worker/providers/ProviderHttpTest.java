package io.ddiffusion.worker.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ddiffusion.worker.runtime.CancellationToken;
import io.ddiffusion.worker.runtime.TaskCancelledException;
import io.ddiffusion.worker.runtime.TaskRuntimeFixtures;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProviderHttpTest {
    private static final String MODEL = "owner/model";
    private static final Backoff QUICK = new Backoff(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofSeconds(30),
            8);

    /** What the stub answers, in order; when empty, 200 {"ok":true}. {@code hang} holds the answer back. */
    private record Reply(int status, String body, String retryAfter, boolean hang) {
        static Reply of(int status, String body) {
            return new Reply(status, body, null, false);
        }
    }

    private final ConcurrentLinkedDeque<Reply> replies = new ConcurrentLinkedDeque<>();
    private final List<Long> arrivals = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final CancellationToken token = new CancellationToken();
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    private void answer(HttpExchange ex) throws IOException {
        try (ex) {
            arrivals.add(System.nanoTime());
            Reply r = replies.isEmpty() ? Reply.of(200, "{\"ok\":true}") : replies.poll();
            if (r.hang()) {
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (r.retryAfter() != null) {
                ex.getResponseHeaders().add("Retry-After", r.retryAfter());
            }
            byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(r.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    private HttpRequest request() {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/thing"))
                .GET().build();
    }

    private ProviderHttp http(Backoff backoff) {
        return new ProviderHttp(client, "Replicate", backoff);
    }

    @Test
    void a429WithRetryAfterIsRetriedNoSoonerThanTheProviderAsked() throws Exception {
        replies.add(new Reply(429, "{\"detail\":\"Request was throttled.\"}", "1", false));

        assertSucceedsOnTheRetryNoSoonerThanASecondLater();
    }

    @Test
    void aRetryAfterGivenAsAnHttpDateIsHonouredToo() throws Exception {
        // the date has whole seconds, so "now + 2 s" asks for a wait of more than 1 s
        String inTwoSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)
                .plusSeconds(2));
        replies.add(new Reply(503, "{\"detail\":\"busy\"}", inTwoSeconds, false));

        assertSucceedsOnTheRetryNoSoonerThanASecondLater();
    }

    private void assertSucceedsOnTheRetryNoSoonerThanASecondLater() throws Exception {
        HttpResponse<byte[]> response = http(QUICK).send(MODEL, request(), token);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(arrivals).hasSize(2);
        assertThat(Duration.ofNanos(arrivals.get(1) - arrivals.get(0))).isGreaterThanOrEqualTo(
                Duration.ofMillis(950));
    }

    @Test
    void aRetryAfterBeyondTheBudgetFailsAtOnceWithTheProvidersMessage() {
        replies.add(new Reply(429, "{\"detail\":\"Request was throttled.\"}", "120", false));
        Backoff smallBudget = new Backoff(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofSeconds(5), 8);

        assertThatThrownBy(() -> http(smallBudget).send(MODEL, request(), token))
                .isInstanceOf(ProviderException.class)
                .hasMessage("Replicate owner/model failed with HTTP 429: Request was throttled.");
        assertThat(arrivals).hasSize(1);
    }

    @Test
    void serverErrorsAreRetriedUntilTheProviderAnswers() throws Exception {
        for (int status : new int[] {500, 502, 503, 504}) {
            replies.add(Reply.of(status, "{\"detail\":\"try again\"}"));
        }

        HttpResponse<byte[]> response = http(QUICK).send(MODEL, request(), token);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("{\"ok\":true}");
        assertThat(arrivals).hasSize(5);
    }

    @Test
    void anExhaustedRetryBudgetFailsNamingProviderModelStatusAndMessage() {
        for (int i = 0; i < 10; i++) {
            replies.add(Reply.of(500, "{\"detail\":\"upstream broke\"}"));
        }
        Backoff threeTries = new Backoff(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofSeconds(30), 3);

        assertThatThrownBy(() -> http(threeTries).send(MODEL, request(), token))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("Replicate owner/model failed with HTTP 500: upstream broke");
                    assertThat(e.provider()).isEqualTo("Replicate");
                    assertThat(e.model()).isEqualTo(MODEL);
                    assertThat(e.status()).isEqualTo(500);
                });
        assertThat(arrivals).hasSize(3);
    }

    @Test
    void clientErrorsAreNotRetried() {
        replies.add(Reply.of(422, "{\"title\":\"Input validation failed\",\"detail\":\"- input.duration: 7 is not one "
                + "of [5, 10]\",\"status\":422}"));

        assertThatThrownBy(() -> http(QUICK).send(MODEL, request(), token))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.status()).isEqualTo(422))
                .hasMessageContaining("input.duration: 7 is not one of [5, 10]");
        assertThat(arrivals).hasSize(1);
    }

    @Test
    void anUnreachableProviderIsRetriedThenReportedAsNoAnswer() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        HttpRequest nowhere = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + closedPort + "/x")).GET().build();
        Backoff twoTries = new Backoff(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofSeconds(30), 2);

        assertThatThrownBy(() -> http(twoTries).send(MODEL, nowhere, token))
                .isInstanceOf(ProviderException.class)
                .hasMessageStartingWith("Replicate owner/model failed: no answer after 2 attempts (");
    }

    @Test
    void cancellingAbortsARequestInFlight() throws Exception {
        replies.add(new Reply(200, "{}", null, true));
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread caller = Thread.ofPlatform().start(() -> {
            try {
                http(QUICK).send(MODEL, request(), token);
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> arrivals.size() == 1);

        TaskRuntimeFixtures.cancel(token, CancellationToken.Reason.REVOKED);

        await().atMost(Duration.ofSeconds(2)).until(() -> !caller.isAlive());
        assertThat(thrown.get()).isInstanceOfSatisfying(TaskCancelledException.class,
                e -> assertThat(e.reason()).isEqualTo(CancellationToken.Reason.REVOKED));
    }

    @Test
    void cancellingAbortsABackoffPause() throws Exception {
        replies.add(new Reply(503, "{\"detail\":\"busy\"}", "60", false));
        Backoff longBudget = new Backoff(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMinutes(10), 8);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread caller = Thread.ofPlatform().start(() -> {
            try {
                http(longBudget).send(MODEL, request(), token);
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> caller.getState() == Thread.State.TIMED_WAITING
                && arrivals.size() == 1);

        TaskRuntimeFixtures.cancel(token, CancellationToken.Reason.SOFT_TIME_LIMIT);

        await().atMost(Duration.ofSeconds(2)).until(() -> !caller.isAlive());
        assertThat(thrown.get()).isInstanceOfSatisfying(TaskCancelledException.class,
                e -> assertThat(e.reason()).isEqualTo(CancellationToken.Reason.SOFT_TIME_LIMIT));
        assertThat(arrivals).hasSize(1);
    }

    @Test
    void aLimitedTransportSendsNoMoreCallsAtOnceThanItsLimitAndTheRestWhenOnesEnd() throws Exception {
        for (int i = 0; i < 5; i++) {
            replies.add(new Reply(200, "{}", null, true));
        }
        ProviderHttp limited = http(QUICK).limited(2);
        List<Thread> callers = new java.util.ArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 5; i++) {
            callers.add(Thread.ofPlatform().start(() -> {
                try {
                    limited.send(MODEL, request(), new CancellationToken());
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        // why: two calls wait for their answers at the stub, the other three for a permit
        await().atMost(Duration.ofSeconds(10)).until(() -> arrivals.size() == 2 && limited.waitingCalls() == 3);
        assertThat(arrivals).hasSize(2);

        release.countDown();

        for (Thread t : callers) {
            t.join(Duration.ofSeconds(10));
        }
        assertThat(failures).isEmpty();
        assertThat(arrivals).hasSize(5);
    }

    @Test
    void aCleanUpDoesNotWaitForAPermit() throws Exception {
        replies.add(new Reply(200, "{}", null, true));
        ProviderHttp limited = http(QUICK).limited(1);
        CancellationToken holder = new CancellationToken();
        Thread caller = Thread.ofPlatform().start(() -> {
            try {
                limited.send(MODEL, request(), holder);
            } catch (TaskCancelledException e) {
                // cancelled below, once the clean-up went through
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> arrivals.size() == 1);

        limited.cleanUp(MODEL, post());

        assertThat(arrivals).hasSize(2);
        // why: the call holding the permit ends here, not after the test's server is gone (it would fail later,
        // in another test's time)
        TaskRuntimeFixtures.cancel(holder, CancellationToken.Reason.REVOKED);
        caller.join(Duration.ofSeconds(10));
        assertThat(caller.isAlive()).isFalse();
    }

    @Test
    void anAlreadyCancelledTaskSendsNothing() {
        TaskRuntimeFixtures.cancel(token, CancellationToken.Reason.REVOKED);

        assertThatThrownBy(() -> http(QUICK).send(MODEL, request(), token))
                .isInstanceOf(TaskCancelledException.class);
        assertThat(arrivals).isEmpty();
    }

    @Test
    void theProvidersMessageIsTakenFromOpenAiAndReplicateErrorBodies() {
        assertThat(ProviderHttp.providerMessage(bytes("{\"error\":{\"message\":\"Invalid size '9x9'\","
                + "\"type\":\"invalid_request_error\",\"param\":\"size\"}}"))).isEqualTo("Invalid size '9x9'");
        assertThat(ProviderHttp.providerMessage(bytes("{\"title\":\"Invalid version or not permitted\","
                + "\"detail\":\"The specified version does not exist\",\"status\":422}")))
                .isEqualTo("The specified version does not exist");
        assertThat(ProviderHttp.providerMessage(bytes("{\"error\":\"rate limited\"}"))).isEqualTo("rate limited");
        assertThat(ProviderHttp.providerMessage(bytes("<html>Bad gateway</html>"))).isEqualTo("<html>Bad gateway</html>");
        assertThat(ProviderHttp.providerMessage(new byte[0])).isEqualTo("(empty body)");
        assertThat(ProviderHttp.providerMessage(bytes("{\"detail\":\"" + "x".repeat(900) + "\"}")))
                .hasSize(501).endsWith("…");
    }

    @Test
    void aMalformedJsonBodyIsReportedWithASnippet() throws Exception {
        replies.add(Reply.of(200, "{\"id\": "));
        HttpResponse<byte[]> response = http(QUICK).send(MODEL, request(), token);

        assertThatThrownBy(() -> http(QUICK).json(MODEL, response))
                .isInstanceOf(ProviderException.class)
                .hasMessage("Replicate owner/model failed with HTTP 200: malformed JSON response ({\"id\":)");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aCreateIsNotRepeatedAfterAServerErrorSoItCannotBillTwice() {
        replies.add(Reply.of(502, "{\"detail\":\"bad gateway\"}"));

        assertThatThrownBy(() -> http(QUICK).send(MODEL, post(), token))
                .isInstanceOf(ProviderException.class)
                .hasMessage("Replicate owner/model failed with HTTP 502: bad gateway");
        assertThat(arrivals).hasSize(1);
    }

    @Test
    void aCreateIsRepeatedAfterA429() throws Exception {
        replies.add(Reply.of(429, "{\"detail\":\"slow down\"}"));

        assertThat(http(QUICK).send(MODEL, post(), token).statusCode()).isEqualTo(200);
        assertThat(arrivals).hasSize(2);
    }

    @Test
    void aCleanUpGoesOutFromACancelledInterruptedHandlerIsRetriedAndLeavesTheInterrupt() {
        TaskRuntimeFixtures.cancel(token, CancellationToken.Reason.REVOKED);
        replies.add(Reply.of(503, "{\"detail\":\"busy\"}"));

        Thread.currentThread().interrupt();
        try {
            http(QUICK).cleanUp(MODEL, post());
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(arrivals).hasSize(2);
    }

    @Test
    void aFailedCleanUpThrowsWithTheProvidersMessage() {
        replies.add(Reply.of(404, "{\"detail\":\"Not found.\"}"));

        assertThatThrownBy(() -> http(QUICK).cleanUp(MODEL, post()))
                .isInstanceOf(ProviderException.class)
                .hasMessage("Replicate owner/model failed with HTTP 404: Not found.");
    }

    private HttpRequest post() {
        return HttpRequest.newBuilder(request().uri()).POST(HttpRequest.BodyPublishers.ofString("{}")).build();
    }
}
