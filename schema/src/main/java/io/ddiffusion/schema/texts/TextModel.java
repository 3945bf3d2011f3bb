package io.ddiffusion.schema.texts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.ddiffusion.schema.common.ModelSpec;
import io.ddiffusion.schema.common.Provider;

/** The text model registry. */
public enum TextModel implements ModelSpec {
    QWEN_2("qwen-2", Provider.LOCAL, true, "Qwen2.5-VL; local vision-language model, reads images and videos."),
    GPT_4O("gpt-4o", Provider.OPENAI, false, "OpenAI GPT-4o mini."),
    GPT_4("gpt-4", Provider.OPENAI, false, "OpenAI GPT-4.1 mini."),
    GPT_5("gpt-5", Provider.OPENAI, false, "OpenAI GPT-5 mini.");

    private final String id;
    private final Provider provider;
    private final boolean videos;
    private final String description;

    TextModel(String id, Provider provider, boolean videos, String description) {
        this.id = id;
        this.provider = provider;
        this.videos = videos;
        this.description = description;
    }

    @JsonValue
    @Override
    public String id() {
        return id;
    }

    @JsonCreator
    public static TextModel fromId(String id) {
        for (TextModel m : values()) {
            if (m.id.equals(id)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown text model '" + id + "'; expected one of: "
                + java.util.Arrays.stream(values()).map(TextModel::id).collect(java.util.stream.Collectors.joining(", ")));
    }

    @Override
    public Provider provider() {
        return provider;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public String domain() {
        return "texts";
    }

    /** Whether the model can read video inputs (the others get a clear refusal, never a silent drop). */
    public boolean videos() {
        return videos;
    }

    /**
     * The registry entry as {@code /models} shows it.
     *
     * @param unavailableReason why this installation cannot run it now, or null when it can
     */
    public TextsModelInfo info(String unavailableReason) {
        return new TextsModelInfo(provider, external(), videos, description, unavailableReason == null, unavailableReason);
    }
}
