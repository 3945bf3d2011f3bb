package io.ddiffusion.worker.builtin;

import io.ddiffusion.worker.runtime.ModelHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.CompositeIndex;
import org.jboss.jandex.DotName;
import org.jboss.jandex.IndexReader;
import org.jboss.jandex.IndexView;

/**
 * Finds the model handlers of the build in the Jandex class indexes ({@code META-INF/jandex.idx}) that the build
 * writes into each module's jar: every public, concrete class implementing {@link ModelHandler}, through any of the
 * domain interfaces. why: the index is made at build time, so finding handlers costs no class path scan at start and
 * needs no hand-kept list; a model's class is its registration.
 */
final class HandlerClasses {
    static final String INDEX = "META-INF/jandex.idx";

    private HandlerClasses() {
    }

    /** The handler classes visible to {@code loader}, by name. */
    static List<Class<? extends ModelHandler>> find(ClassLoader loader) {
        IndexView index = CompositeIndex.create(indexes(loader));
        List<Class<? extends ModelHandler>> found = new ArrayList<>();
        for (ClassInfo c : index.getAllKnownImplementations(DotName.createSimple(ModelHandler.class))) {
            if (!c.isInterface() && !Modifier.isAbstract(c.flags()) && Modifier.isPublic(c.flags())) {
                found.add(load(loader, c.name().toString()));
            }
        }
        found.sort(Comparator.comparing(Class::getName));
        return found;
    }

    private static List<IndexView> indexes(ClassLoader loader) {
        List<IndexView> indexes = new ArrayList<>();
        try {
            for (URL url : Collections.list(loader.getResources(INDEX))) {
                try (InputStream in = url.openStream()) {
                    indexes.add(new IndexReader(in).read());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the class index " + INDEX, e);
        }
        return indexes;
    }

    private static Class<? extends ModelHandler> load(ClassLoader loader, String name) {
        try {
            return Class.forName(name, false, loader).asSubclass(ModelHandler.class);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the class index lists " + name + " but it cannot be loaded", e);
        }
    }
}
