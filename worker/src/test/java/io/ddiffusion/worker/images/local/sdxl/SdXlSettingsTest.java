package io.ddiffusion.worker.images.local.sdxl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddiffusion.worker.images.local.diffusion.SchedulerKind;
import org.junit.jupiter.api.Test;

class SdXlSettingsTest {

    @Test
    void theDefaultsAreTheOriginalsWithEuler() {
        SdXlSettings s = SdXlSettings.defaults();
        assertThat(s.steps()).isEqualTo(35);
        assertThat(s.guidance()).isEqualTo(3.5);
        assertThat(s.inpaintGuidance()).isEqualTo(4.0);
        assertThat(s.inpaintStrength()).isEqualTo(0.95);
        assertThat(s.negativePrompt()).contains("bad anatomy", "low quality");
        assertThat(s.scheduler()).isEqualTo(SchedulerKind.EULER);
    }

    @Test
    void theSchedulerSettingTakesItsNamesInAnyCase() {
        assertThat(SdXlSettings.parseScheduler("euler")).isEqualTo(SchedulerKind.EULER);
        assertThat(SdXlSettings.parseScheduler(" Euler-Ancestral ")).isEqualTo(SchedulerKind.EULER_ANCESTRAL);
        assertThat(SdXlSettings.parseScheduler("DPMPP_2M")).isEqualTo(SchedulerKind.DPM_SOLVER_MULTISTEP);
        assertThat(SdXlSettings.parseScheduler("dpm++2m")).isEqualTo(SchedulerKind.DPM_SOLVER_MULTISTEP);
    }

    @Test
    void anUnknownSchedulerIsAConfigurationErrorNamingTheChoices() {
        assertThatThrownBy(() -> SdXlSettings.parseScheduler("ddim")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("DDIFFUSION_SDXL_SCHEDULER must be euler, euler_ancestral or dpmpp_2m, not 'ddim'");
    }
}
