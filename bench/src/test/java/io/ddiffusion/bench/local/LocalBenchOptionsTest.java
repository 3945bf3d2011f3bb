package io.ddiffusion.bench.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LocalBenchOptionsTest {

    @Test
    void withoutOptionsEveryPipelineRunsTinyWithTheOriginalsSteps() {
        LocalBenchOptions o = LocalBenchOptions.parse();

        assertThat(o.mode()).isEqualTo(LocalBenchOptions.Mode.TINY);
        assertThat(o.pipelines()).containsExactly("sd-xl", "depth-anything-2", "real-esrgan-x4", "sam-2");
        assertThat(o.sdxlSteps()).isEqualTo(35);
        assertThat(o.runs()).isEqualTo(10);
    }

    @Test
    void onlyKeepsTheFixedOrderWhateverOrderItIsGiven() {
        assertThat(LocalBenchOptions.parse("--only", "sam-2, sd-xl").pipelines()).containsExactly("sd-xl", "sam-2");
    }

    @Test
    void anUnknownPipelineIsRefusedNamingTheChoices() {
        assertThatThrownBy(() -> LocalBenchOptions.parse("--only", "sd-xl,flux"))
                .hasMessage("--only: no pipeline 'flux'; choose from [sd-xl, depth-anything-2, real-esrgan-x4, "
                        + "sam-2]");
    }

    @Test
    void stepsAndRunsMustBePositiveWholeNumbers() {
        assertThatThrownBy(() -> LocalBenchOptions.parse("--sdxl-steps", "0"))
                .hasMessage("--sdxl-steps must be a whole number of at least 1, not '0'");
        assertThatThrownBy(() -> LocalBenchOptions.parse("--runs", "ten"))
                .hasMessage("--runs must be a whole number of at least 1, not 'ten'");
        assertThatThrownBy(() -> LocalBenchOptions.parse("--mode", "gpu"))
                .hasMessage("--mode must be tiny or real, not 'gpu'");
        assertThatThrownBy(() -> LocalBenchOptions.parse("--runs")).hasMessage("--runs needs a value");
    }
}
