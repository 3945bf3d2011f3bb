package io.ddiffusion.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddiffusion.api.http.JunkLog;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The rate limit of the junk log, on a clock of its own: one line per kind per 10 s, the rest counted. */
class JunkLogTest {
    final AtomicLong now = new AtomicLong(1_000_000_000L);
    final List<String> lines = new ArrayList<>();
    final JunkLog log = new JunkLog(now::get, lines::add);

    void advanceSeconds(double seconds) {
        now.addAndGet((long) (seconds * 1e9));
    }

    @Test
    void oneLinePerKindPerWindowAndTheNextLineSaysHowManyWereLeftOut() {
        for (int i = 0; i < 500; i++) {
            log.note("no-host", "no host " + i);
            advanceSeconds(0.01);
        }
        assertThat(lines).containsExactly("no host 0");

        advanceSeconds(5.1);
        log.note("no-host", "no host again");

        assertThat(lines).containsExactly("no host 0", "no host again (499 more like this left out of the log since "
                + "its last line)");
    }

    @Test
    void kindsAreLimitedApart() {
        log.note("no-host", "a");
        log.note("malformed-chunked-body", "b");
        log.note("no-host", "c");
        log.note("malformed-chunked-body", "d");

        assertThat(lines).containsExactly("a", "b");
    }

    @Test
    void afterAQuietWindowTheNextLineIsWrittenAtOnce() {
        log.note("k", "first");
        advanceSeconds(10);
        log.note("k", "second");
        advanceSeconds(9.9);
        log.note("k", "third");

        assertThat(lines).containsExactly("first", "second");
    }
}
