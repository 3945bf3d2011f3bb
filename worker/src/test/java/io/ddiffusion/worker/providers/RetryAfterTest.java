package io.ddiffusion.worker.providers;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
    /** A minute before RFC 9110's example date, Wed, 21 Oct 2015 07:28:00 GMT. */
    private static final Instant NOW = Instant.parse("2015-10-21T07:27:00Z");

    @Test
    void delaySecondsAreTakenAsTheyAreAndHugeOnesAreClampedToADay() {
        assertThat(RetryAfter.parse("120", NOW)).isEqualTo(Duration.ofSeconds(120));
        assertThat(RetryAfter.parse("0", NOW)).isEqualTo(Duration.ZERO);
        assertThat(RetryAfter.parse("864000", NOW)).isEqualTo(RetryAfter.MAX);
        assertThat(RetryAfter.parse("99999999999999999999999", NOW)).isEqualTo(RetryAfter.MAX);
    }

    @Test
    void anImfFixdateIsTheWaitUntilThatMoment() {
        assertThat(RetryAfter.parse("Wed, 21 Oct 2015 07:28:00 GMT", NOW)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void theObsoleteRfc850AndAsctimeFormatsAreReadToo() {
        assertThat(RetryAfter.parse("Wednesday, 21-Oct-15 07:28:00 GMT", NOW)).isEqualTo(Duration.ofSeconds(60));
        assertThat(RetryAfter.parse("Wed Oct 21 07:28:00 2015", NOW)).isEqualTo(Duration.ofSeconds(60));
        assertThat(RetryAfter.parse("Fri Nov  6 07:27:00 2015", NOW)).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void anRfc850YearMoreThanFiftyYearsAheadIsInThePastCentury() {
        // 64 → 2064 (49 years ahead), 94 → 1994 (2094 would be 79 years ahead): a date in the past waits nothing
        assertThat(RetryAfter.parse("Tuesday, 21-Oct-64 07:27:00 GMT", NOW)).isEqualTo(RetryAfter.MAX);
        assertThat(RetryAfter.parse("Sunday, 06-Nov-94 08:49:37 GMT", NOW)).isEqualTo(Duration.ZERO);
    }

    @Test
    void aDateInThePastMeansRetryNow() {
        assertThat(RetryAfter.parse("Sun, 06 Nov 1994 08:49:37 GMT", NOW)).isEqualTo(Duration.ZERO);
    }

    @Test
    void garbageIsIgnoredSoTheJitteredBackoffApplies() {
        for (String garbage : List.of("", "soon", "-5", "1.5", "0x10", "12 s", "Wed, 21 Oct 2015 07:28:00",
                "2015-10-21T07:28:00Z", "Wed, 32 Oct 2015 07:28:00 GMT")) {
            assertThat(RetryAfter.parse(garbage, NOW)).as(garbage).isNull();
        }
    }

    @Test
    void theHeaderIsReadWithSurroundingSpaceAndIsNullWhenAbsent() {
        assertThat(RetryAfter.of(headers(Map.of("Retry-After", List.of(" 7 "))), NOW)).isEqualTo(Duration.ofSeconds(7));
        assertThat(RetryAfter.of(headers(Map.of()), NOW)).isNull();
    }

    private static HttpHeaders headers(Map<String, List<String>> values) {
        return HttpHeaders.of(values, (k, v) -> true);
    }
}
