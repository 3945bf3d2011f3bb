package io.ddiffusion.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link RecentTasks} does: newest first by submit time, capped, limited. */
public abstract class RecentTasksContract {
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    /** A fresh, empty index keeping at most {@code capacity} ids. */
    protected abstract RecentTasks index(int capacity);

    @Test
    void newestFirstBySubmitTimeWhateverTheOrderTheyCameIn() {
        RecentTasks recent = index(10);
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        UUID third = UUID.randomUUID();
        recent.add(second, T0.plusMillis(2));
        recent.add(third, T0.plusMillis(3));
        recent.add(first, T0.plusMillis(1));

        assertThat(recent.newest(10)).containsExactly(third, second, first);
        assertThat(recent.newest(2)).containsExactly(third, second);
        assertThat(recent.newest(0)).isEmpty();
    }

    @Test
    void keepsOnlyTheNewestUpToItsCapacity() {
        RecentTasks recent = index(3);
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            UUID id = UUID.randomUUID();
            ids.add(id);
            recent.add(id, T0.plusSeconds(i));
        }

        assertThat(recent.newest(10)).containsExactly(ids.get(4), ids.get(3), ids.get(2));
    }

    @Test
    void anEmptyIndexListsNothing() {
        assertThat(index(5).newest(5)).isEmpty();
    }
}
