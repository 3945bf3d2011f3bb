package io.ddiffusion.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddiffusion.api.http.ErrorMappers;
import io.ddiffusion.api.http.ErrorResponses;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

/** A Redis outage is answered 503 with Retry-After, not 500; other failures stay 500 without their text. */
class BrokerOutageTest {
    private final ErrorMappers mappers = new ErrorMappers();

    @Test
    void aBrokerOutageIsAServiceUnavailableWithRetryAfter() {
        for (RuntimeException e : new RuntimeException[] {new RedisConnectionException("refused"),
            new RedisCommandTimeoutException("timed out"),
            new IllegalStateException("wrapped", new RedisConnectionException("refused"))}) {
            Response r = mappers.unexpected(e);
            assertThat(r.getStatus()).isEqualTo(503);
            assertThat(r.getHeaderString("Retry-After")).isEqualTo("5");
            assertThat(((ErrorResponses.Detail) r.getEntity()).detail())
                    .isEqualTo("The task broker is unavailable; please retry shortly");
        }
    }

    @Test
    void anyOtherFailureIsAnInternalErrorThatHidesItsText() {
        Response r = mappers.unexpected(new IllegalStateException("disk /secret/path full"));
        assertThat(r.getStatus()).isEqualTo(500);
        assertThat(((ErrorResponses.Detail) r.getEntity()).detail()).isEqualTo("Internal server error");
    }
}
