package io.ddiffusion.worker.workflows.comfy;

import com.fasterxml.jackson.databind.JsonNode;
import io.ddiffusion.core.config.ComfySettings;
import io.ddiffusion.core.metrics.TaskMetrics;
import io.ddiffusion.schema.common.ModelSpec;
import io.ddiffusion.worker.comfy.ComfyGraph;
import io.ddiffusion.worker.comfy.ComfyGraphCheck;
import io.ddiffusion.worker.comfy.ComfyModel;
import io.ddiffusion.worker.comfy.ComfyModelFile;
import io.ddiffusion.worker.comfy.ComfyNode;
import io.ddiffusion.worker.comfy.ComfyNodeDefinitions;
import io.ddiffusion.worker.comfy.ComfyVisibleFiles;
import io.ddiffusion.worker.runtime.GpuEngine;
import io.ddiffusion.worker.runtime.Prerequisite;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The ComfyUI sidecar of this worker ({@code COMFY_API_URL}) and whether it can run workflows: reachable, a release
 * no older than {@link ComfyVersion#MINIMUM} ({@code /system_stats}), and, from its node definitions
 * ({@code /object_info}), the node classes a model's graphs use, every input of those graphs as the sidecar defines
 * it (names, required inputs, types, a combo's options, link types), and the model files its loaders list. Checked
 * in the background when the worker starts, then again whenever a capability report finds the last check older than
 * {@link #REFRESH}, so reports answer from memory and never wait on it. It is the worker's {@link GpuEngine} for
 * workflows: when the GPU passes to ONNX Runtime, ComfyUI is asked to unload its models.
 */
public final class ComfySidecar implements Prerequisite, GpuEngine {
    private static final Logger LOG = Logger.getLogger(ComfySidecar.class);
    static final Duration REFRESH = Duration.ofSeconds(10);
    /** How long the first capability report waits for the check begun at start (a reachable sidecar takes ms). */
    static final Duration FIRST_CHECK_WAIT = Duration.ofSeconds(6);
    /**
     * How often the node classes are listed again while the sidecar stays up. why: {@code /object_info} describes
     * every node (megabytes with many custom nodes) and changes only when ComfyUI restarts, which the version check
     * in between notices only as an outage.
     */
    static final Duration NODES_REFRESH = Duration.ofMinutes(5);

    /** What the last check found. */
    public record Status(Optional<String> problem, Optional<ComfyVersion> version, Set<String> nodeClasses,
            ComfyNodeDefinitions definitions, ComfyVisibleFiles files, long checkedNanos, long nodesNanos) {
    }

    /** How many of a model's misfits a reason names (the rest are counted). */
    private static final int MISFITS_SHOWN = 3;

    private final ComfySettings settings;
    private final Optional<ComfyClient> client;
    private final Map<ModelSpec, List<ComfyGraph>> graphs;
    private final Map<ModelSpec, Set<String>> requiredNodes;
    private final Map<ModelSpec, ComfyModel> models;
    /** Each model's misfits against the definitions of the last listing (reset when the sidecar is listed again). */
    private final Map<ModelSpec, Optional<String>> misfits = new ConcurrentHashMap<>();
    /** Each GPU's {used, total} bytes as a sidecar last reported them (per process: one sidecar per worker). */
    private static final Map<String, long[]> VRAM = new ConcurrentHashMap<>();
    private final AtomicBoolean checking = new AtomicBoolean();
    private final CountDownLatch firstCheck = new CountDownLatch(1);
    private volatile Status status;

    public ComfySidecar(ComfySettings settings) {
        this(settings, Map.of());
    }

    /** @param graphs a graph per mode of each model, which the sidecar's node definitions must accept */
    public ComfySidecar(ComfySettings settings, Map<ModelSpec, List<ComfyGraph>> graphs) {
        this(settings, graphs, Map.of());
    }

    /**
     * @param graphs a graph per mode of each model, which the sidecar's node definitions must accept
     * @param models the files each model's workflows load, which the sidecar's loaders must list
     */
    public ComfySidecar(ComfySettings settings, Map<ModelSpec, List<ComfyGraph>> graphs,
            Map<ModelSpec, ComfyModel> models) {
        this.settings = settings;
        this.client = settings.apiUrl().map(URI::create).map(ComfyClient::new);
        this.graphs = Map.copyOf(graphs);
        Map<ModelSpec, Set<String>> nodes = new HashMap<>();
        graphs.forEach((model, gs) -> nodes.put(model, gs.stream().flatMap(g -> g.nodes().values().stream())
                .map(ComfyNode::classType).collect(Collectors.toUnmodifiableSet())));
        this.requiredNodes = Map.copyOf(nodes);
        this.models = Map.copyOf(models);
        if (client.isPresent()) {
            checkInBackground(); // why: at worker start, so the first capability report already knows
        }
    }

    public ComfySettings settings() {
        return settings;
    }

    @Override
    public Optional<String> unmetFor(ModelSpec model) {
        if (client.isEmpty()) {
            return Optional.of("COMFY_API_URL is not set on the workers of the " + model.queue().id() + " queue: "
                    + model.id() + " runs on a ComfyUI sidecar (see README, ComfyUI sidecar)");
        }
        // why: the worker's first capability report comes right after start; answering "being checked" then made
        // the API refuse workflows until the next report, 10 s later, though the sidecar answers in ms
        Status s = status != null ? status : awaitFirstCheck();
        if (s == null) {
            return Optional.of("the ComfyUI sidecar (COMFY_API_URL) is being checked");
        }
        if (System.nanoTime() - s.checkedNanos() > REFRESH.toNanos()) {
            checkInBackground();
        }
        return s.problem().or(() -> missingNodes(model, s)).or(() -> misfits(model, s))
                .or(() -> invisibleFiles(model, s));
    }

    private Status awaitFirstCheck() {
        try {
            firstCheck.await(FIRST_CHECK_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return status;
    }

    /** Checks on a virtual thread unless a check runs already: capability reports must not wait on the sidecar. */
    private void checkInBackground() {
        if (checking.compareAndSet(false, true)) {
            Thread.ofVirtual().name("comfy-check").start(() -> {
                try {
                    check();
                } finally {
                    checking.set(false);
                }
            });
        }
    }

    private Optional<String> missingNodes(ModelSpec model, Status s) {
        Set<String> missing = new TreeSet<>(requiredNodes.getOrDefault(model, Set.of()));
        missing.removeAll(s.nodeClasses());
        return missing.isEmpty() ? Optional.empty() : Optional.of("the ComfyUI sidecar (COMFY_API_URL) lacks the "
                + "node classes " + String.join(", ", missing) + " that " + model.id() + " needs");
    }

    /**
     * Where the model's graphs do not fit the sidecar's own node definitions (an input renamed or added as required, an
     * option gone, a link type changed): ComfyUI would refuse every such prompt, so the model is not offered. Computed
     * once per listing of the definitions.
     */
    private Optional<String> misfits(ModelSpec model, Status s) {
        if (s.definitions() == ComfyNodeDefinitions.EMPTY) {
            return Optional.empty();
        }
        return misfits.computeIfAbsent(model, m -> {
            Set<String> files = Optional.ofNullable(models.get(m)).map(c -> c.files().stream()
                    .map(ComfyModelFile::fileName).collect(Collectors.toUnmodifiableSet())).orElse(Set.of());
            List<String> problems = graphs.getOrDefault(m, List.of()).stream()
                    .flatMap(g -> ComfyGraphCheck.problems(g, s.definitions(), files).stream()).distinct().toList();
            if (problems.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of("the ComfyUI sidecar (COMFY_API_URL) defines its nodes otherwise than the workflows of "
                    + m.id() + " use them (" + String.join("; ", problems.stream().limit(MISFITS_SHOWN)
                    .map(ComfySidecar::shorten).toList()) + (problems.size() > MISFITS_SHOWN ? "; and "
                    + (problems.size() - MISFITS_SHOWN) + " more" : "") + "): run the ComfyUI release the README "
                    + "pins, or a build whose workflows fit this one");
        });
    }

    private static String shorten(String problem) {
        return problem.length() <= 200 ? problem : problem.substring(0, 199) + "…";
    }

    private Optional<String> invisibleFiles(ModelSpec model, Status s) {
        ComfyModel files = models.get(model);
        List<ComfyModelFile> missing = files == null ? List.of() : s.files().missing(files);
        return missing.isEmpty() ? Optional.empty() : Optional.of("the ComfyUI sidecar (COMFY_API_URL) does not list "
                + "the files " + String.join(", ", missing.stream().map(f -> f.fileName() + " ("
                + f.folder().folder() + ")").toList()) + " that " + model.id() + " loads: run ./ddiffusion models "
                + "pull " + model.id() + " with " + ComfySettings.MODELS_DIR + " set to ComfyUI's models folder (see "
                + "README, Models on the sidecar)");
    }

    /**
     * The client, after a fresh check when the last one found a problem (the sidecar may have come up since).
     *
     * @throws ComfyException saying what is wrong when the sidecar cannot run workflows
     */
    public ComfyClient ready() {
        ComfyClient c = client.orElseThrow(() -> new ComfyException("COMFY_API_URL is not set on this worker: "
                + "workflows run on a ComfyUI sidecar (see README, ComfyUI sidecar)"));
        Status s;
        synchronized (this) {
            // why: after a check already under way (the one at start), so the sidecar is not asked twice at once
            s = status;
            if (s == null || s.problem().isPresent()) {
                s = check();
            }
        }
        s.problem().ifPresent(p -> {
            throw new ComfyException(p);
        });
        return c;
    }

    @Override
    public Kind gpuEngineKind() {
        return Kind.COMFYUI;
    }

    /** Always: whether ComfyUI runs on a GPU is its own setting; a worker whose sidecar has no GPU is not shared. */
    @Override
    public boolean usesGpu() {
        return true;
    }

    /**
     * {@code POST /free {"unload_models": true, "free_memory": true}}: ComfyUI unloads every model and empties its
     * caches once it is idle. why both: unloading alone keeps the execution cache's tensors, which ONNX Runtime
     * then cannot have.
     *
     * @throws ComfyException when the sidecar did not accept it
     */
    @Override
    public void freeGpu(Consumer<String> log) {
        ComfyClient c = client.orElseThrow(() -> new ComfyException("COMFY_API_URL is not set"));
        c.free(true, true).ifPresent(why -> {
            throw new ComfyException("POST /free to the ComfyUI sidecar failed: " + why);
        });
        log.accept("Asked ComfyUI to unload its models and free its memory (POST /free)");
    }

    /** The node classes the sidecar had at the last check. */
    public Set<String> nodeClasses() {
        Status s = status;
        return s == null ? Set.of() : s.nodeClasses();
    }

    /** The node classes as the sidecar lists them now: custom nodes installed since the last listing count. */
    public synchronized Set<String> recheckNodes() {
        Status s = status;
        if (s != null) {
            status = new Status(s.problem(), s.version(), s.nodeClasses(), s.definitions(), s.files(),
                    s.checkedNanos(), s.checkedNanos() - NODES_REFRESH.toNanos() - 1);
        }
        return check().nodeClasses();
    }

    /** Checks the sidecar now and remembers what it found; logs when the verdict changes. */
    public synchronized Status check() {
        ComfyClient c = client.orElseThrow();
        Status before = status;
        Status now;
        try {
            JsonNode stats = c.systemStats(Duration.ofSeconds(5));
            recordVram(stats.path("devices"));
            String reported = stats.path("system").path("comfyui_version").asText("");
            Optional<ComfyVersion> version = ComfyVersion.parse(reported);
            if (version.isEmpty()) {
                now = problem("the ComfyUI sidecar (COMFY_API_URL) does not report a release number "
                        + "(system_stats comfyui_version '" + reported + "'); this build needs ComfyUI "
                        + ComfyVersion.MINIMUM + " or newer (see README, ComfyUI sidecar)", Optional.empty());
            } else if (version.get().compareTo(ComfyVersion.MINIMUM) < 0) {
                now = problem("the ComfyUI sidecar (COMFY_API_URL) runs ComfyUI " + version.get() + "; this build "
                        + "needs " + ComfyVersion.MINIMUM + " or newer (see README, ComfyUI sidecar)", version);
            } else if (before != null && before.problem().isEmpty() && before.version().equals(version)
                    && System.nanoTime() - before.nodesNanos() < NODES_REFRESH.toNanos()) {
                now = new Status(Optional.empty(), version, before.nodeClasses(), before.definitions(),
                        before.files(), System.nanoTime(), before.nodesNanos());
            } else {
                Set<String> classes = new HashSet<>();
                JsonNode info = c.objectInfo(Duration.ofSeconds(30));
                info.fieldNames().forEachRemaining(classes::add);
                long at = System.nanoTime();
                ComfyNodeDefinitions definitions = ComfyNodeDefinitions.fromObjectInfo(info);
                now = new Status(Optional.empty(), version, Set.copyOf(classes), definitions,
                        ComfyVisibleFiles.of(definitions), at, at);
                misfits.clear();
            }
        } catch (IOException e) {
            now = problem("the ComfyUI sidecar (COMFY_API_URL) is not reachable (" + describe(e) + "); start it "
                    + "or fix COMFY_API_URL (see README, ComfyUI sidecar)", Optional.empty());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            now = problem("the check of the ComfyUI sidecar was interrupted", Optional.empty());
        }
        status = now;
        firstCheck.countDown();
        if (before == null || !before.problem().equals(now.problem())) {
            if (now.problem().isPresent()) {
                LOG.warnf("%s [%s]", now.problem().get(), url());
            } else {
                LOG.infof("ComfyUI sidecar at %s: ComfyUI %s, %d node classes", url(), now.version().orElseThrow(),
                        now.nodeClasses().size());
            }
        }
        return now;
    }

    /**
     * Keeps each device's memory as {@code /system_stats} reported it last (name, {@code vram_total},
     * {@code vram_free}), exported as {@code ddiffusion_gpu_memory_bytes}: the sidecar is where a ComfyUI worker can
     * see its GPU without a driver library of its own.
     */
    private void recordVram(JsonNode devices) {
        for (JsonNode d : devices) {
            String name = d.path("name").asText("");
            if (name.isEmpty() || !d.path("vram_total").canConvertToLong() || d.path("vram_total").asLong() <= 0) {
                continue; // the CPU "device" of a CPU-only ComfyUI reports no VRAM
            }
            long total = d.path("vram_total").asLong();
            long used = total - d.path("vram_free").asLong(total);
            if (VRAM.put(name, new long[] {used, total}) == null) {
                TaskMetrics metrics = TaskMetrics.global();
                metrics.gpuMemory(name, "used", VRAM, m -> m.getOrDefault(name, new long[] {0, 0})[0]);
                metrics.gpuMemory(name, "total", VRAM, m -> m.getOrDefault(name, new long[] {0, 0})[1]);
            }
        }
    }

    private static String describe(IOException e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static Status problem(String why, Optional<ComfyVersion> version) {
        return new Status(Optional.of(why), version, Set.of(), ComfyNodeDefinitions.EMPTY, ComfyVisibleFiles.UNKNOWN,
                System.nanoTime(), 0);
    }

    /** The sidecar's address for the worker's log, credentials left out; never in messages users see. */
    private String url() {
        return client.map(c -> c.base()).map(u -> u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? ""
                : ":" + u.getPort()) + u.getPath()).orElse("(unset)");
    }
}
