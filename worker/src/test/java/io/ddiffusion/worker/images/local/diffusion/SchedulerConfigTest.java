package io.ddiffusion.worker.images.local.diffusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchedulerConfigTest {

    @TempDir
    Path dir;

    @Test
    void sdxlsSchedulerConfigFileReadsAsTheSdxlPreset() throws IOException {
        Path file = dir.resolve("scheduler_config.json");
        Files.writeString(file, """
                {"_class_name": "EulerDiscreteScheduler", "beta_end": 0.012, "beta_schedule": "scaled_linear",
                 "beta_start": 0.00085, "clip_sample": false, "interpolation_type": "linear",
                 "num_train_timesteps": 1000, "prediction_type": "epsilon", "sample_max_value": 1.0,
                 "set_alpha_to_one": false, "skip_prk_steps": true, "steps_offset": 1,
                 "timestep_spacing": "leading", "trained_betas": null, "use_karras_sigmas": false}
                """);

        assertThat(SchedulerConfig.read(file)).isEqualTo(SchedulerConfig.sdxl());
    }

    @Test
    void absentKeysTakeDiffusersDefaults() throws IOException {
        Path file = dir.resolve("scheduler_config.json");
        Files.writeString(file, "{\"prediction_type\": \"v_prediction\"}");

        assertThat(SchedulerConfig.read(file)).isEqualTo(new SchedulerConfig(1000, 0.0001, 0.02, BetaSchedule.LINEAR,
                PredictionType.V_PREDICTION, TimestepSpacing.LINSPACE, 0));
    }

    @Test
    void unsupportedSettingsAreRefusedByName() throws IOException {
        Path file = dir.resolve("scheduler_config.json");
        Files.writeString(file, "{\"use_karras_sigmas\": true}");
        assertThatThrownBy(() -> SchedulerConfig.read(file)).hasMessageContaining("use_karras_sigmas");

        Files.writeString(file, "{\"beta_schedule\": \"squaredcos_cap_v2\"}");
        assertThatThrownBy(() -> SchedulerConfig.read(file)).hasMessageContaining("beta_schedule \"squaredcos_cap_v2\"");

        Files.writeString(file, "{\"prediction_type\": \"sample\"}");
        assertThatThrownBy(() -> SchedulerConfig.read(file)).hasMessageContaining("prediction_type");
    }
}
