package io.ddiffusion.worker.images.local.diffusion;

/**
 * Which training timesteps a run of N steps visits, highest first (diffusers' {@code timestep_spacing}). The Euler
 * schedulers and DPM-Solver differ slightly for leading and linspace spacing, as in diffusers.
 */
public enum TimestepSpacing {
    /** Multiples of {@code train / steps} from 0, plus {@code steps_offset} (SDXL's setting). */
    LEADING,
    /** Evenly spaced down from the last training timestep. */
    TRAILING,
    /** Evenly spaced over [0, train − 1], fractional for the Euler schedulers. */
    LINSPACE;

    /** The timesteps of diffusers' Euler and Euler ancestral schedulers. */
    double[] discrete(int steps, int train, int offset) {
        double[] timesteps = new double[steps];
        for (int i = 0; i < steps; i++) {
            int k = steps - 1 - i;
            timesteps[i] = switch (this) {
                case LEADING -> (double) k * (train / steps) + offset;
                case TRAILING -> Math.rint(train - i * ((double) train / steps)) - 1;
                // diffusers builds these in float32
                case LINSPACE -> (float) (steps == 1 ? 0.0 : (train - 1) * (double) k / (steps - 1));
            };
        }
        return timesteps;
    }

    /** The timesteps of diffusers' DPM-Solver multistep scheduler: integers, leading and linspace over steps + 1. */
    double[] multistep(int steps, int train, int offset) {
        double[] timesteps = new double[steps];
        for (int i = 0; i < steps; i++) {
            int k = steps - i;
            timesteps[i] = switch (this) {
                case LEADING -> (double) k * (train / (steps + 1)) + offset;
                case TRAILING -> Math.rint(train - i * ((double) train / steps)) - 1;
                case LINSPACE -> Math.rint((train - 1) * (double) k / steps);
            };
        }
        return timesteps;
    }
}
