package io.ddiffusion.worker.builtin;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What a worker's handlers share (settings, provider clients, the local model runtime), each made on first use and
 * then handed to every handler that asks for its type. A handler asks by its constructor: the public one with the
 * most parameters, all of them types offered here. Not thread-safe: used while the registry is built.
 */
final class Services {
    private final Map<Class<?>, Supplier<?>> factories = new LinkedHashMap<>();
    private final Map<Class<?>, Object> made = new LinkedHashMap<>();

    /** Offers {@code type}, made by {@code factory} when a handler first asks for it. */
    <T> Services offer(Class<T> type, Supplier<? extends T> factory) {
        factories.put(type, factory);
        return this;
    }

    /** A handler of {@code type} and the services it was built with, in its constructor's order. */
    <T> Built<T> build(Class<T> type) {
        Constructor<?> constructor = constructorOf(type);
        Object[] args = Arrays.stream(constructor.getParameterTypes()).map(this::get).toArray();
        try {
            return new Built<>(type.cast(constructor.newInstance(args)), List.of(args));
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("cannot build " + type.getName() + ": " + e.getCause().getMessage(),
                    e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getName() + ": " + e, e);
        }
    }

    /** A built handler and the services it got. */
    record Built<T>(T instance, List<Object> services) {
    }

    /** The services made so far, e.g. to find the local runtime once handlers are built. */
    <T> List<T> made(Class<T> type) {
        List<T> out = new ArrayList<>();
        made.values().stream().filter(type::isInstance).map(type::cast).forEach(out::add);
        return out;
    }

    private Constructor<?> constructorOf(Class<?> type) {
        List<Constructor<?>> usable = Arrays.stream(type.getConstructors())
                .filter(c -> Arrays.stream(c.getParameterTypes()).allMatch(factories::containsKey)).toList();
        int most = usable.stream().mapToInt(Constructor::getParameterCount).max().orElse(-1);
        List<Constructor<?>> chosen = usable.stream().filter(c -> c.getParameterCount() == most).toList();
        if (chosen.size() != 1) {
            throw new IllegalStateException(type.getName() + " needs exactly one public constructor with the most "
                    + "parameters among those whose parameters are all worker services " + factories.keySet()
                    .stream().map(Class::getSimpleName).toList() + "; found " + chosen.size());
        }
        return chosen.getFirst();
    }

    /** The one instance of a service type, made now if no handler asked for it yet (services built from others). */
    <T> T shared(Class<T> type) {
        return type.cast(get(type));
    }

    private Object get(Class<?> type) {
        Object service = made.get(type);
        if (service == null) {
            service = factories.get(type).get();
            made.put(type, service);
        }
        return service;
    }
}
