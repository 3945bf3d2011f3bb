package io.ddiffusion.app.cli;

import io.ddiffusion.core.config.ComfySettings;
import io.ddiffusion.worker.builtin.BuiltInModels;
import io.ddiffusion.worker.comfy.ComfyModel;
import io.ddiffusion.worker.comfy.ComfyModelFile;
import io.ddiffusion.worker.comfy.ComfyModelLinks;
import io.ddiffusion.worker.models.LocalModelSettings;
import io.ddiffusion.app.PlainLogging;
import io.ddiffusion.core.config.Env;
import io.ddiffusion.worker.models.ByteSize;
import io.ddiffusion.worker.models.ComponentStatus;
import io.ddiffusion.worker.models.ComponentStatus.State;
import io.ddiffusion.worker.models.LocalModel;
import io.ddiffusion.worker.models.LocalModels;
import io.ddiffusion.worker.models.ModelWeights;
import io.ddiffusion.worker.models.ModelWeightsException;
import io.ddiffusion.worker.models.hub.HubException;
import io.ddiffusion.worker.models.hub.HubFile;
import io.ddiffusion.worker.models.hub.HubPins;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The local models' weights from the command line, in the Hugging Face cache the workers read ({@code HF_HOME},
 * {@code HF_HUB_CACHE}), from the Hub or a mirror ({@code HF_ENDPOINT}). Runs without Quarkus.
 */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List, download and check the pinned weights of the local models (Hugging Face cache).")
final class ModelsCommand {

    private final LocalModels catalogue;
    private final List<ComfyModel> comfy;
    private final Supplier<LocalModelSettings> settings;
    private final Supplier<Optional<Path>> comfyModelsDir;

    @Spec
    CommandSpec spec;

    ModelsCommand() {
        this(BuiltInModels.LOCAL, BuiltInModels.COMFY, () -> {
            PlainLogging.install();
            return LocalModelSettings.from(Env.system());
        }, () -> ComfySettings.from(Env.system()).modelsDir());
    }

    /** A command on another catalogue and settings (tests: a fake Hub and a temporary cache). */
    ModelsCommand(LocalModels catalogue, Supplier<LocalModelSettings> settings) {
        this(catalogue, List.of(), settings, Optional::empty);
    }

    /**
     * @param comfy the models of the catalogue that run on ComfyUI, whose files pull and verify link for it
     * @param comfyModelsDir ComfyUI's models folder ({@code DDIFFUSION_COMFY_MODELS_DIR}), if set
     */
    ModelsCommand(LocalModels catalogue, List<ComfyModel> comfy, Supplier<LocalModelSettings> settings,
            Supplier<Optional<Path>> comfyModelsDir) {
        this.catalogue = catalogue;
        this.comfy = List.copyOf(comfy);
        this.settings = settings;
        this.comfyModelsDir = comfyModelsDir;
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Each model with its files (repo@commit:path), size and cache state: cached, missing or "
                    + "not pinned. Cached means present with the pinned size; 'verify' checks the bytes.")
    int list() {
        ModelWeights weights = ModelWeights.from(settings.get());
        PrintWriter out = spec.commandLine().getOut();
        out.println("Hugging Face cache: " + weights.cache().root());
        out.println("Lock file (pins taken from the Hub): " + weights.lock().file());
        for (LocalModel declared : catalogue.all()) {
            LocalModel model = weights.resolve(declared);
            List<ComponentStatus> states = weights.status(model);
            out.printf("%n%s  %s  %s%n    %s%n", model.name(), summary(states), model.isPinned()
                    ? ByteSize.human(model.size()) : "size unknown", model.description());
            // why: one reason shared by every file (a model's eight) reads better once than eight times
            List<String> reasons = model.unpinned().stream().map(c -> c.missing()).distinct().toList();
            boolean shared = reasons.size() == 1 && model.unpinned().size() == model.components().size();
            if (shared) {
                out.println("    not pinned: " + reasons.getFirst());
            }
            for (ComponentStatus s : states) {
                out.printf("    %-20s %-10s %-10s %s%s%n", s.component().role(), label(s.state()),
                        s.component().file().map(f -> ByteSize.human(f.size())).orElse(""), s.component().where(),
                        s.component().locked() ? " (lock file)" : "");
                if (!s.component().isPinned() && !shared) {
                    out.printf("    %-20s %s%n", "", s.component().missing());
                }
            }
        }
        return 0;
    }

