package io.ddiffusion.worker.models;

import io.ddiffusion.schema.common.Queue;
import io.ddiffusion.worker.models.ComponentStatus.State;
import io.ddiffusion.worker.models.hub.HubCache;
import io.ddiffusion.worker.models.hub.HubDownloader;
import io.ddiffusion.worker.models.hub.HubException;
import io.ddiffusion.worker.models.hub.HubFile;
import io.ddiffusion.worker.models.hub.HubPins;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The store pipelines get their weights from: the {@code huggingface_hub} cache, filled from the Hub (or a mirror) on
 * demand when allowed. Files the build pins only by commit are pinned on first download by what the Hub reports at
 * that commit, kept in the {@linkplain ModelLock lock file} and checked like the build's pins from then on.
 * Thread-safe; concurrent callers (threads or processes) download a file once.
 */
public final class ModelWeights {

    private final HubDownloader downloader;
    private final boolean downloadsAllowed;
    private final ModelLock lock;

    /**
     * @param downloader the Hub client and cache
     * @param downloadsAllowed whether {@link #ensure} may download missing files ({@code DDIFFUSION_MODEL_DOWNLOADS})
     * @param lock this installation's pins taken from the Hub
     */
    public ModelWeights(HubDownloader downloader, boolean downloadsAllowed, ModelLock lock) {
        this.downloader = Objects.requireNonNull(downloader);
        this.downloadsAllowed = downloadsAllowed;
        this.lock = Objects.requireNonNull(lock);
    }

    /** A store whose lock file is the default one beside the cache. */
    public ModelWeights(HubDownloader downloader, boolean downloadsAllowed) {
        this(downloader, downloadsAllowed, new ModelLock(ModelLock.besideCache(downloader.cache().root())));
    }

    /** The store the project's settings describe. */
    public static ModelWeights from(LocalModelSettings settings) {
        return new ModelWeights(new HubDownloader(settings.hub()), settings.downloads(),
                new ModelLock(settings.modelLock()));
    }

    /** The lock file this store reads and fills. */
    public ModelLock lock() {
        return lock;
    }

    /**
     * The model as this installation pins it: each component the build leaves unpinned but the lock file pins (within
     * what the build records) becomes pinned by that entry.
     */
    public LocalModel resolve(LocalModel model) {
        if (model.isPinned()) {
            return model;
        }
        return new LocalModel(model.name(), model.description(), model.components().stream()
                .map(c -> c.isPinned() ? c : lock.find(c).map(c::lockedTo).orElse(c)).toList());
    }

    /** The cached file of a component (pinned by the build or the lock file), by size, if present. */
    public Optional<Path> cached(ModelComponent component) {
        return component.file().or(() -> lock.find(component)).flatMap(f -> cache().find(f));
    }

    /** The cache this store reads and fills. */
    public HubCache cache() {
        return downloader.cache();
    }

    /**
     * Returns the local paths of every component of the model, for a task about to run it. Files already cached (with
     * their pinned size) are used as they are; missing ones are downloaded first when allowed, with progress lines
     * into {@code log}. Otherwise it fails at once, before any download, naming the model and the
     * {@code ./ddiffusion models pull} command.
     *
     * @throws ModelNotPinnedException when the build carries no verified pin for some file of the model
     * @throws ModelNotCachedException when files are missing and {@code HF_HUB_OFFLINE} is set or downloads are off
     * @throws ModelWeightsException when a download fails (the message names the file; nothing corrupt is kept)
     */
    public ModelPaths ensure(LocalModel model, Consumer<String> log) {
        LocalModel resolved = resolve(model);
        List<ModelComponent> missing = missing(resolved, false);
        if (!missing.isEmpty() && !downloadsAllowed) {
            throw new ModelNotCachedException(model, missing, cache().root(),
                    "downloads are turned off (DDIFFUSION_MODEL_DOWNLOADS=false)");
        }
        refuseOffline(model, missing);
        return fetchAll(lockFromHub(resolved, log, false), log, false);
    }

    /**
     * Makes every component of the model present and intact, for {@code ./ddiffusion models pull}: re-hashes the
     * cached files, replaces a corrupt one, downloads the missing ones. Downloads even when tasks may not
     * ({@code DDIFFUSION_MODEL_DOWNLOADS=false}: pulling is how such sites fill their cache), but never with
     * {@code HF_HUB_OFFLINE}.
     */
    public ModelPaths pull(LocalModel model, Consumer<String> log) {
        return pull(model, log, false);
    }

    /**
     * Like {@link #pull(LocalModel, Consumer)}; with {@code latest}, files the build records no commit for are also
     * pinned, at the commit {@code main} points at now (the operator's explicit choice, kept in the lock file).
     */
    public ModelPaths pull(LocalModel model, Consumer<String> log, boolean latest) {
        LocalModel resolved = resolve(model);
        refuseOffline(model, missing(resolved, latest));
        return fetchAll(lockFromHub(resolved, log, latest), log, true);
    }

