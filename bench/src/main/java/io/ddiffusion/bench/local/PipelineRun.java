package io.ddiffusion.bench.local;

import io.ddiffusion.bench.Latencies;
import io.ddiffusion.schema.images.ImageRequest;
import io.ddiffusion.worker.images.ImageContext;
import io.ddiffusion.worker.images.ImageHandler;
import io.ddiffusion.worker.images.local.LocalRuntime;
import io.ddiffusion.worker.testing.FakeTaskContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Measures one pipeline on a fresh runtime: the engine start, a first run that loads every session cold, then warm
 * runs with the sessions resident. A run is what a worker does with a claimed task: decode the stored input, run the
 * handler (pre-processing, sessions, post-processing, PNG encoding) and store the output. The runtime is closed
 * afterwards, so the next pipeline starts from an empty device.
 */
final class PipelineRun {
    private record Run(double millis, List<String> logs) {
    }

    private record Measured(long engineStartMs, Run first, Latencies warm, Latencies warmSteps) {
    }

    private PipelineRun() {
    }

    /**
     * @param runtimeOn builds the runtime under test; it logs its worker lines to the consumer it is given
     * @param runs warm runs after the first
     * @param sampleGpu whether to sample the card's memory with {@code nvidia-smi}
     */
    static PipelineResult measure(BenchCase c, Function<Consumer<String>, LocalRuntime> runtimeOn, int runs,
            boolean sampleGpu, Path work) {
        List<String> workerLog = new CopyOnWriteArrayList<>();
        Optional<GpuMemory> gpu = sampleGpu ? GpuMemory.start() : Optional.empty();
        LocalRuntime runtime = runtimeOn.apply(workerLog::add);
        Measured m;
        try {
            m = runs(c, runtime, runs, work);
        } catch (Exception | LinkageError e) {
            return PipelineResult.failed(c.model(), c.workload(), e);
        } finally {
            // why: the sampler stops first, while the sessions still hold their memory; then the runtime frees it
            gpu.ifPresent(GpuMemory::close);
            runtime.close();
        }
        String engine = workerLog.stream().filter(l -> l.startsWith("ONNX Runtime")).findFirst().orElse("?");
        OptionalDouble firstStep = LogTimings.msPerStep(m.first().logs());
        return new PipelineResult(c.model(), c.workload(), engine, m.engineStartMs(), LogTimings.loads(
                m.first().logs()), m.first().millis(), m.warm(), firstStep.isPresent()
                        ? Optional.of(firstStep.getAsDouble()) : Optional.empty(), m.warmSteps(),
                gpu.map(g -> new PipelineResult.GpuPeak(g.baselineMib(), g.peakMib())), Optional.empty());
    }

    private static Measured runs(BenchCase c, LocalRuntime runtime, int runs, Path work) throws Exception {
        long start = System.nanoTime();
        runtime.residency();
        long engineStartMs = (System.nanoTime() - start) / 1_000_000;
        ImageHandler handler = c.handler().apply(runtime);
        Run first = once(c, handler, work);
        Latencies warm = new Latencies();
        Latencies warmSteps = new Latencies();
        for (int i = 0; i < runs; i++) {
            Run r = once(c, handler, work);
            warm.add(Math.round(r.millis() * 1e6));
            LogTimings.msPerStep(r.logs()).ifPresent(ms -> warmSteps.add(Math.round(ms * 1e6)));
        }
        return new Measured(engineStartMs, first, warm, warmSteps);
    }

    private static Run once(BenchCase c, ImageHandler handler, Path work) throws Exception {
        Path storage = Files.createTempDirectory(work, "task-");
        try {
            FakeTaskContext<ImageRequest> task = FakeTaskContext.of("images." + c.model(), c.request(), storage,
                    c.inputs());
            long start = System.nanoTime();
            List<String> keys = handler.run(ImageContext.of(task));
            double millis = (System.nanoTime() - start) / 1e6;
            if (keys.size() != 1) {
                throw new IllegalStateException(c.model() + " stored " + keys.size() + " outputs, expected one");
            }
            return new Run(millis, task.logs());
        } finally {
            deleteTree(storage);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
