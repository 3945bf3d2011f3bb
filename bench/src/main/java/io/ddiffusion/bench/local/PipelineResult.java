package io.ddiffusion.bench.local;

import io.ddiffusion.bench.Latencies;
import java.util.List;
import java.util.Optional;

/**
 * What one pipeline measured, or why it did not run.
 *
 * @param engine the runtime's "ONNX Runtime on …" line (the device, and why not CUDA when it fell back)
 * @param engineStartMs starting the runtime's engine (the first one in a process loads the native library)
 * @param loads the sessions the first run loaded, cold
 * @param firstRunMs the first run, loads included
 * @param warmMs the runs after it, with the sessions resident
 * @param firstStepMs sd-xl: milliseconds per denoising step in the first run
 * @param warmStepMs sd-xl: the time per denoising step of each warm run
 * @param gpu the card's used memory at the start and its peak while the pipeline ran, in MiB
 * @param problem why it was skipped or failed, otherwise empty
 */
record PipelineResult(String model, String workload, String engine, long engineStartMs, List<LogTimings.Load> loads,
        double firstRunMs, Latencies warmMs, Optional<Double> firstStepMs, Latencies warmStepMs,
        Optional<GpuPeak> gpu, Optional<String> problem) {

    private static final String SKIPPED = "skipped: ";
    private static final String FAILED = "failed: ";

    /** Used GPU memory in MiB: before the pipeline's runtime started, and the highest sample while it ran. */
    record GpuPeak(long baselineMib, long peakMib) {
    }

    static PipelineResult skipped(String model, String why) {
        return notRun(model, "", SKIPPED + why);
    }

    static PipelineResult failed(String model, String workload, Throwable e) {
        return notRun(model, workload, FAILED + e.getClass().getSimpleName() + ": " + e.getMessage());
    }

    private static PipelineResult notRun(String model, String workload, String problem) {
        return new PipelineResult(model, workload, "", 0, List.of(), Double.NaN, new Latencies(), Optional.empty(),
                new Latencies(), Optional.empty(), Optional.of(problem));
    }

    boolean failed() {
        return problem.filter(p -> p.startsWith(FAILED)).isPresent();
    }

    long loadMs() {
        return loads.stream().mapToLong(LogTimings.Load::millis).sum();
    }
}
