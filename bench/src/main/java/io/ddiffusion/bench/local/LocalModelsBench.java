package io.ddiffusion.bench.local;

import io.ddiffusion.worker.models.LocalModelSettings;
import io.ddiffusion.core.config.Env;
import io.ddiffusion.worker.images.local.LocalPipelineSettings;
import io.ddiffusion.worker.images.local.LocalRuntime;
import io.ddiffusion.worker.models.ComponentStatus;
import io.ddiffusion.worker.models.LocalModel;
import io.ddiffusion.worker.models.LocalModels;
import io.ddiffusion.worker.models.ModelNotCachedException;
import io.ddiffusion.worker.models.ModelLock;
import io.ddiffusion.worker.models.ModelNotPinnedException;
import io.ddiffusion.worker.models.ModelPaths;
import io.ddiffusion.worker.models.ModelWeights;
import io.ddiffusion.worker.models.hub.HubDownloader;
import io.ddiffusion.worker.models.LocalModelSettings.OnnxDevice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The local-models benchmark ({@code bench/run-local-models.sh}): each pipeline in turn on a fresh runtime, cold load,
 * first run and warm runs; see {@link LocalBenchOptions} for the command line and {@code bench/README.md}.
 *
 * <p>Exit status: 0 when every pipeline that was not skipped ran, 1 when one failed, 2 on a bad option or setting, 3
 * when real weights are missing (nothing runs).
 */
public final class LocalModelsBench {
    /** Tiny models are kilobytes; the budget only has to hold them. */
    private static final long TINY_BUDGET = 1L << 30;

    private LocalModelsBench() {
    }

    public static void main(String[] args) throws Exception {
        LocalBenchOptions o;
        LocalModelSettings models;
        try {
            o = LocalBenchOptions.parse(args);
            models = LocalModelSettings.from(Env.system());
        } catch (IllegalArgumentException e) { // InvalidSettingException too
            System.err.println("local-models benchmark: " + e.getMessage());
            System.exit(2);
            return;
        }
        Path work = Files.createTempDirectory("ddbench-local-");
        int status;
        try {
            status = run(o, models, work);
        } finally {
            PipelineRun.deleteTree(work);
        }
        System.exit(status);
    }

    private static int run(LocalBenchOptions o, LocalModelSettings models, Path work) throws Exception {
        List<PipelineResult> results;
        try {
            results = o.mode() == LocalBenchOptions.Mode.TINY ? tiny(o, models, work) : real(o, models, work);
        } catch (WeightsMissing e) {
            LocalModelsReport.append(o.results(), LocalModelsReport.refusal(e.messages));
            return 3;
        }
        results.sort(Comparator.comparing(r -> LocalBenchOptions.PIPELINES.indexOf(r.model())));
        String markdown = LocalModelsReport.render(o, results);
        LocalModelsReport.append(o.results(), markdown);
        return results.stream().anyMatch(PipelineResult::failed) ? 1 : 0;
    }

    private static List<PipelineResult> tiny(LocalBenchOptions o, LocalModelSettings models, Path work)
            throws Exception {
        List<PipelineResult> results = new ArrayList<>();
        for (String name : o.pipelines()) {
            BenchCase c = BenchCases.of(name, o, LocalPipelineSettings.from(Env.system()));
            ModelPaths files = TinyWeights.write(name, work.resolve("tiny").resolve(name));
            System.err.println("== " + name + " (tiny): " + c.workload());
            results.add(PipelineRun.measure(c, log -> new LocalRuntime((model, taskLog) -> files, OnnxDevice.CPU,
                    TINY_BUDGET, log), o.runs(), false, work));
        }
        return results;
    }

    private static List<PipelineResult> real(LocalBenchOptions o, LocalModelSettings models, Path work)
            throws Exception, WeightsMissing {
        // why: a benchmark measures what is cached; it never starts a multi-GB download
        ModelWeights weights = new ModelWeights(new HubDownloader(models.hub()), false,
                new ModelLock(models.modelLock()));
        List<String> missing = new ArrayList<>();
        List<String> runnable = new ArrayList<>();
        List<PipelineResult> skipped = new ArrayList<>();
        for (String name : o.pipelines()) {
            LocalModel model = weights.resolve(LocalModels.BUILT_IN.require(name));
            if (!weights.pullable(model, false)) {
                skipped.add(PipelineResult.skipped(name, "not pinned in this build: "
                        + new ModelNotPinnedException(model).getMessage()));
                continue;
            }
            var absent = weights.status(model).stream().filter(s -> s.state() == ComponentStatus.State.MISSING
                    || s.state() == ComponentStatus.State.NOT_LOCKED)
                    .map(ComponentStatus::component).toList();
            if (absent.isEmpty()) {
                runnable.add(name);
            } else {
                missing.add(new ModelNotCachedException(model, absent, weights.cache().root(),
                        "the benchmark never downloads").getMessage());
            }
        }
        if (!missing.isEmpty()) {
            throw new WeightsMissing(missing);
        }
        skipped.forEach(s -> System.err.println("== " + s.model() + ": " + s.problem().orElseThrow()));
        OnnxDevice device = models.onnxDevice();
        List<PipelineResult> results = new ArrayList<>(skipped);
        for (String name : runnable) {
            BenchCase c = BenchCases.of(name, o, LocalPipelineSettings.from(Env.system()));
            System.err.println("== " + name + " (real weights, " + device + "): " + c.workload());
            results.add(PipelineRun.measure(c, log -> new LocalRuntime(LocalRuntime.Weights.of(weights), device,
                    models.memoryBytes(), log), o.runs(), true, work));
        }
        return results;
    }

    /** Pinned weights of selected models are not in the cache: the ModelWeights messages, one per model. */
    private static final class WeightsMissing extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient List<String> messages;

        WeightsMissing(List<String> messages) {
            super(String.join("; ", messages));
            this.messages = List.copyOf(messages);
        }
    }
}
