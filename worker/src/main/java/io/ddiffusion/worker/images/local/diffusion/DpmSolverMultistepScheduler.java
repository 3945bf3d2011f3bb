package io.ddiffusion.worker.images.local.diffusion;

/**
 * diffusers' {@code DPMSolverMultistepScheduler} as DPM++ 2M: algorithm {@code dpmsolver++}, solver order 2, midpoint
 * solver type, final σ 0 and lower-order final step. Latents stay in the variance-preserving form
 * {@code x = α·x0 + σ_vp·ε} with {@code α = 1/sqrt(σ² + 1)} and {@code σ_vp = σ·α}, so the starting noise has
 * standard deviation 1 and the denoiser input is not scaled.
 *
 * <p>Each step turns the denoiser output into a clean-sample estimate D; the first step (and the last, down to σ 0)
 * takes the first-order update {@code x ← (σ_vp,t/σ_vp,s)·x − α_t(e^{−h} − 1)·D}, with {@code h = λ_t − λ_s} and
 * {@code λ = ln α − ln σ_vp}; the others add the midpoint correction from the previous step's estimate. Steps must be
 * called once each, in order.
 */
public final class DpmSolverMultistepScheduler extends SigmaWalk {

    private float[] estimate;
    private float[] previousEstimate;
    private int nextStep;

    public DpmSolverMultistepScheduler(SchedulerConfig config, StepPlan plan) {
        super(config, plan, config.timestepSpacing().multistep(plan.steps(), config.trainTimesteps(), config.stepsOffset()));
    }

    @Override
    public double initNoiseSigma() {
        return 1.0;
    }

    @Override
    public double modelInputScale(int stepIndex) {
        sigma(stepIndex);
        return 1.0;
    }

    /** {@code α·original + σ_vp·noise} at the step's noise level. */
    @Override
    public float[] addNoise(float[] original, float[] noise, int stepIndex) {
        double sigma = sigma(stepIndex);
        double alpha = alpha(sigma);
        return combined(original, alpha, noise, sigma * alpha);
    }

    @Override
    public void step(float[] modelOutput, int stepIndex, float[] x) {
        if (stepIndex != nextStep) {
            throw new IllegalStateException("DPM-Solver step " + stepIndex + " called, expected step " + nextStep
                    + ": a multistep run takes each step once, in order");
        }
        double sigma = sigma(stepIndex);
        requireSameLength(modelOutput, x);
        if (estimate == null || estimate.length != x.length) {
            estimate = new float[x.length];
            previousEstimate = new float[x.length];
        }
        // x0 = a·x + b·output in the sigma-scaled space becomes a·sqrt(σ² + 1)·x_vp + b·output here.
        double a = config.predictionType().sampleWeight(sigma) / alpha(sigma);
        double b = config.predictionType().outputWeight(sigma);
        for (int i = 0; i < x.length; i++) {
            estimate[i] = (float) (a * x[i] + b * modelOutput[i]);
        }
        boolean lastStep = stepIndex == steps() - 1;
        if (stepIndex == 0 || lastStep) {
            firstOrderUpdate(x, sigma, sigmas[stepIndex + 1]);
        } else {
            secondOrderUpdate(x, sigmas[stepIndex - 1], sigma, sigmas[stepIndex + 1]);
        }
        float[] swap = previousEstimate;
        previousEstimate = estimate;
        estimate = swap;
        nextStep++;
    }

    private void firstOrderUpdate(float[] x, double sigmaS, double sigmaT) {
        double alphaT = alpha(sigmaT);
        // e^{-h} = σ_t/σ_s once the α terms cancel; 0 at the final σ of 0, where x becomes the estimate.
        double expMinusH = sigmaT / sigmaS;
        combine(x, (sigmaT * alphaT) / (sigmaS * alpha(sigmaS)), estimate, -alphaT * (expMinusH - 1.0));
    }

    private void secondOrderUpdate(float[] x, double sigmaS1, double sigmaS0, double sigmaT) {
        double alphaT = alpha(sigmaT);
        double h = Math.log(sigmaS0) - Math.log(sigmaT);
        double h0 = Math.log(sigmaS1) - Math.log(sigmaS0);
        double r0 = h0 / h;
        double c = -alphaT * (sigmaT / sigmaS0 - 1.0);
        double onSample = (sigmaT * alphaT) / (sigmaS0 * alpha(sigmaS0));
        // D0 = estimate, D1 = (estimate − previous)/r0; x ← ratio·x + c·D0 + c/2·D1.
        double onEstimate = c * (1.0 + 0.5 / r0);
        double onPrevious = -c * 0.5 / r0;
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (onSample * x[i] + onEstimate * estimate[i] + onPrevious * previousEstimate[i]);
        }
    }

    private static double alpha(double sigma) {
        return 1.0 / Math.sqrt(sigma * sigma + 1.0);
    }
}
