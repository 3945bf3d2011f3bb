package io.ddiffusion.worker.providers.openai;

import io.ddiffusion.worker.testing.FakeTaskContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddiffusion.worker.providers.ProviderException;
import io.ddiffusion.worker.providers.openai.OpenAiRequests.ImageGeneration;
import io.ddiffusion.worker.providers.openai.OpenAiRequests.Response;
import io.ddiffusion.worker.runtime.CancellationToken;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Retries, errors and authentication of the client, against the emulator. */
class OpenAiClientTest extends EmulatorTestSupport {
    private static final Response HELLO = new Response("gpt-4o-mini", Optional.empty(), "hello", List.of());

    private String respond() throws Exception {
        return client().respond(HELLO, new CancellationToken());
    }

    @Test
    void aRateLimitIsRetriedAfterTheRetryAfterTheProviderAskedFor() throws Exception {
        emulator.failNext(1, 429, "1", "Rate limit reached for gpt-4o-mini");

        String text = respond();

        assertThat(text).isEqualTo("echo: hello (0 images)");
        List<OpenAiEmulator.Request> sent = emulator.requests("POST", "/v1/responses");
        assertThat(sent).hasSize(2);
        // jittered retries here wait at most 50 ms, so a gap of a second can only come from Retry-After: 1
        assertThat(sent.get(1).receivedNanos() - sent.get(0).receivedNanos()).isGreaterThanOrEqualTo(1_000_000_000L);
    }

    @Test
    void aRetryAfterBeyondTheRetryBudgetFailsAtOnceWithTheRateLimitError() {
        emulator.failNext(1, 429, "3600", "Rate limit reached for gpt-4o-mini");

        assertThatThrownBy(this::respond)
                .isInstanceOf(ProviderException.class)
                .hasMessage("openai gpt-4o-mini failed with HTTP 429: Rate limit reached for gpt-4o-mini");
        assertThat(emulator.requests()).hasSize(1);
    }

    @Test
    void aServerErrorOnACreateIsNotRepeatedSoItCannotBillTwice() {
        emulator.failNext(1, 500, null, "The server had an error");

        assertThatThrownBy(this::respond)
                .isInstanceOf(ProviderException.class)
                .hasMessageContaining("HTTP 500")
                .hasMessageContaining("The server had an error");
        assertThat(emulator.requests("POST", "/v1/responses")).hasSize(1);
    }

    @Test
    void aRateLimitedCreateIsRetriedUntilItSucceeds() throws Exception {
        emulator.failNext(2, 429, null, "Rate limit reached");

        String text = respond();

        assertThat(text).isEqualTo("echo: hello (0 images)");
        assertThat(emulator.requests("POST", "/v1/responses")).hasSize(3);
    }

    @Test
    void aBadRequestIsNotRetriedAndNamesProviderModelStatusAndOpenAisMessage() {
        emulator.failNext(1, 400, null, "Invalid 'input[0].content[1].image_url': unsupported image.");

        assertThatThrownBy(this::respond)
                .isInstanceOf(ProviderException.class)
                .hasMessageContaining("openai")
                .hasMessageContaining("gpt-4o-mini")
                .hasMessageContaining("HTTP 400")
                .hasMessageContaining("Invalid 'input[0].content[1].image_url': unsupported image.")
                .satisfies(e -> assertThat(((ProviderException) e).status()).isEqualTo(400));
        assertThat(emulator.requests()).hasSize(1);
    }

    @Test
    void aMalformedJsonAnswerFailsWithAClearMessage() {
        emulator.malformedNext();

        assertThatThrownBy(this::respond)
                .isInstanceOf(ProviderException.class)
                .hasMessageContaining("openai gpt-4o-mini")
                .hasMessageContaining("malformed JSON response");
    }

    @Test
    void aWrongKeyIsReportedWithOpenAisMessageAndNeverEchoed() {
        OpenAiClient wrong = OpenAiClient.openAi(clients(Optional.of("sk-wrong-secret"), true, LIMIT));

        assertThatThrownBy(() -> wrong.generateImage(new ImageGeneration("gpt-image-1.5", "a fox", "1024x1024",
                "auto"), new CancellationToken()))
                .isInstanceOf(ProviderException.class)
                .hasMessage("openai gpt-image-1.5 failed with HTTP 401: Incorrect API key provided.")
                .hasMessageNotContaining("sk-wrong-secret");
    }

    @Test
    void aCancelledTokenStopsTheCallBeforeItIsSent() {
        CancellationToken token = new CancellationToken();
        FakeTaskContext.cancel(token);

        assertThatThrownBy(() -> client().respond(HELLO, token))
                .isInstanceOf(io.ddiffusion.worker.runtime.TaskCancelledException.class);
        assertThat(emulator.requests()).isEmpty();
    }
}
