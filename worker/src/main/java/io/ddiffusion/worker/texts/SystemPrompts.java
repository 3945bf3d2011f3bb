package io.ddiffusion.worker.texts;

import io.ddiffusion.schema.texts.SystemPrompt;
import java.util.Optional;

/**
 * The instruction each {@link SystemPrompt} selects, shared by every text model. Our own wording, with the same
 * intent as the original's prompts: {@code NONE} sends no system prompt at all.
 */
public final class SystemPrompts {
    static final String BASE = "You are an assistant that analyses visual material. When images or videos are "
            + "attached, look at them closely and answer from what they actually show, concretely and specifically. "
            + "Do not ask for clarification: work with what you were given, and make use of any reference material "
            + "that comes with the request.";

    static final String IMAGE_OPTIMIZER = "Rewrite the user's request as one prompt for an image generation model. "
            + "Cover the subject, the setting, the style, the lighting and the composition. Aim for a photorealistic "
            + "result unless the user asks for another style. When reference images are attached, refer to them "
            + "instead of describing what they contain; a single reference image means the user wants a variation "
            + "or an edit of that image. Be brief and concrete, leave out filler words, and reply with the prompt "
            + "only.";

    static final String VIDEO_OPTIMIZER = "Rewrite the user's request as one prompt for a video generation model. "
            + "Describe the action, the camera movement, the environment and the subject, and be precise about how "
            + "things move. Aim for a photorealistic result unless the user asks for another style. When an image "
            + "is attached, treat it as the first frame of the clip. Describe a single continuous shot without "
            + "timestamps or time markers, keep it brief, and reply with the prompt only.";

    static final String VIDEO_TRANSITION = "Two images are attached: the first and the last frame of a video clip. "
            + "Write one prompt for a video generation model that describes how the scene gets from the first image "
            + "to the second: what happens to the subject, how the camera moves, and how the environment and the "
            + "lighting change. Keep it brief, use no timestamps or time markers, and reply with the prompt only.";

    private SystemPrompts() {
    }

    /** The instruction for {@code prompt}; empty for {@link SystemPrompt#NONE}. */
    public static Optional<String> text(SystemPrompt prompt) {
        return switch (prompt) {
            case NONE -> Optional.empty();
            case BASE -> Optional.of(BASE);
            case IMAGE_OPTIMIZER -> Optional.of(IMAGE_OPTIMIZER);
            case VIDEO_OPTIMIZER -> Optional.of(VIDEO_OPTIMIZER);
            case VIDEO_TRANSITION -> Optional.of(VIDEO_TRANSITION);
        };
    }
}
