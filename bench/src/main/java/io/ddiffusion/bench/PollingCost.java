package io.ddiffusion.bench;

import io.ddiffusion.worker.providers.replicate.ReplicateEmulator;
import java.util.Locale;

/**
 * What holding predictions open costs while nothing else happens: sampled every 100 ms, only the stretches in which
 * the emulator saw no prediction created and none finish count, and their CPU (worker, Redis) and polls are divided
 * by the predictions in flight times the stretch's length. why: creating a prediction and storing its output cost far
 * more than a poll; counting them in would hide the price of one more waiting task, which is what sets how many one
 * worker can hold. Also counts the worker's CPU over the whole phase.
 */
final class PollingCost {
    private final Proc worker;
    private final Proc redis;
    private final ReplicateEmulator emulator;
    private Sample last;
    private long workerTicks;
    private long redisTicks;
    private long polls;
    private double seconds;
    /** Sum over steady stretches of predictions in flight × seconds. */
    private double taskSeconds;

    private record Sample(long nanos, long worker, long redis, long created, int inFlight, long polls) {
    }

    PollingCost(Proc worker, Proc redis, ReplicateEmulator emulator) {
        this.worker = worker;
        this.redis = redis;
        this.emulator = emulator;
    }

    /** Takes a sample; the stretch since the previous one counts if it was steady. */
    synchronized void sample() {
        Sample now = new Sample(System.nanoTime(), worker == null ? 0 : worker.cpuTicks(),
                redis == null ? 0 : redis.cpuTicks(), emulator.created(), emulator.inFlight(), emulator.polls());
        if (last != null && now.created == last.created && now.inFlight == last.inFlight && now.inFlight > 0) {
            double dt = (now.nanos - last.nanos) / 1e9;
            seconds += dt;
            taskSeconds += now.inFlight * dt;
            workerTicks += now.worker - last.worker;
            redisTicks += now.redis - last.redis;
            polls += now.polls - last.polls;
        }
        last = now;
    }

    @Override
    public synchronized String toString() {
        if (taskSeconds == 0) {
            return "polling cost: no steady stretch (predictions were created or finished in every 100 ms)";
        }
        return String.format(Locale.ROOT, "**polling cost: worker %.1f µs CPU per in-flight prediction per second**, "
                + "Redis %.1f µs, %.3f polls per prediction per second (over %.1f s without creates or finishes, "
                + "%,.0f prediction-seconds)", micros(workerTicks), micros(redisTicks), polls / taskSeconds, seconds,
                taskSeconds);
    }

    private double micros(long ticks) {
        return ticks / Proc.TICKS_PER_SECOND * 1e6 / taskSeconds;
    }
}
