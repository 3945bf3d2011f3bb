package io.ddiffusion.schema.texts;

import static io.ddiffusion.schema.common.ModelEntry.local;
import static io.ddiffusion.schema.common.ModelEntry.openAi;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.ddiffusion.schema.common.ModelEntry;
import io.ddiffusion.schema.common.ModelSpec;
import java.util.EnumSet;
import java.util.Set;

/** The text model registry. */
public enum TextModel implements ModelSpec {
    QWEN_2(local("qwen-2", "Qwen2.5-VL; local vision-language model, reads images and videos."), Can.READ_VIDEOS),
    GPT_4O(openAi("gpt-4o", "OpenAI GPT-4o mini.")),
    GPT_4(openAi("gpt-4", "OpenAI GPT-4.1 mini.")),
    GPT_5(openAi("gpt-5", "OpenAI GPT-5 mini."));

    /** What a text model can do beyond reading the prompt and images. */
    public enum Can { READ_VIDEOS }

    private final ModelEntry entry;
    private final Set<Can> can;

    TextModel(ModelEntry entry, Can... can) {
        this.entry = entry;
        this.can = can.length == 0 ? EnumSet.noneOf(Can.class) : EnumSet.of(can[0], can);
    }

    @Override
    public ModelEntry entry() {
        return entry;
    }

    @JsonValue
    @Override
    public String id() {
        return entry.id();
    }

    @JsonCreator
    public static TextModel fromId(String id) {
        return ModelSpec.byId(values(), id, "text");
    }

    @Override
    public String domain() {
        return "texts";
    }

    /** Whether the model can read video inputs (the others get a clear refusal, never a silent drop). */
    public boolean videos() {
        return can.contains(Can.READ_VIDEOS);
    }

    /**
     * The registry entry as {@code /models} shows it.
     *
     * @param unavailableReason why this installation cannot run it now, or null when it can
     */
    public TextsModelInfo info(String unavailableReason) {
        return new TextsModelInfo(provider(), external(), videos(), description(), unavailableReason == null,
                unavailableReason);
    }
}
