package io.ddiffusion.bench.local;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Command line of {@link LocalModelsBench}.
 *
 * <pre>
 * --mode tiny|real    tiny stand-in models on the CPU (default), or the real weights from the Hugging Face cache on
 *                     DDIFFUSION_ONNX_DEVICE
 * --runs N            warm runs per pipeline after the first one (default 10)
 * --sdxl-steps N      sd-xl denoising steps (default 35, the original's)
 * --only A,B          pipelines to run, by model name (default: all four)
 * --results FILE      Markdown file the tables are appended to (default bench/results/local-models.md)
 * --sam-image FILE    the image sam-2 segments (default: a drawn red ball on grass)
 * --sam-prompt TEXT   what sam-2 looks for (default "a cat" on tiny models, "a red ball" on real ones)
 * </pre>
 */
record LocalBenchOptions(Mode mode, int runs, int sdxlSteps, List<String> pipelines, Path results,
        Optional<Path> samImage, String samPrompt) {

    /** The four pipelines, in the order they run. */
    static final List<String> PIPELINES = List.of("sd-xl", "depth-anything-2", "real-esrgan-x4", "sam-2");

    enum Mode { TINY, REAL }

    static LocalBenchOptions parse(String... args) {
        Mode mode = Mode.TINY;
        int runs = 10;
        int steps = 35;
        List<String> pipelines = PIPELINES;
        Path results = Path.of("bench/results/local-models.md");
        Optional<Path> samImage = Optional.empty();
        String samPrompt = null;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            String v = args[++i];
            switch (option) {
                case "--mode" -> mode = switch (v) {
                    case "tiny" -> Mode.TINY;
                    case "real" -> Mode.REAL;
                    default -> throw new IllegalArgumentException("--mode must be tiny or real, not '" + v + "'");
                };
                case "--runs" -> runs = positive(option, v);
                case "--sdxl-steps" -> steps = positive(option, v);
                case "--only" -> pipelines = pipelines(v);
                case "--results" -> results = Path.of(v);
                case "--sam-image" -> samImage = Optional.of(Path.of(v));
                case "--sam-prompt" -> samPrompt = v;
                default -> throw new IllegalArgumentException("unknown option " + option + " (see LocalBenchOptions)");
            }
        }
        if (samPrompt == null) {
            samPrompt = mode == Mode.TINY ? "a cat" : "a red ball";
        }
        return new LocalBenchOptions(mode, runs, steps, pipelines, results, samImage, samPrompt);
    }

    private static int positive(String option, String value) {
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + " must be a whole number of at least 1, not '" + value + "'");
    }

    private static List<String> pipelines(String value) {
        List<String> names = Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        for (String name : names) {
            if (!PIPELINES.contains(name)) {
                throw new IllegalArgumentException("--only: no pipeline '" + name + "'; choose from " + PIPELINES);
            }
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("--only needs at least one of " + PIPELINES);
        }
        // why: keep the fixed order, so a result file always lists pipelines the same way
        return PIPELINES.stream().filter(names::contains).toList();
    }
}
