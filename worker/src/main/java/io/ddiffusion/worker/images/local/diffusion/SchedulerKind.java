package io.ddiffusion.worker.images.local.diffusion;

/** The schedulers a pipeline can choose by name, each built for one run. */
public enum SchedulerKind {
    /** {@link EulerDiscreteScheduler}: deterministic, SDXL's default. */
    EULER,
    /** {@link EulerAncestralDiscreteScheduler}: fresh noise every step. */
    EULER_ANCESTRAL,
    /** {@link DpmSolverMultistepScheduler}: DPM++ 2M. */
    DPM_SOLVER_MULTISTEP;

    /** A scheduler for one run; {@code noise} is drawn from only by the ancestral scheduler. */
    public Scheduler create(SchedulerConfig config, StepPlan plan, GaussianNoise noise) {
        return switch (this) {
            case EULER -> new EulerDiscreteScheduler(config, plan);
            case EULER_ANCESTRAL -> new EulerAncestralDiscreteScheduler(config, plan, noise);
            case DPM_SOLVER_MULTISTEP -> new DpmSolverMultistepScheduler(config, plan);
        };
    }
}
