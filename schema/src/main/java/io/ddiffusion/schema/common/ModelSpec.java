package io.ddiffusion.schema.common;

/** What every registry entry shares: the user-facing id, who runs it and on which queue. */
public interface ModelSpec {
    /** The user-facing name, e.g. {@code flux-1}. */
    String id();

    Provider provider();

    String description();

    /** The domain prefix of task names: {@code images}, {@code texts}, {@code videos}, {@code workflows}. */
    String domain();

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
}
