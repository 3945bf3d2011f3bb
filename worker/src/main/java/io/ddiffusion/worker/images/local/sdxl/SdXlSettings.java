package io.ddiffusion.worker.images.local.sdxl;

import io.ddiffusion.worker.images.local.diffusion.SchedulerKind;
import java.util.Locale;

/**
 * How sd-xl samples, after the original (inventory §4.3): 35 steps, guidance 3.5 (4.0 when inpainting), inpainting
 * strength fixed at 0.95, a fixed negative prompt; image-to-image takes the request's strength. The scheduler is ours
 * to choose ({@code DDIFFUSION_SDXL_SCHEDULER}), Euler by default as in SDXL's own scheduler config.
 */
public record SdXlSettings(int steps, double guidance, double inpaintGuidance, double inpaintStrength,
        String negativePrompt, SchedulerKind scheduler) {

    /** Quality and anatomy terms the results should steer away from (our wording). */
    public static final String NEGATIVE_PROMPT = "blurry, out of focus, low quality, low resolution, jpeg artifacts,"
            + " noisy, oversaturated, watermark, signature, text, deformed, disfigured, bad anatomy, bad proportions,"
            + " extra limbs, missing limbs, extra fingers, fused fingers, malformed hands, distorted face";

    public SdXlSettings {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be at least 1, not " + steps);
        }
        if (!(inpaintStrength > 0 && inpaintStrength <= 1)) {
            throw new IllegalArgumentException("inpainting strength must be within (0, 1], not " + inpaintStrength);
        }
        if (negativePrompt == null || scheduler == null) {
            throw new IllegalArgumentException("negative prompt and scheduler are required");
        }
    }

    /** The original's settings with the Euler scheduler. */
    public static SdXlSettings defaults() {
        return new SdXlSettings(35, 3.5, 4.0, 0.95, NEGATIVE_PROMPT, SchedulerKind.EULER);
    }

    public SdXlSettings withScheduler(SchedulerKind kind) {
        return new SdXlSettings(steps, guidance, inpaintGuidance, inpaintStrength, negativePrompt, kind);
    }

    public SdXlSettings withSteps(int count) {
        return new SdXlSettings(count, guidance, inpaintGuidance, inpaintStrength, negativePrompt, scheduler);
    }

    /**
     * Parses {@code DDIFFUSION_SDXL_SCHEDULER}: {@code euler}, {@code euler_ancestral} or {@code dpmpp_2m} (any case,
     * {@code -} for {@code _}, {@code dpm++2m} too); anything else is a configuration error naming the choices.
     */
    public static SchedulerKind parseScheduler(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT).replace('-', '_');
        return switch (v) {
            case "euler" -> SchedulerKind.EULER;
            case "euler_ancestral", "euler_a" -> SchedulerKind.EULER_ANCESTRAL;
            case "dpmpp_2m", "dpm++2m", "dpm++_2m", "dpm_solver_multistep" -> SchedulerKind.DPM_SOLVER_MULTISTEP;
            default -> throw new IllegalArgumentException("DDIFFUSION_SDXL_SCHEDULER must be euler, euler_ancestral"
                    + " or dpmpp_2m, not '" + value + "'");
        };
    }
}
