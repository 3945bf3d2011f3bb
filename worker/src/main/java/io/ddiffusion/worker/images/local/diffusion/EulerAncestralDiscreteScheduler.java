package io.ddiffusion.worker.images.local.diffusion;

/**
 * diffusers' {@code EulerAncestralDiscreteScheduler}: each step goes down to {@code σ_down} deterministically, then
 * adds fresh noise of {@code σ_up}, with {@code σ_up = sqrt(σ_next² (σ² − σ_next²) / σ²)} and
 * {@code σ_down = sqrt(σ_next² − σ_up²)}, so the total noise level lands on {@code σ_next}. The noise comes from the
 * given {@link GaussianNoise}, in step order: call each step once, in order, for a reproducible image.
 */
public final class EulerAncestralDiscreteScheduler extends SigmaWalk {

    private final GaussianNoise noise;
    private float[] fresh;

    public EulerAncestralDiscreteScheduler(SchedulerConfig config, StepPlan plan, GaussianNoise noise) {
        super(config, plan, config.timestepSpacing().discrete(plan.steps(), config.trainTimesteps(), config.stepsOffset()));
        if (noise == null) {
            throw new IllegalArgumentException("the ancestral scheduler needs a noise source");
        }
        this.noise = noise;
    }

    /** The noise added after step {@code stepIndex}. */
    public double sigmaUp(int stepIndex) {
        double from = sigma(stepIndex);
        double to = sigmas[stepIndex + 1];
        return Math.sqrt(to * to * (from * from - to * to) / (from * from));
    }

    /** The level the deterministic part of step {@code stepIndex} goes down to. */
    public double sigmaDown(int stepIndex) {
        double to = sigmas[stepIndex + 1];
        double up = sigmaUp(stepIndex);
        return Math.sqrt(Math.max(to * to - up * up, 0.0));
    }

    @Override
    public void step(float[] modelOutput, int stepIndex, float[] x) {
        eulerMove(x, modelOutput, sigma(stepIndex), sigmaDown(stepIndex));
        if (fresh == null || fresh.length != x.length) {
            fresh = new float[x.length];
        }
        noise.fill(fresh);
        combine(x, 1.0, fresh, sigmaUp(stepIndex));
    }
}
