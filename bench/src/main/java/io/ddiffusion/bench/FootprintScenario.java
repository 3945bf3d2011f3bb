package io.ddiffusion.bench;

import java.io.IOException;

/** g. Resident memory of each server process while idle (VmRSS, and the peak VmHWM so far). */
final class FootprintScenario {
    private static final long TARGET_KIB = 150 * 1024;

    private FootprintScenario() {
    }

    static void run(Ctx c, String when) throws IOException {
        for (Proc p : c.opts().procs().stream().filter(Proc::memory).toList()) {
            long rss = p.rssKiB();
            c.report().row("g. idle RSS " + when + ": " + p.name(), Report.mib(rss), "", "",
                    "VmRSS " + Report.mib(rss) + ", peak VmHWM " + Report.mib(p.peakRssKiB()), "< 150 MiB",
                    Report.verdict(rss < TARGET_KIB, ""));
        }
    }
}
