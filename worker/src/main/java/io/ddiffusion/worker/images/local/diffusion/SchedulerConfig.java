package io.ddiffusion.worker.images.local.diffusion;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The training noise schedule and sampling options of a diffusers {@code scheduler_config.json}.
 *
 * @param trainTimesteps {@code num_train_timesteps}
 * @param betaStart {@code beta_start}
 * @param betaEnd {@code beta_end}
 * @param betaSchedule {@code beta_schedule}
 * @param predictionType {@code prediction_type}
 * @param timestepSpacing {@code timestep_spacing}
 * @param stepsOffset {@code steps_offset}, added to leading timesteps
 */
public record SchedulerConfig(int trainTimesteps, double betaStart, double betaEnd, BetaSchedule betaSchedule,
        PredictionType predictionType, TimestepSpacing timestepSpacing, int stepsOffset) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public SchedulerConfig {
        if (trainTimesteps < 2) {
            throw new IllegalArgumentException("num_train_timesteps must be at least 2, not " + trainTimesteps);
        }
        if (!(betaStart > 0 && betaStart < betaEnd && betaEnd < 1)) {
            throw new IllegalArgumentException("betas must satisfy 0 < beta_start < beta_end < 1, not " + betaStart + ", " + betaEnd);
        }
        if (betaSchedule == null || predictionType == null || timestepSpacing == null) {
            throw new IllegalArgumentException("beta schedule, prediction type and timestep spacing are required");
        }
        if (stepsOffset < 0 || stepsOffset >= trainTimesteps) {
            throw new IllegalArgumentException("steps_offset " + stepsOffset + " is outside [0, " + trainTimesteps + ")");
        }
    }

    /** SDXL base 1.0's {@code scheduler/scheduler_config.json}: scaled-linear betas 0.00085 → 0.012, ε, leading, offset 1. */
    public static SchedulerConfig sdxl() {
        return new SchedulerConfig(1000, 0.00085, 0.012, BetaSchedule.SCALED_LINEAR, PredictionType.EPSILON,
                TimestepSpacing.LEADING, 1);
    }

    /**
     * Reads a diffusers {@code scheduler_config.json}; absent keys take diffusers' defaults (1000 steps, linear betas
     * 0.0001 → 0.02, epsilon, linspace, offset 0). Settings this package cannot honour (trained betas, Karras or
     * exponential sigmas, zero-SNR rescaling, sample prediction) are refused with a message naming the key.
     */
    public static SchedulerConfig read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read scheduler config " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("scheduler config " + file + " is not a JSON object");
        }
        for (String unsupported : new String[] {"use_karras_sigmas", "use_exponential_sigmas", "use_beta_sigmas",
                "rescale_betas_zero_snr"}) {
            if (root.path(unsupported).asBoolean(false)) {
                throw new IllegalArgumentException("scheduler config " + file + ": " + unsupported + " is not supported");
            }
        }
        if (!root.path("trained_betas").isMissingNode() && !root.path("trained_betas").isNull()) {
            throw new IllegalArgumentException("scheduler config " + file + ": trained_betas is not supported");
        }
        return new SchedulerConfig(root.path("num_train_timesteps").asInt(1000),
                root.path("beta_start").asDouble(0.0001), root.path("beta_end").asDouble(0.02),
                parse(BetaSchedule.class, "beta_schedule", root.path("beta_schedule").asText("linear"), file),
                parse(PredictionType.class, "prediction_type", root.path("prediction_type").asText("epsilon"), file),
                parse(TimestepSpacing.class, "timestep_spacing", root.path("timestep_spacing").asText("linspace"), file),
                root.path("steps_offset").asInt(0));
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String key, String value, Path file) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("scheduler config " + file + ": " + key + " \"" + value + "\" is not supported");
        }
    }
}
