package io.ddiffusion.worker.runtime;

import io.ddiffusion.core.config.Settings;
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
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/** Task handlers by task name ({@code images.sd-xl}). Immutable once built. */
public final class HandlerRegistry {
    private static final Logger LOG = Logger.getLogger(HandlerRegistry.class);
    private final Map<String, TaskHandler<?>> handlers;
    private final List<ModelStatus> modelStatuses;

    /** Reports the local models a set of handlers keeps in memory; published with every worker heartbeat. */
    public interface ModelStatus {
        List<String> loadedModels();

        /** Where those models run ({@code cpu}, {@code cuda}); empty until known. */
        Optional<String> device();
    }

    private HandlerRegistry(Map<String, TaskHandler<?>> handlers, List<ModelStatus> modelStatuses) {
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
        return Optional.ofNullable(handlers.get(taskName));
    }

    public java.util.Set<String> taskNames() {
        return handlers.keySet();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The registry a worker process uses: every provider on the class path, then the plugin jars named in
     * {@code settings.handlerPlugins()} (paths separated by the platform's path separator; a folder means every jar
     * in it).
     */
    public static HandlerRegistry load(Settings settings) {
        Builder b = builder();
        ServiceLoader.load(HandlerProvider.class).stream().map(ServiceLoader.Provider::get)
                .sorted(java.util.Comparator.comparingInt(HandlerProvider::priority))
                .forEach(p -> p.register(b, settings));
        settings.handlerPlugins().ifPresent(spec -> {
            URL[] urls = pluginJars(spec).stream().map(HandlerRegistry::url).toArray(URL[]::new);
            // why: the loader stays open for the life of the worker; plugin classes are used until exit
            URLClassLoader loader = new URLClassLoader("ddiffusion-plugins", urls,
                    HandlerRegistry.class.getClassLoader());
            int before = b.handlers.size();
            ServiceLoader.load(HandlerProvider.class, loader).stream()
                    .filter(p -> p.type().getClassLoader() == loader)
                    .map(ServiceLoader.Provider::get)
                    .sorted(java.util.Comparator.comparingInt(HandlerProvider::priority))
                    .forEach(p -> p.register(b, settings));
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
                throw new IllegalArgumentException("DDIFFUSION_HANDLER_PLUGINS: no such jar or folder: " + p);
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

    /** Collects handlers; a later registration for the same name replaces the earlier one. */
    public static final class Builder {
        private final Map<String, TaskHandler<?>> handlers = new LinkedHashMap<>();
        private final List<ModelStatus> modelStatuses = new ArrayList<>();

        public Builder register(String taskName, TaskHandler<?> handler) {
            handlers.put(taskName, handler);
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
