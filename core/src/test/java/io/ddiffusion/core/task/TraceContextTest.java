package io.ddiffusion.core.task;

import static io.ddiffusion.core.task.TaskBuilder.aPendingTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddiffusion.core.json.Json;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TraceContextTest {
    private static final String PARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    @Test
    void aW3cTraceparentIsKeptWithItsStateAndNamesItsTrace() {
        TraceContext c = TraceContext.of(PARENT, "vendor=abc").orElseThrow();
        assertThat(c.traceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        assertThat(c.tracestate()).isEqualTo("vendor=abc");
        assertThat(TraceContext.of(PARENT, " ").orElseThrow().tracestate()).isNull();
    }

    @Test
    void malformedOrMissingTraceparentsAreNoContext() {
        assertThat(TraceContext.of(null, null)).isEmpty();
        assertThat(TraceContext.of("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331", null)).isEmpty();
        assertThat(TraceContext.of(PARENT.toUpperCase(), null)).isEmpty();
        assertThatThrownBy(() -> new TraceContext("garbage", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("traceparent");
    }

    @Test
    void theContextTravelsWithTheTaskThroughEveryChangeAndItsJson() {
        Task traced = aPendingTask().build().tracedBy(TraceContext.of(PARENT, null).orElseThrow());
        Task later = traced.enqueuedAs("1-0").received("w1", 1).started(Instant.now()).failed("x", Instant.now())
                .withVersion(3);
        assertThat(later.trace()).isEqualTo(traced.trace());

        String json = Json.write(later);
        assertThat(json).contains("\"trace\":{\"traceparent\":\"" + PARENT + "\"}");
        assertThat(Json.read(json, Task.class).trace()).isEqualTo(traced.trace());
    }

    @Test
    void recordsWrittenBeforeTracesWereKeptReadWithoutContext() {
        Task old = aPendingTask().build();
        String json = Json.write(old);
        assertThat(json).doesNotContain("trace");
        assertThat(Json.read(json, Task.class)).isEqualTo(old);
        assertThat(Json.read(json, Task.class).trace()).isNull();
    }
}
