package io.ddiffusion.schema.texts;

/**
 * The system prompts a text task can use. The instruction text itself lives with the text handlers; these names are
 * the original's, so clients keep working.
 */
public enum SystemPrompt {
    NONE,
    BASE,
    IMAGE_OPTIMIZER,
    VIDEO_OPTIMIZER,
    VIDEO_TRANSITION
}
