package io.ddiffusion.worker.images.local.diffusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StepPlanTest {

    @Test
    void strengthKeepsTheLastIntOfStepsTimesStrengthSteps() {
        assertThat(new StepPlan(35, 0.5).runSteps()).isEqualTo(17);
        assertThat(new StepPlan(35, 0.5).startIndex()).isEqualTo(18);
        assertThat(new StepPlan(35, 0.95).runSteps()).isEqualTo(33); // the inpainting strength
        assertThat(new StepPlan(35, 0.03).runSteps()).isEqualTo(1);
        assertThat(StepPlan.full(35).runSteps()).isEqualTo(35);
        assertThat(StepPlan.full(35).startIndex()).isZero();
    }

    @Test
    void aStrengthThatLeavesNoStepIsRefusedWithAMessage() {
        assertThatThrownBy(() -> new StepPlan(35, 0.02)).hasMessageContaining("leaves no denoising step");
        assertThatThrownBy(() -> new StepPlan(35, 0.0)).hasMessageContaining("leaves no denoising step");
        assertThatThrownBy(() -> new StepPlan(35, 1.5)).hasMessageContaining("within [0, 1]");
        assertThatThrownBy(() -> new StepPlan(0, 1.0)).hasMessageContaining("at least 1");
    }

    @Test
    void everySchedulerRunsThePlannedNumberOfSteps() {
        for (SchedulerKind kind : SchedulerKind.values()) {
            Scheduler scheduler = kind.create(SchedulerConfig.sdxl(), new StepPlan(30, 0.4), new GaussianNoise(1));

            assertThat(scheduler.steps()).as(kind.name()).isEqualTo(12);
            assertThat(scheduler.timesteps()).as(kind.name()).hasSize(12);
            assertThat(scheduler.sigmas()).as(kind.name()).hasSize(13).endsWith(0.0);
        }
    }
}
