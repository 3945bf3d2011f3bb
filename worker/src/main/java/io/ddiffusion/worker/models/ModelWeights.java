package io.ddiffusion.worker.models;

import io.ddiffusion.schema.common.Queue;
import io.ddiffusion.worker.models.ComponentStatus.State;
import io.ddiffusion.worker.models.hub.HubCache;
import io.ddiffusion.worker.models.hub.HubDownloader;
import io.ddiffusion.worker.models.hub.HubException;
import io.ddiffusion.worker.models.hub.HubFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The store pipelines get their weights from: the {@code huggingface_hub} cache, filled from the Hub (or a mirror) on
 * demand when allowed. Thread-safe; concurrent callers (threads or processes) download a file once.
 */
public final class ModelWeights {

    private final HubDownloader downloader;
    private final boolean downloadsAllowed;

    /**
     * @param downloader the Hub client and cache
     * @param downloadsAllowed whether {@link #ensure} may download missing files ({@code DDIFFUSION_MODEL_DOWNLOADS})
     */
    public ModelWeights(HubDownloader downloader, boolean downloadsAllowed) {
        this.downloader = Objects.requireNonNull(downloader);
        this.downloadsAllowed = downloadsAllowed;
    }

    /** The store the project's settings describe. */
    public static ModelWeights from(LocalModelSettings settings) {
        return new ModelWeights(new HubDownloader(settings.hub()), settings.downloads());
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
        List<ModelComponent> missing = missing(model);
        if (!missing.isEmpty() && !downloadsAllowed) {
            throw new ModelNotCachedException(model, missing, cache().root(),
                    "downloads are turned off (DDIFFUSION_MODEL_DOWNLOADS=false)");
        }
        refuseOffline(model, missing);
        return fetchAll(model, log, false);
    }

    /**
     * Makes every component of the model present and intact, for {@code ./ddiffusion models pull}: re-hashes the
     * cached files, replaces a corrupt one, downloads the missing ones. Downloads even when tasks may not
     * ({@code DDIFFUSION_MODEL_DOWNLOADS=false}: pulling is how such sites fill their cache), but never with
     * {@code HF_HUB_OFFLINE}.
     */
    public ModelPaths pull(LocalModel model, Consumer<String> log) {
        refuseOffline(model, missing(model));
        return fetchAll(model, log, true);
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
        int unpinned = model.unpinned().size();
        if (unpinned > 0) {
            return Optional.of(notPinned(model) + " (see worker/docs/local-model-exports.md)");
        }
        if (missing(model).isEmpty()) {
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
        if (!model.isPinned()) {
            return Optional.of(notPinned(model) + ": " + model.describeUnpinned() + ". A maintainer pins them with "
                    + "./ddiffusion models pin REPO COMMIT FILE… on a machine with Hub access (see " + docs + ")");
        }
        List<ModelComponent> missing = missing(model);
        return missing.isEmpty() ? Optional.empty() : Optional.of("weights not pulled: run ./ddiffusion models pull "
                + model.name() + " on the workers of the " + queue.id() + " queue (" + missing.size() + " of the "
                + model.components().size() + " files are not in the Hugging Face cache; tasks do not download them)");
    }

    private static String notPinned(LocalModel model) {
        return "weights not pinned in this build: " + model.unpinned().size() + " of the " + model.components().size()
                + " files of " + model.name() + " have no verified sha256 yet";
    }

    /** What the cache holds for each component, judged by size only (cheap: for listings). */
    public List<ComponentStatus> status(LocalModel model) {
        return model.components().stream().map(c -> new ComponentStatus(c, c.file()
                .map(f -> cache().find(f).isPresent() ? State.CACHED : State.MISSING).orElse(State.NOT_PINNED)))
                .toList();
    }

    /** What the cache holds for each component, re-hashing every cached file against its pinned sha256. */
    public List<ComponentStatus> verify(LocalModel model) {
        return model.components().stream().map(c -> new ComponentStatus(c, c.file().map(this::verify)
                .orElse(State.NOT_PINNED))).toList();
    }

    private State verify(HubFile file) {
        if (cache().find(file).isEmpty()) {
            return State.MISSING;
        }
        return cache().find(file, true).isPresent() ? State.CACHED : State.CORRUPT;
    }

    private List<ModelComponent> missing(LocalModel model) {
        if (!model.isPinned()) {
            throw new ModelNotPinnedException(model);
        }
        return model.components().stream().filter(c -> cache().find(c.file().orElseThrow()).isEmpty()).toList();
    }

    private ModelPaths fetchAll(LocalModel model, Consumer<String> log, boolean verify) {
        List<ModelComponent> missing = missing(model);
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