    @Command(name = "pull", mixinStandardHelpOptions = true,
            description = "Download the named models (default: every model with a verified pin) into the cache, "
                    + "re-checking cached files and replacing a corrupt one. Progress goes to stderr.")
    int pull(@Parameters(paramLabel = "NAME", arity = "0..*", description = "Model names (see 'models list').")
            List<String> names,
            @Option(names = "--lock-latest", description = "Also pin the files this build records no commit for, at "
                    + "the commit main points at now, in this installation's lock file (DDIFFUSION_MODEL_LOCK).")
            boolean latest) {
        List<LocalModel> models = select(names);
        ModelWeights weights = ModelWeights.from(settings.get());
        PrintWriter err = spec.commandLine().getErr();
        int failed = 0;
        for (LocalModel model : models) {
            if (!weights.pullable(model, latest) && (names == null || names.isEmpty())) {
                err.println("skipped " + model.name() + ": this build records neither a pin nor a commit for some "
                        + "of its files ('models list' shows what is missing; --lock-latest pins them at the Hub's "
                        + "current commit)");
                failed++;
                continue;
            }
            try {
                weights.pull(model, err::println, latest);
                LocalModel pulled = weights.resolve(model);
                spec.commandLine().getOut().println(model.name() + ": ready (" + ByteSize.human(pulled.size()) + ")");
                failed += linkForComfy(model, weights) ? 0 : 1;
            } catch (ModelWeightsException e) {
                err.println("error: " + e.getMessage());
                failed++;
            }
        }
        return failed == 0 ? 0 : 1;
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Re-hash the cached files of the named models (default: all) against their pinned sha256. "
                    + "Exits 1 when a file is corrupt, or when a named model is missing or not pinned.")
    int verify(@Parameters(paramLabel = "NAME", arity = "0..*", description = "Model names (see 'models list').")
            List<String> names) {
        boolean named = names != null && !names.isEmpty();
        ModelWeights weights = ModelWeights.from(settings.get());
        PrintWriter out = spec.commandLine().getOut();
        boolean ok = true;
        for (LocalModel model : select(names)) {
            List<ComponentStatus> states = weights.verify(model);
            out.println(model.name() + ": " + summary(states));
            for (ComponentStatus s : states) {
                if (s.state() != State.CACHED) {
                    out.printf("    %-20s %-10s %s%n", s.component().role(), label(s.state()), s.component().where());
                }
                ok &= s.state() == State.CACHED || (!named && s.state() != State.CORRUPT);
            }
            if (states.stream().allMatch(s -> s.state() == State.CACHED)) {
                ok &= linkForComfy(model, weights);
            }
        }
        return ok ? 0 : 1;
    }

    /**
     * For a model that runs on ComfyUI, links its cached files into ComfyUI's models folder, or says how to make
     * ComfyUI see them; false when linking failed.
     */
    private boolean linkForComfy(LocalModel model, ModelWeights weights) {
        Optional<ComfyModel> onComfy = comfy.stream().filter(m -> m.name().equals(model.name())).findFirst();
        if (onComfy.isEmpty()) {
            return true;
        }
        PrintWriter out = spec.commandLine().getOut();
        Optional<Path> dir = comfyModelsDir.get();
        if (dir.isEmpty()) {
            out.println("    ComfyUI does not see these files yet: set " + ComfySettings.MODELS_DIR + " to ComfyUI's "
                    + "models folder and run this again (see README, ComfyUI sidecar)");
            return true;
        }
        try {
            for (ComfyModelLinks.Result r : ComfyModelLinks.link(onComfy.get(), weights, dir.get())) {
                out.println("    " + r.describe());
            }
            return true;
        } catch (IOException e) {
            spec.commandLine().getErr().println("error: cannot link the files of " + model.name() + " into "
                    + dir.get() + ": " + e);
            return false;
        }
    }

    @Command(name = "pin", mixinStandardHelpOptions = true,
            description = "For maintainers, on a connected machine: print the manifest entries (size, sha256) of files "
                    + "of a Hub repository at a commit, to add to LocalModels (or, for a file of a model on ComfyUI, "
                    + "to its ComfyModel).")
    int pin(@Parameters(index = "0", paramLabel = "REPO") String repo,
            @Parameters(index = "1", paramLabel = "COMMIT", description = "A 40-hex commit, never a branch.")
            String commit,
            @Parameters(index = "2..*", arity = "1..*", paramLabel = "FILE") List<String> files) {
        try {
            for (HubFile f : new HubPins(settings.get().hub()).pin(repo, commit, files)) {
                // why: a Java literal, ready to paste: 99_060_839L
                String size = String.format(Locale.ROOT, "%,d", f.size()).replace(',', '_') + "L";
                Optional<ComfyModelFile> onComfy = comfy.stream().flatMap(m -> m.files().stream())
                        .filter(c -> c.repo().equals(f.repo()) && c.path().equals(f.path())).findFirst();
                if (onComfy.isPresent()) { // why: a file of a model on ComfyUI keeps its role and models folder
                    spec.commandLine().getOut().printf("ComfyModelFile.recorded(\"%s\", %s, \"%s\", \"%s\", "
                            + "\"%s\", %s, \"%s\", \"Hub at %s\"),%n", onComfy.get().role(),
                            onComfy.get().folder().name(), f.repo(), f.revision(), f.path(), size, f.sha256(),
                            f.revision().substring(0, 8));
                    continue;
                }
                spec.commandLine().getOut().printf("pinned(\"%s\", \"%s\", \"%s\", \"%s\", %s, \"%s\"),%n",
                        role(f.path()), f.repo(), f.revision(), f.path(), size, f.sha256());
            }
            return 0;
        } catch (HubException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return 1;
        }
    }

    private List<LocalModel> select(List<String> names) {
        return names == null || names.isEmpty() ? catalogue.all() : names.stream().map(catalogue::require).toList();
    }

    /** A role to start from: the file name without extension, in the manifest's spelling. */
    private static String role(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1).replace(".onnx_data", "_data");
        int dot = name.indexOf('.');
        return (dot > 0 ? name.substring(0, dot) : name).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
    }

    private static String summary(List<ComponentStatus> states) {
        if (states.stream().anyMatch(s -> s.state() == State.NOT_PINNED)) {
            return "not pinned";
        }
        if (states.stream().anyMatch(s -> s.state() == State.CORRUPT)) {
            return "corrupt";
        }
        // why: a file still to be locked is one a pull fetches, as a missing one
        long cached = states.stream().filter(s -> s.state() == State.CACHED).count();
        return cached == states.size() ? "cached" : cached == 0 ? "missing" : "partly cached (" + cached + "/"
                + states.size() + ")";
    }

    private static String label(State state) {
        return state.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
