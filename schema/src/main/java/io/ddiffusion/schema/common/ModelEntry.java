package io.ddiffusion.schema.common;

import java.util.Objects;
import java.util.Optional;

/**
 * What every registry entry states about a model besides its capabilities: the user-facing id (written here and
 * nowhere else), who runs it, a one-line description, and, for a model this build cannot run at all, why.
 *
 * @param notInThisBuild why no worker of this build can run the model (shown by {@code /models} and in refusals),
 *     or empty when a built-in handler serves it
 */
public record ModelEntry(String id, Provider provider, String description, Optional<String> notInThisBuild) {

    public ModelEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(notInThisBuild, "notInThisBuild");
    }

    /** A model our own workers run (GPU queue unless its registry says otherwise). */
    public static ModelEntry local(String id, String description) {
        return new ModelEntry(id, Provider.LOCAL, description, Optional.empty());
    }

    /** A model OpenAI runs. */
    public static ModelEntry openAi(String id, String description) {
        return new ModelEntry(id, Provider.OPENAI, description, Optional.empty());
    }

    /** A model Replicate runs. */
    public static ModelEntry replicate(String id, String description) {
        return new ModelEntry(id, Provider.REPLICATE, description, Optional.empty());
    }

    /**
     * This entry, declared as one no built-in handler serves: listed by {@code /models} as unavailable with
     * {@code reason}, and refused at submit unless a live worker (a plugin's handler) reports that it can run it.
     */
    public ModelEntry notInThisBuild(String reason) {
        return new ModelEntry(id, provider, description, Optional.of(reason));
    }
}
