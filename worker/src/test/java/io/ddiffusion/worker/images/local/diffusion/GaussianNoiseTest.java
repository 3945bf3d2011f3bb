package io.ddiffusion.worker.images.local.diffusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GaussianNoiseTest {

    @Test
    void theSameSeedGivesTheSameSequenceAndAnotherSeedADifferentOne() {
        assertThat(new GaussianNoise(42).next(1000)).containsExactly(new GaussianNoise(42).next(1000));
        assertThat(new GaussianNoise(42).next(1000)).isNotEqualTo(new GaussianNoise(43).next(1000));
    }

    @Test
    void fillingContinuesTheSequence() {
        GaussianNoise one = new GaussianNoise(5);
        GaussianNoise other = new GaussianNoise(5);
        float[] first = new float[3];
        float[] second = new float[4];
        one.fill(first);
        one.fill(second);

        float[] all = other.next(7);

        assertThat(first).containsExactly(all[0], all[1], all[2]);
        assertThat(second).containsExactly(all[3], all[4], all[5], all[6]);
    }

    @Test
    void samplesAreBoxMullerPairsOverSplitMix64() {
        GaussianNoise noise = new GaussianNoise(2024);
        long state = 2024;
        for (int pair = 0; pair < 5; pair++) {
            state += 0x9E3779B97F4A7C15L;
            double u1 = unit(mix(state));
            state += 0x9E3779B97F4A7C15L;
            double u2 = unit(mix(state));
            double radius = Math.sqrt(-2 * Math.log(u1));

            assertThat(noise.nextGaussian()).isCloseTo(radius * Math.cos(2 * Math.PI * u2), within(1e-12));
            assertThat(noise.nextGaussian()).isCloseTo(radius * Math.sin(2 * Math.PI * u2), within(1e-12));
        }
    }

    @Test
    void samplesHaveZeroMeanAndUnitVariance() {
        float[] samples = new GaussianNoise(1).next(200_000);
        double sum = 0;
        double squares = 0;
        for (float sample : samples) {
            sum += sample;
            squares += sample * sample;
        }
        double mean = sum / samples.length;

        assertThat(mean).isCloseTo(0, within(0.01));
        assertThat(squares / samples.length - mean * mean).isCloseTo(1, within(0.02));
    }

    /** SplitMix64's output function (Steele, Lea, Flood 2014). */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The top 53 bits as a double in (0, 1]. */
    private static double unit(long bits) {
        return ((bits >>> 11) + 1) / 9007199254740992.0;
    }
}
