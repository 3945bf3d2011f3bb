package io.ddiffusion.bench;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Command line of the driver.
 *
 * <pre>
 * --url URL          the API (default http://127.0.0.1:5000)
 * --admin-key KEY    creates the user key the scenarios use
 * --mode NAME        label of the deployment in the results (embedded, distributed, ...)
 * --results FILE     Markdown file the rows are appended to (default bench/results/latest.md)
 * --proc NAME:PID    a server process, for RSS and CPU (repeatable)
 * --cpu-proc NAME:PID another process of the system (Redis), for CPU only (repeatable)
 * --only LETTERS     scenarios to run, e.g. "abg" (default abcdefg)
 * --scale X          multiplies request counts and durations (default 1; 0.2 for a smoke run)
 * --warmup SECONDS   unrecorded load before the scenarios, for the JIT (default 60, times the scale; 0: none)
 * --emulator-port N  port of the emulator that scenario h (Replicate) or i (ComfyUI) starts on 127.0.0.1 (default
 *                    0: any free one)
 * --replicate-token T the token the emulator accepts (default bench-token)
 * --provider-tasks N tasks at once in scenario h's phase h4 (10 s predictions; default 10000, times the scale; 0:
 *                    no h4)
 * --provider-latency S how long each of h4's predictions processes, in seconds (default 10)
 * </pre>
 */
record Options(URI url, String adminKey, String mode, Path results, List<Proc> procs, String only, double scale,
        Duration warmup, int emulatorPort, String replicateToken, int providerTasks, Duration providerLatency) {
    static Options parse(String... args) {
        URI url = URI.create("http://127.0.0.1:5000");
        String admin = System.getenv("DDIFFUSION_ADMIN_KEY");
        String mode = "local";
        Path results = Path.of("bench/results/latest.md");
        List<Proc> procs = new ArrayList<>();
        String only = "abcdefg";
        double scale = 1;
        double warmup = 60;
        int emulatorPort = 0;
        String replicateToken = "bench-token";
        int providerTasks = 10_000;
        double providerLatency = 10;
        for (int i = 0; i < args.length; i++) {
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--url" -> url = URI.create(v);
                case "--admin-key" -> admin = v;
                case "--mode" -> mode = v;
                case "--results" -> results = Path.of(v);
                case "--proc" -> procs.add(Proc.parse(v, true));
                case "--cpu-proc" -> procs.add(Proc.parse(v, false));
                case "--only" -> only = v;
                case "--scale" -> scale = Double.parseDouble(v);
                case "--warmup" -> warmup = Double.parseDouble(v);
                case "--emulator-port" -> emulatorPort = Integer.parseInt(v);
                case "--replicate-token" -> replicateToken = v;
                case "--provider-tasks" -> providerTasks = Integer.parseInt(v);
                case "--provider-latency" -> providerLatency = Double.parseDouble(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (see Options)");
            }
            i++;
        }
        if (admin == null || admin.isBlank()) {
            throw new IllegalArgumentException("--admin-key (or DDIFFUSION_ADMIN_KEY) is required");
        }
        return new Options(url, admin, mode, results, List.copyOf(procs), only, scale,
                Duration.ofMillis(Math.round(warmup * scale * 1000)), emulatorPort, replicateToken, providerTasks,
                Duration.ofMillis(Math.round(providerLatency * 1000)));
    }

    boolean runs(char scenario) {
        return only.indexOf(scenario) >= 0;
    }

    int scaled(int n) {
        return Math.max(1, (int) Math.round(n * scale));
    }

    Duration scaled(Duration d) {
        return Duration.ofMillis(Math.max(200, Math.round(d.toMillis() * scale)));
    }
}
