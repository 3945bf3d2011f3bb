package io.ddiffusion.worker.providers;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The {@code Retry-After} header (RFC 9110 §10.2.3): delay-seconds ({@code 120}) or an HTTP-date
 * ({@code Wed, 21 Oct 2015 07:28:00 GMT}). A date is read in all three formats §5.6.7 says a recipient must accept:
 * IMF-fixdate, the obsolete RFC 850 form ({@code Wednesday, 21-Oct-15 07:28:00 GMT}) and asctime
 * ({@code Wed Oct 21 07:28:00 2015}).
 */
final class RetryAfter {
    /** Longer waits are clamped: they are beyond every retry budget anyway, and {@link Duration#toNanos} overflows. */
    static final Duration MAX = Duration.ofDays(1);
    private static final Pattern SECONDS = Pattern.compile("\\d+");
    private static final DateTimeFormatter ASCTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy",
            Locale.US).withZone(ZoneOffset.UTC);

    private RetryAfter() {
    }

    /** The wait the header asks for, as of {@code now}: zero for a date in the past, null when absent or unreadable. */
    static Duration of(HttpHeaders headers, Instant now) {
        return headers.firstValue("Retry-After").map(v -> parse(v.strip(), now)).orElse(null);
    }

    static Duration parse(String value, Instant now) {
        if (SECONDS.matcher(value).matches()) {
            return value.length() > 9 ? MAX : min(Duration.ofSeconds(Long.parseLong(value)));
        }
        for (DateTimeFormatter format : List.of(DateTimeFormatter.RFC_1123_DATE_TIME, rfc850(now), ASCTIME)) {
            try {
                Duration wait = Duration.between(now, ZonedDateTime.parse(value, format).toInstant());
                return wait.isNegative() ? Duration.ZERO : min(wait);
            } catch (DateTimeParseException e) {
                // try the next format
            }
        }
        return null;
    }

    /**
     * {@code Sunday, 06-Nov-94 08:49:37 GMT}: its two-digit year is the one within 50 years of {@code now}, as §5.6.7
     * says (a year that would be more than 50 years in the future is in the past century).
     */
    private static DateTimeFormatter rfc850(Instant now) {
        LocalDate base = LocalDate.ofInstant(now, ZoneOffset.UTC).minusYears(49);
        return new DateTimeFormatterBuilder().appendPattern("EEEE, dd-MMM-")
                .appendValueReduced(ChronoField.YEAR, 2, 2, base).appendPattern(" HH:mm:ss 'GMT'")
                .toFormatter(Locale.US).withZone(ZoneOffset.UTC);
    }

    private static Duration min(Duration wait) {
        return wait.compareTo(MAX) > 0 ? MAX : wait;
    }
}