    /**
     * Pins each lockable component from the Hub: the commit the build records (a prefix found in main's history), or
     * main's current commit with {@code latest}; size and sha256 as the Hub reports them there; refused when they
     * contradict what the build records. The file is downloaded and verified against that pin before the pin is
     * written to the lock file, so the lock never names bytes nobody checked.
     */
    private LocalModel lockFromHub(LocalModel model, Consumer<String> log, boolean latest) {
        if (model.components().stream().noneMatch(c -> c.lockable(latest))) {
            return model;
        }
        HubPins pins = new HubPins(downloader.settings());
        List<ModelComponent> locked = new ArrayList<>();
        for (ModelComponent c : model.components()) {
            if (!c.lockable(latest)) {
                locked.add(c);
                continue;
            }
            try {
                String commit = pins.commitOf(c.repo(), c.recorded().commit());
                HubFile pin = pins.pin(c.repo(), commit, List.of(c.path())).getFirst();
                if (!c.recorded().admits(pin)) {
                    throw new ModelWeightsException("the Hub reports " + describe(pin) + " for " + c.where()
                            + " of " + model.name() + ", which contradicts what this build records ("
                            + describe(c.recorded()) + "); nothing was locked");
                }
                log.accept("locking " + model.name() + " " + c.role() + " to " + describe(pin) + " as the Hub "
                        + "reports it (" + lock.file() + ")");
                ModelComponent pinned = c.lockedTo(pin);
                fetch(model, pinned, log, true);
                lock.record(pin, Instant.now());
                locked.add(pinned);
            } catch (HubException e) {
                throw new ModelWeightsException("cannot pin " + c.where() + " of " + model.name() + " from the Hub: "
                        + e.getMessage(), e);
            }
        }
        return new LocalModel(model.name(), model.description(), locked);
    }

    private static String describe(HubFile pin) {
        return String.format(Locale.ROOT, "commit %s, %,d bytes, sha256 %s", pin.revision().substring(0, 12),
                pin.size(), pin.sha256());
    }

    private static String describe(ModelComponent.Recorded recorded) {
        List<String> parts = new ArrayList<>();
        parts.add(recorded.commit().isEmpty() ? "no commit" : "commit " + recorded.commit());
        recorded.size().ifPresent(b -> parts.add(String.format(Locale.ROOT, "%,d bytes", b)));
        recorded.sha256().ifPresent(h -> parts.add("sha256 " + h));
        return String.join(", ", parts);
    }

    private void refuseOffline(LocalModel model, List<ModelComponent> missing) {
        if (!missing.isEmpty() && downloader.settings().offline()) {
            throw new ModelNotCachedException(model, missing, cache().root(), "HF_HUB_OFFLINE is set");
        }
    }

    /**
     * Why a task could not get the weights of {@code model} now, saying what to do: the build pins no verified
     * hash for some file, or files are missing while tasks may not download them. Empty when every file is cached
     * (by size) or may be downloaded by the first task. Cheap: file sizes only.
     *
     * @param queue the queue whose workers run the model, named in the advice
     */
    public Optional<String> unavailableReason(LocalModel model, Queue queue) {
        LocalModel resolved;
        try {
            resolved = resolve(model);
        } catch (ModelWeightsException e) {
            return Optional.of(e.getMessage());
        }
        if (resolved.components().stream().anyMatch(c -> !c.isPinned() && !c.lockable(false))) {
            return Optional.of(notPinned(resolved) + " (see worker/docs/local-model-exports.md)");
        }
        if (missing(resolved, false).isEmpty()) {
            return Optional.empty();
        }
        String why = downloader.settings().offline() ? "HF_HUB_OFFLINE is set"
                : !downloadsAllowed ? "DDIFFUSION_MODEL_DOWNLOADS=false" : null;
        return why == null ? Optional.empty() : Optional.of("weights not pulled: run ./ddiffusion models pull "
                + model.name() + " on the workers of the " + queue.id() + " queue (tasks may not download them: "
                + why + ")");
    }

