package io.ddiffusion.worker.runtime;

import io.ddiffusion.core.config.Env;
import io.ddiffusion.core.queue.Capabilities;
import io.ddiffusion.schema.Models;
import io.ddiffusion.schema.common.ModelSpec;
import io.ddiffusion.schema.common.Queue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Task handlers by task name ({@code images.sd-xl}), each with what it needs to run now. Immutable once built; a
 * name is registered once (a plugin that means to stand in for a built-in handler says so with
 * {@link Builder#replace}).
 */
public final class HandlerRegistry {
    private static final Logger LOG = Logger.getLogger(HandlerRegistry.class);
    private final Map<String, Registered> handlers;
    private final List<ModelStatus> modelStatuses;

    /** A handler, how to tell whether it can run now, and the GPU engine it runs its models on, if any. */
    private record Registered(TaskHandler<?> handler, Supplier<Optional<String>> unavailableReason, String origin,
            Optional<GpuEngine> engine) {
    }

    /** Reports the local models a set of handlers keeps in memory; published with every worker heartbeat. */
    public interface ModelStatus {
        List<String> loadedModels();

        /** Where those models run ({@code cpu}, {@code cuda}); empty until known. */
        Optional<String> device();
    }

    private HandlerRegistry(Map<String, Registered> handlers, List<ModelStatus> modelStatuses) {
        this.handlers = Collections.unmodifiableMap(new LinkedHashMap<>(handlers));
        this.modelStatuses = List.copyOf(modelStatuses);
    }

    /** Every model the registered handlers hold in memory right now. */
    public List<String> loadedModels() {
        List<String> all = new ArrayList<>();
        modelStatuses.forEach(s -> all.addAll(s.loadedModels()));
        return all;
    }

    /** The device local models run on, when any handler knows it. */
    public Optional<String> device() {
        return modelStatuses.stream().map(ModelStatus::device).flatMap(Optional::stream).findFirst();
    }

    public Optional<TaskHandler<?>> find(String taskName) {
        return Optional.ofNullable(handlers.get(taskName)).map(Registered::handler);
    }

    /** The engine {@code taskName}'s handler runs its models on, when it uses one that may hold the GPU. */
    public Optional<GpuEngine> gpuEngine(String taskName) {
        return Optional.ofNullable(handlers.get(taskName)).flatMap(Registered::engine);
    }

    public java.util.Set<String> taskNames() {
        return handlers.keySet();
    }

    /**
     * Why this worker cannot run {@code taskName} now, saying what to do: no handler in this build (with the
     * registry's reason when it declares one), or what the handler and its services report missing. Empty when it
     * can.
     */
    public Optional<String> unavailableReason(String taskName) {
        Registered r = handlers.get(taskName);
        if (r == null) {
            return Optional.of(Models.byTaskName(taskName).flatMap(ModelSpec::notInThisBuild)
                    .orElse("no handler for " + taskName + " in this build"));
        }
        try {
            return r.unavailableReason().get();
        } catch (RuntimeException e) {
            // why: a failing check must not stop the heartbeat that carries the report
            LOG.warnf("cannot tell whether %s can run: %s", taskName, e.toString());
            return Optional.of("its worker cannot tell whether it can run: " + e.getMessage());
        }
    }

    /** What this worker can run of the registry models whose queue is one of {@code queues}. */
    public Capabilities capabilities(Set<Queue> queues) {
        List<String> can = new ArrayList<>();
        Map<String, String> cannot = new LinkedHashMap<>();
        for (ModelSpec m : Models.all()) {
            if (queues.contains(m.queue())) {
                unavailableReason(m.taskName()).ifPresentOrElse(why -> cannot.put(m.taskName(), why),
                        () -> can.add(m.taskName()));
            }
        }
        return new Capabilities(can, cannot);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Jars (or folders of jars) with extra {@link HandlerProvider}s, separated by the path separator. */
    public static final String PLUGINS_VARIABLE = "DDIFFUSION_HANDLER_PLUGINS";

    /**
     * The registry a worker process uses: every provider on the class path, then the plugin jars named in
     * {@value #PLUGINS_VARIABLE} (a folder means every jar in it).
     */
    public static HandlerRegistry load(Env env) {
        Builder b = builder();
        ServiceLoader.load(HandlerProvider.class).stream().map(ServiceLoader.Provider::get)
                .sorted(java.util.Comparator.comparingInt(HandlerProvider::priority))
                .forEach(p -> p.register(b, env));
        env.optional(PLUGINS_VARIABLE).ifPresent(spec -> {
            URL[] urls = pluginJars(spec).stream().map(HandlerRegistry::url).toArray(URL[]::new);
            // why: the loader stays open for the life of the worker; plugin classes are used until exit
            URLClassLoader loader = new URLClassLoader("ddiffusion-plugins", urls,
                    HandlerRegistry.class.getClassLoader());
            int before = b.handlers.size();
            ServiceLoader.load(HandlerProvider.class, loader).stream()
                    .filter(p -> p.type().getClassLoader() == loader)
                    .map(ServiceLoader.Provider::get)
                    .sorted(java.util.Comparator.comparingInt(HandlerProvider::priority))
                    .forEach(p -> p.register(b, env));
            LOG.infof("Loaded handler plugins from %s (%d task names)", spec, b.handlers.size() - before);
        });
        return b.build();
    }

    private static List<Path> pluginJars(String spec) {
        List<Path> jars = new ArrayList<>();
        for (String part : spec.split(java.io.File.pathSeparator)) {
            Path p = Path.of(part.trim());
            if (Files.isDirectory(p) && Files.isDirectory(p.resolve("META-INF"))) {
                jars.add(p); // an exploded plugin (a classes folder)
            } else if (Files.isDirectory(p)) {
                try (Stream<Path> files = Files.list(p)) {
                    files.filter(f -> f.toString().endsWith(".jar")).sorted().forEach(jars::add);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            } else if (Files.isRegularFile(p)) {
                jars.add(p);
            } else {
                throw new IllegalArgumentException(PLUGINS_VARIABLE + ": no such jar or folder: " + p);
            }
        }
        return jars;
    }

    private static URL url(Path p) {
        try {
            return p.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Collects handlers; a task name registered twice is refused, unless the second one says it replaces. */
    public static final class Builder {
        private final Map<String, Registered> handlers = new LinkedHashMap<>();
        private final List<ModelStatus> modelStatuses = new ArrayList<>();

        /** Registers a handler that can always run. */
        public Builder register(String taskName, TaskHandler<?> handler) {
            return add(taskName, new Registered(handler, Optional::empty, handler.getClass().getName(),
                    Optional.empty()));
        }

        /** Registers a handler that can always run and runs its models on {@code engine}. */
        public Builder register(String taskName, TaskHandler<?> handler, GpuEngine engine) {
            return add(taskName, new Registered(handler, Optional::empty, handler.getClass().getName(),
                    Optional.of(engine)));
        }

        /**
         * Registers a model's handler under its model's task name. It can run when it reports nothing missing itself
         * and none of {@code prerequisites} (the services it was built with) does.
         */
        public Builder register(ModelHandler handler, List<? extends Prerequisite> prerequisites) {
            return register(handler, prerequisites, Optional.empty());
        }

        /**
         * As {@link #register(ModelHandler, List)}, for a handler that runs its models on {@code engine} (one of the
         * services it was built with): on a worker that shares its GPU between engines, its tasks hold the device.
         */
        public Builder register(ModelHandler handler, List<? extends Prerequisite> prerequisites,
                Optional<GpuEngine> engine) {
            List<Prerequisite> needs = List.copyOf(prerequisites);
            ModelSpec model = handler.model();
            Supplier<Optional<String>> reason = () -> handler.unavailableReason().or(() -> needs.stream()
                    .map(p -> p.unmetFor(model)).flatMap(Optional::stream).findFirst());
            return add(model.taskName(), new Registered(handler.taskHandler(), reason, handler.getClass().getName(),
                    engine));
        }

        /** Registers {@code handler} in place of whatever serves {@code taskName} so far (plugins, test doubles). */
        public Builder replace(String taskName, TaskHandler<?> handler) {
            handlers.put(taskName, new Registered(handler, Optional::empty, handler.getClass().getName(),
                    Optional.empty()));
            return this;
        }

        private Builder add(String taskName, Registered registered) {
            Registered before = handlers.putIfAbsent(taskName, registered);
            if (before != null) {
                throw new IllegalStateException(taskName + " has two handlers: " + before.origin() + " and "
                        + registered.origin() + " (a plugin that stands in for a handler uses replace)");
            }
            return this;
        }

        /** Adds a source of loaded-model status (local model handlers). */
        public Builder modelStatus(ModelStatus status) {
            modelStatuses.add(status);
            return this;
        }

        public HandlerRegistry build() {
            return new HandlerRegistry(handlers, modelStatuses);
        }
    }
}
