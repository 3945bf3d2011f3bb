package io.ddiffusion.bench;

import java.io.IOException;
import java.util.Map;

/**
 * g. Resident memory of each server process: VmRSS while idle after start and after the load, and the peak over the
 * whole run (VmHWM, which the kernel keeps since the process started, so no sample can miss a short peak).
 */
final class FootprintScenario {
    /** When the rows are taken, and which targets they carry. */
    enum Phase {
        /** Right after start (2 s): no target. */
        STARTED,
        /** Idle after start: every role below 150 MiB. */
        IDLE_AFTER_START,
        /** 5 s after the last scenario: no target. */
        LOADED,
        /** Idle after the load (issue 13): the heap given back; what stays is JIT code and class metadata. */
        IDLE_AFTER_LOAD
    }

    private static final long IDLE_AFTER_START_KIB = 150 * 1024;
    /** Issue 13's targets after the load, by the process's short name. */
    private static final Map<String, Long> IDLE_AFTER_LOAD_KIB =
            Map.of("api", 170L * 1024, "worker", 150L * 1024, "serve", 250L * 1024);
    /** Issue 13's target for the peak during the suite, by the process's short name. */
    private static final Map<String, Long> PEAK_KIB = Map.of("api", 250L * 1024);

    private FootprintScenario() {
    }

    /**
     * One row per server process; idle rows carry the targets: by then a process has had the time its JVM options
     * give it to return memory it no longer uses (api and worker collect after 5 s without a collection, serve's
     * idle trim checks every 5 s). After the load, one more row per process with its peak over the run.
     */
    static void run(Ctx c, String when, Phase phase) throws IOException {
        for (Proc p : c.opts().procs().stream().filter(Proc::memory).toList()) {
            long rss = p.rssKiB();
            long peak = p.peakRssKiB();
            boolean idle = phase == Phase.IDLE_AFTER_START || phase == Phase.IDLE_AFTER_LOAD;
            Long target = switch (phase) {
                case IDLE_AFTER_START -> IDLE_AFTER_START_KIB;
                case IDLE_AFTER_LOAD -> IDLE_AFTER_LOAD_KIB.get(p.shortName());
                default -> null;
            };
            c.report().row("g. " + (idle ? "idle RSS " : "RSS ") + when + ": " + p.name(), Report.mib(rss), "", "",
                    "VmRSS " + Report.mib(rss) + ", peak VmHWM " + Report.mib(peak), atMost(target),
                    target == null ? "" : Report.verdict(rss <= target, ""));
            if (phase == Phase.IDLE_AFTER_LOAD) {
                Long peakTarget = PEAK_KIB.get(p.shortName());
                c.report().row("g. peak RSS over the run: " + p.name(), Report.mib(peak), "", "",
                        "VmHWM: the most resident memory since start (warm-up and every scenario)",
                        atMost(peakTarget), peakTarget == null ? "" : Report.verdict(peak <= peakTarget, ""));
            }
        }
    }

    private static String atMost(Long kib) {
        return kib == null ? "" : "≤ " + Report.mib(kib);
    }
}