    /**
     * Why a task could not run {@code model}, for models whose tasks never download: files a sidecar loads by name
     * must be pulled (and made visible to it) beforehand. Unpinned files are named with what the manifest records
     * and lacks; pinned files missing from the cache name the pull command. Cheap: file sizes only.
     *
     * @param queue the queue whose workers run the model, named in the advice
     * @param docs where the model's files are described, named with unpinned ones
     */
    public Optional<String> unavailableUntilPulled(LocalModel model, Queue queue, String docs) {
        LocalModel resolved;
        try {
            resolved = resolve(model);
        } catch (ModelWeightsException e) {
            return Optional.of(e.getMessage());
        }
        List<ModelComponent> noCommit = resolved.unpinned().stream().filter(c -> !c.lockable(false)).toList();
        if (!noCommit.isEmpty()) {
            return Optional.of("weights not pinned in this build: " + noCommit.size() + " of the "
                    + model.components().size() + " files of " + model.name() + " have no commit recorded ("
                    + String.join(", ", noCommit.stream().map(ModelComponent::role).toList()) + "). Either the "
                    + "operator locks the Hub's current files with ./ddiffusion models pull " + model.name()
                    + " --lock-latest on the workers of the " + queue.id() + " queue, or a maintainer pins them with "
                    + "./ddiffusion models pin REPO COMMIT FILE… (see " + docs + ")");
        }
        List<ModelComponent> missing = missing(resolved, false);
        return missing.isEmpty() ? Optional.empty() : Optional.of("weights not pulled: run ./ddiffusion models pull "
                + model.name() + " on the workers of the " + queue.id() + " queue (" + missing.size() + " of the "
                + model.components().size() + " files are not in the Hugging Face cache; tasks do not download them)");
    }

    private static String notPinned(LocalModel model) {
        long unknown = model.components().stream().filter(c -> !c.isPinned() && !c.lockable(false)).count();
        return "weights not pinned in this build: " + unknown + " of the " + model.components().size()
                + " files of " + model.name() + " have neither a verified sha256 nor a commit";
    }

    /** What the cache holds for each component, judged by size only (cheap: for listings). */
    public List<ComponentStatus> status(LocalModel model) {
        return resolve(model).components().stream().map(c -> new ComponentStatus(c, c.file()
                .map(f -> cache().find(f).isPresent() ? State.CACHED : State.MISSING).orElseGet(() -> unpinned(c))))
                .toList();
    }

    private static State unpinned(ModelComponent c) {
        return c.lockable(false) ? State.NOT_LOCKED : State.NOT_PINNED;
    }

    /** Whether a pull can make every file of the model present: each pinned, or lockable ({@code latest}: all are). */
    public boolean pullable(LocalModel model, boolean latest) {
        return resolve(model).components().stream().allMatch(c -> c.isPinned() || c.lockable(latest));
    }

    /** What the cache holds for each component, re-hashing every cached file against its pinned sha256. */
    public List<ComponentStatus> verify(LocalModel model) {
        return resolve(model).components().stream().map(c -> new ComponentStatus(c, c.file().map(this::verify)
                .orElseGet(() -> unpinned(c)))).toList();
    }

    private State verify(HubFile file) {
        if (cache().find(file).isEmpty()) {
            return State.MISSING;
        }
        return cache().find(file, true).isPresent() ? State.CACHED : State.CORRUPT;
    }

    /**
     * The components of a resolved model not in the cache; those the build and lock leave unpinned count as missing
     * when a pull may lock them from the Hub.
     *
     * @throws ModelNotPinnedException when some component is neither pinned nor lockable
     */
    private List<ModelComponent> missing(LocalModel model, boolean latest) {
        if (model.components().stream().anyMatch(c -> !c.isPinned() && !c.lockable(latest))) {
            throw new ModelNotPinnedException(model);
        }
        return model.components().stream().filter(c -> c.file().flatMap(f -> cache().find(f)).isEmpty()).toList();
    }

    private ModelPaths fetchAll(LocalModel model, Consumer<String> log, boolean verify) {
        List<ModelComponent> missing = missing(model, false);
        if (!missing.isEmpty()) {
            log.accept("downloading " + missing.size() + " of the " + model.components().size() + " files of "
                    + model.name() + " (" + ByteSize.human(missing.stream().mapToLong(c -> c.file().orElseThrow()
                    .size()).sum()) + ") into " + cache().root());
        }
        Map<String, Path> paths = new LinkedHashMap<>();
        for (ModelComponent c : model.components()) {
            paths.put(c.role(), fetch(model, c, log, verify));
        }
        if (!missing.isEmpty()) {
            log.accept("the weights of " + model.name() + " are ready");
        }
        return new ModelPaths(model.name(), paths);
    }

    private Path fetch(LocalModel model, ModelComponent component, Consumer<String> log, boolean verify) {
        HubFile file = component.file().orElseThrow();
        var progress = new ProgressLines(model.name() + " " + component.role() + " (" + file.path() + ")", log);
        try {
            return verify ? downloader.fetchVerified(file, progress) : downloader.fetch(file, progress);
        } catch (HubException e) {
            throw new ModelWeightsException("cannot fetch the weights of " + model.name() + ": " + e.getMessage(), e);
        }
    }

    /** The models whose components are all cached (by size), e.g. to advertise what a worker can serve. */
    public List<LocalModel> cached(LocalModels catalogue) {
        List<LocalModel> cached = new ArrayList<>();
        for (LocalModel m : catalogue.all()) {
            if (status(m).stream().allMatch(s -> s.state() == State.CACHED)) {
                cached.add(m);
            }
        }
        return cached;
    }
}
