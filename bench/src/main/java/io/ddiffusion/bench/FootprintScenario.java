package io.ddiffusion.bench;

import java.io.IOException;

/** g. Resident memory of each server process while idle (VmRSS, and the peak VmHWM so far). */
final class FootprintScenario {
    private static final long TARGET_KIB = 150 * 1024;

    private FootprintScenario() {
    }

    /**
     * One row per server process. {@code idle} rows carry the target: by then a process has had the time its JVM
     * options give it to return memory it no longer uses (api and worker collect after 5 s without a collection).
     */
    static void run(Ctx c, String when, boolean idle) throws IOException {
        for (Proc p : c.opts().procs().stream().filter(Proc::memory).toList()) {
            long rss = p.rssKiB();
            c.report().row("g. " + (idle ? "idle RSS " : "RSS ") + when + ": " + p.name(), Report.mib(rss), "", "",
                    "VmRSS " + Report.mib(rss) + ", peak VmHWM " + Report.mib(p.peakRssKiB()),
                    idle ? "< 150 MiB" : "", idle ? Report.verdict(rss < TARGET_KIB, "") : "");
        }
    }
}
