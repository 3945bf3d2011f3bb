package io.ddiffusion.bench.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * Samples the GPUs' used memory with {@code nvidia-smi} while a pipeline runs and keeps the peak. The figure is the
 * whole card's (every process, summed over the GPUs listed), so the peak less the baseline taken at the start is what
 * the pipeline added, provided nothing else used the card meanwhile.
 */
final class GpuMemory implements AutoCloseable {
    static final String[] QUERY = {"nvidia-smi", "--query-gpu=memory.used", "--format=csv,noheader,nounits"};
    private static final long INTERVAL_MS = 100;

    private final long baselineMib;
    private volatile long peakMib;
    private volatile boolean running = true;
    private final Thread sampler;

    private GpuMemory(long baselineMib) {
        this.baselineMib = baselineMib;
        this.peakMib = baselineMib;
        this.sampler = Thread.ofPlatform().daemon().name("gpu-memory").start(this::sample);
    }

    /** Starts sampling after one baseline reading; empty when {@code nvidia-smi} is absent or answers nothing. */
    static Optional<GpuMemory> start() {
        OptionalLong baseline = read();
        return baseline.isPresent() ? Optional.of(new GpuMemory(baseline.getAsLong())) : Optional.empty();
    }

    long baselineMib() {
        return baselineMib;
    }

    long peakMib() {
        return peakMib;
    }

    private void sample() {
        while (running) {
            read().ifPresent(used -> peakMib = Math.max(peakMib, used));
            try {
                Thread.sleep(INTERVAL_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One reading; empty when the command is missing, fails, or prints no number. */
    private static OptionalLong read() {
        try {
            Process p = new ProcessBuilder(QUERY).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return OptionalLong.empty();
            }
            return parseUsedMib(out);
        } catch (IOException e) {
            return OptionalLong.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalLong.empty();
        }
    }

    /** The MiB used summed over the GPUs, one number per line; empty when a line is not a number (an error text). */
    static OptionalLong parseUsedMib(String output) {
        long sum = 0;
        int gpus = 0;
        for (String line : output.strip().split("\\R")) {
            String v = line.strip();
            if (v.isEmpty()) {
                continue;
            }
            if (!v.matches("\\d+")) {
                return OptionalLong.empty();
            }
            sum += Long.parseLong(v);
            gpus++;
        }
        return gpus == 0 ? OptionalLong.empty() : OptionalLong.of(sum);
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
        try {
            sampler.join(TimeUnit.SECONDS.toMillis(15));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // why: a spike between the last sample and the end of the run is still on the card; one more reading
        read().ifPresent(used -> peakMib = Math.max(peakMib, used));
    }
}
