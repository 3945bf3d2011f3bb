package io.ddiffusion.worker.images.local.diffusion;

/**
 * diffusers' {@code EulerDiscreteScheduler} without churn: sigmas interpolated at the chosen timesteps, a final σ of 0,
 * and one deterministic Euler step per denoiser call, {@code x ← x + (x − x0)/σ · (σ_next − σ)}. Stateless between
 * steps, so steps may be repeated (but not run in parallel on the same arrays).
 */
public final class EulerDiscreteScheduler extends SigmaWalk {

    public EulerDiscreteScheduler(SchedulerConfig config, StepPlan plan) {
        super(config, plan, config.timestepSpacing().discrete(plan.steps(), config.trainTimesteps(), config.stepsOffset()));
    }

    @Override
    public void step(float[] modelOutput, int stepIndex, float[] x) {
        eulerMove(x, modelOutput, sigma(stepIndex), sigmas[stepIndex + 1]);
    }
}
