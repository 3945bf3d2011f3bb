package io.ddiffusion.bench.local;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Timings the pipelines log themselves: the residency's "Loaded NAME (N MiB) in M ms; …" per session load, and
 * sd-xl's "Denoised N steps in M ms (K ms/step)" (its K is rounded to whole ms, so the step time is M / N here).
 */
final class LogTimings {
    private static final Pattern LOADED = Pattern.compile("^Loaded (\\S+) \\((\\d+) MiB\\) in (\\d+) ms\\b.*");
    private static final Pattern DENOISED = Pattern.compile("^Denoised (\\d+) steps in (\\d+) ms\\b.*");

    /** One session load: the model's name for logs (e.g. {@code sam-2/detector}), its size on disk, its load time. */
    record Load(String session, long mib, long millis) {
    }

    private LogTimings() {
    }

    /** The session loads among {@code lines}, in order. */
    static List<Load> loads(List<String> lines) {
        return lines.stream().map(LOADED::matcher).filter(Matcher::matches)
                .map(m -> new Load(m.group(1), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)))).toList();
    }

    /** Milliseconds per denoising step from sd-xl's summary line, if {@code lines} has one. */
    static OptionalDouble msPerStep(List<String> lines) {
        Optional<Matcher> m = lines.stream().map(DENOISED::matcher).filter(Matcher::matches).findFirst();
        if (m.isEmpty() || Long.parseLong(m.get().group(1)) == 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of((double) Long.parseLong(m.get().group(2)) / Long.parseLong(m.get().group(1)));
    }
}
