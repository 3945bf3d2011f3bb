package io.ddiffusion.worker.workflows.comfy;

import java.time.Duration;

/** Short waits for runs against the emulator. */
final class ComfyWorkflowTestTiming {
    static final ComfyRun.Timing FAST = new ComfyRun.Timing(Duration.ofMillis(300), Duration.ofSeconds(3),
            Duration.ofSeconds(3), Duration.ofSeconds(5));

    private ComfyWorkflowTestTiming() {
    }
}
