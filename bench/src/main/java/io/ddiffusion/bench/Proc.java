package io.ddiffusion.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process of the system under test, read through /proc (Linux): resident memory and CPU time. {@code memory}:
 * whether its RSS is reported (the servers) or only its CPU (Redis).
 */
record Proc(String name, long pid, boolean memory) {
    /** Clock ticks per second of /proc/PID/stat; 100 on every Linux this runs on. */
    static final double TICKS_PER_SECOND = 100.0;

    static Proc self() {
        return new Proc("driver", ProcessHandle.current().pid(), false);
    }

    /** {@code name:pid}. */
    static Proc parse(String spec, boolean memory) {
        int colon = spec.lastIndexOf(':');
        return new Proc(spec.substring(0, colon), Long.parseLong(spec.substring(colon + 1)), memory);
    }

    /** The name up to its first space: "serve (API+worker)" → "serve". */
    String shortName() {
        int space = name.indexOf(' ');
        return space < 0 ? name : name.substring(0, space);
    }

    /** Resident set size now, in KiB (VmRSS). */
    long rssKiB() {
        return statusField("VmRSS:");
    }

    /** Peak resident set size, in KiB (VmHWM). */
    long peakRssKiB() {
        return statusField("VmHWM:");
    }

    /** Number of threads (Threads: of /proc/PID/status). */
    long threads() {
        return statusField("Threads:");
    }

    /** User + system CPU time so far, in clock ticks. */
    long cpuTicks() {
        return ticks(read("stat"));
    }

    /** CPU time of the JIT compiler threads (C1, C2) so far, in clock ticks; 0 for processes that are not JVMs. */
    long jitTicks() {
        long sum = 0;
        try (var tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path t : tasks) {
                try {
                    if (Files.readString(t.resolve("comm")).startsWith("C")
                            && Files.readString(t.resolve("comm")).contains("Compiler")) {
                        sum += ticks(Files.readString(t.resolve("stat")));
                    }
                } catch (IOException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("process " + name + " (" + pid + ") is gone?", e);
        }
        return sum;
    }

    private static long ticks(String stat) {
        // why: the command name (field 2) may hold spaces; fields after its closing parenthesis are fixed
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private long statusField(String field) {
        for (String line : read("status").split("\n")) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
            }
        }
        throw new IllegalStateException(field + " missing in /proc/" + pid + "/status");
    }

    private String read(String file) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), file));
        } catch (IOException e) {
            throw new UncheckedIOException("process " + name + " (" + pid + ") is gone?", e);
        }
    }
}
