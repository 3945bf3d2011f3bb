package io.ddiffusion.bench;

import java.time.Duration;

/** What every scenario gets: the options, the API client, the results and the CPU meter of the servers. */
record Ctx(Options opts, Api api, Report report, Cpu cpu) {
    /** {@code n} calls from {@code concurrency} threads, each on its own connection (closed afterwards). */
    Load.Result times(int n, int concurrency, Load.Call call) throws InterruptedException {
        try {
            return Load.times(n, concurrency, cpu, call);
        } finally {
            api.closeConnections();
        }
    }

    /** Calls from {@code concurrency} threads for a while, each on its own connection (closed afterwards). */
    Load.Result during(Duration d, int concurrency, Load.Call call) throws InterruptedException {
        try {
            return Load.during(d, concurrency, cpu, call);
        } finally {
            api.closeConnections();
        }
    }

    /** Count, extras, errors, the system's CPU time per call, and the CPU split. */
    String details(Load.Result r, String extra) {
        return "n=" + r.latencies().count() + (extra.isEmpty() ? "" : ", " + extra) + ", errors " + r.errorText()
                + "; " + r.cpu().perOperation(r.perSecond()) + "; " + r.cpu();
    }
}
