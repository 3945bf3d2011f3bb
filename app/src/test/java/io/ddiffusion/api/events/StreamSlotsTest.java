package io.ddiffusion.api.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddiffusion.api.http.ApiException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StreamSlotsTest {
    private final StreamSlots slots = new StreamSlots(new EventStreamSettings(Duration.ofSeconds(15), 1024, 2, 3));

    @Test
    void aKeyAtItsLimitGets429NamingTheVariableAndOtherKeysStillGetSlots() {
        slots.take("a");
        slots.take("a");

        assertThatThrownBy(() -> slots.take("a")).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(429);
            assertThat(e.headers()).containsKey("Retry-After");
            assertThat(e.getMessage()).contains("2 open event streams", "DDIFFUSION_EVENTS_STREAMS_PER_KEY=2");
        });
        slots.take("b");
    }

    @Test
    void theNodeLimitCountsEveryKeyAndASlotGivenBackTwiceCountsOnce() {
        Runnable first = slots.take("a");
        slots.take("b");
        slots.take("c");

        assertThatThrownBy(() -> slots.take("d")).isInstanceOfSatisfying(ApiException.class, e -> assertThat(
                e.getMessage()).contains("3 event streams", "DDIFFUSION_EVENTS_STREAMS=3"));
        first.run();
        first.run();
        assertThat(slots.open()).isEqualTo(2);
        slots.take("d");
        assertThatThrownBy(() -> slots.take("e")).isInstanceOf(ApiException.class);
    }
}
