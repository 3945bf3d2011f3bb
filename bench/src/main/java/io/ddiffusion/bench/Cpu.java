package io.ddiffusion.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * CPU used over a stretch of time, in cores: by each process of the system under test (Redis included), by this
 * driver (the load generator), and by everything else on the machine (builds, other programs), which shows when a
 * measurement was disturbed.
 */
record Cpu(List<Proc> procs) {
    /** Average cores busy over the stretch, per process of the system, then driver and others. */
    record Usage(List<Proc> procs, double[] cores, double[] jit, double driverCores, double otherCores) {
        /** Cores used by the system under test (all its processes). */
        double systemCores() {
            double sum = 0;
            for (double c : cores) {
                sum += c;
            }
            return sum;
        }

        /**
         * CPU time per operation of each process of the system, at {@code opsPerSecond}: what one more request or
         * task costs each side, which throughput alone hides.
         */
        String perOperation(double opsPerSecond) {
            String each = java.util.stream.IntStream.range(0, cores.length)
                    .mapToObj(i -> String.format(Locale.ROOT, "%s %,.0f", procs.get(i).shortName(),
                            cores[i] / opsPerSecond * 1e6))
                    .collect(Collectors.joining(", "));
            return String.format(Locale.ROOT, "CPU µs/op: %s (total %,.0f)", each, systemCores() / opsPerSecond * 1e6);
        }

        @Override
        public String toString() {
            String system = java.util.stream.IntStream.range(0, cores.length)
                    .mapToObj(i -> String.format(Locale.ROOT, jit[i] >= 0.005 ? "%s %.2f (JIT %.2f)" : "%s %.2f",
                            procs.get(i).shortName(), cores[i], jit[i]))
                    .collect(Collectors.joining(", "));
            return String.format(Locale.ROOT, "CPU cores: %s, driver %.2f, other %.2f", system, driverCores,
                    Math.max(0, otherCores));
        }
    }

    /** A starting point. */
    record Mark(Cpu cpu, long nanos, long[] ticks, long[] jitTicks, long driverTicks, long machineTicks) {
        Usage since() {
            double seconds = (System.nanoTime() - nanos) / 1e9;
            long[] now = cpu.ticks();
            long[] jitNow = cpu.jitTicks();
            double[] cores = new double[now.length];
            double[] jit = new double[now.length];
            long system = 0;
            for (int i = 0; i < now.length; i++) {
                cores[i] = cores(now[i] - ticks[i], seconds);
                jit[i] = cores(jitNow[i] - jitTicks[i], seconds);
                system += now[i] - ticks[i];
            }
            long driver = Proc.self().cpuTicks() - driverTicks;
            long machine = machineBusyTicks() - machineTicks;
            return new Usage(cpu.procs(), cores, jit, cores(driver, seconds), cores(machine - system - driver,
                    seconds));
        }

        private static double cores(long ticks, double seconds) {
            return ticks / Proc.TICKS_PER_SECOND / seconds;
        }
    }

    Mark mark() {
        return new Mark(this, System.nanoTime(), ticks(), jitTicks(), Proc.self().cpuTicks(), machineBusyTicks());
    }

    private long[] ticks() {
        return procs.stream().mapToLong(Proc::cpuTicks).toArray();
    }

    private long[] jitTicks() {
        return procs.stream().mapToLong(p -> p.memory() ? p.jitTicks() : 0).toArray();
    }

    /** Busy ticks of all CPUs: user, nice, system, irq, softirq and steal of /proc/stat's first line. */
    static long machineBusyTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                busy += Long.parseLong(f[i]);
            }
            return busy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
