package io.ddiffusion.core.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import org.junit.jupiter.api.Test;

class EventRingTest {

    @Test
    void eventsComeBackAsWrittenOldestFirst() {
        EventRing ring = new EventRing(10);
        ring.add(1_700_000_000_000L, 0, TaskEvent.Kind.STATUS, "STARTED");
        ring.add(1_700_000_000_000L, 1, TaskEvent.Kind.PROGRESS, "1/2");
        ring.add(1_700_000_000_001L, 0, TaskEvent.Kind.LOG, "a line");

        assertThat(ring.after(null, 10)).extracting(TaskEvent::id, TaskEvent::kind, TaskEvent::value).containsExactly(
                tuple("1700000000000-0", TaskEvent.Kind.STATUS, "STARTED"),
                tuple("1700000000000-1", TaskEvent.Kind.PROGRESS, "1/2"),
                tuple("1700000000001-0", TaskEvent.Kind.LOG, "a line"));
    }

    @Test
    void onceFullTheOldestGoAndReadingAfterAnIdFollowsTheWrap() {
        EventRing ring = new EventRing(3);
        for (int i = 1; i <= 7; i++) {
            ring.add(100, i, TaskEvent.Kind.LOG, "line " + i);
        }

        assertThat(ring.after(null, 10)).extracting(TaskEvent::value).containsExactly("line 5", "line 6", "line 7");
        assertThat(ring.after("100-5", 10)).extracting(TaskEvent::value).containsExactly("line 6", "line 7");
        assertThat(ring.after("100-5", 1)).extracting(TaskEvent::value).containsExactly("line 6");
        assertThat(ring.after("99-1000", 10)).as("an id older than every event kept").hasSize(3);
        assertThat(ring.after("100-7", 10)).isEmpty();
    }

    @Test
    void aLongLogKeepsEveryEventUpToItsCapacity() {
        EventRing ring = new EventRing(1000);
        for (int i = 0; i < 250; i++) {
            ring.add(5, i, TaskEvent.Kind.LOG, "line " + i);
        }

        assertThat(ring.after(null, 1000)).hasSize(250).extracting(TaskEvent::value)
                .startsWith("line 0", "line 1").endsWith("line 248", "line 249");
    }

    @Test
    void clearForgetsEveryEvent() {
        EventRing ring = new EventRing(2);
        ring.add(1, 0, TaskEvent.Kind.LOG, "a");
        ring.add(1, 1, TaskEvent.Kind.LOG, "b");
        ring.add(1, 2, TaskEvent.Kind.LOG, "c");

        ring.clear();

        assertThat(ring.isEmpty()).isTrue();
        assertThat(ring.after(null, 10)).isEmpty();
        ring.add(2, 0, TaskEvent.Kind.STATUS, "PENDING");
        assertThat(ring.after(null, 10)).extracting(TaskEvent::id).containsExactly("2-0");
    }
}
