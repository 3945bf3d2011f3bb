package io.ddiffusion.schema.common;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** What every registry entry shares: the user-facing id, who runs it and on which queue. */
public interface ModelSpec {
    /** The registry entry: id, provider, description, whether this build can run it. */
    ModelEntry entry();

    /** The domain prefix of task names: {@code images}, {@code texts}, {@code videos}, {@code workflows}. */
    String domain();

    /** The user-facing name, e.g. {@code flux-1}. */
    default String id() {
        return entry().id();
    }

    default Provider provider() {
        return entry().provider();
    }

    default String description() {
        return entry().description();
    }

    /** Why no built-in handler serves this model, or empty when one does. */
    default Optional<String> notInThisBuild() {
        return entry().notInThisBuild();
    }

    default boolean external() {
        return provider().external();
    }

    /** Local models share the GPU; external ones run on the cpu queue. */
    default Queue queue() {
        return external() ? Queue.CPU : Queue.GPU;
    }

    /** The name handlers are registered under, e.g. {@code images.sd-xl}. */
    default String taskName() {
        return domain() + "." + id();
    }

    /**
     * The entry of {@code models} with this id; the message lists the valid ones (what clients see for an unknown
     * model).
     */
    static <M extends ModelSpec> M byId(M[] models, String id, String kind) {
        for (M m : models) {
            if (m.id().equals(id)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown " + kind + " model '" + id + "'; expected one of: "
                + Arrays.stream(models).map(ModelSpec::id).collect(Collectors.joining(", ")));
    }
}
