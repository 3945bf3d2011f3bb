package io.ddiffusion.worker.runtime;

import io.ddiffusion.core.storage.BlobStorage;
import java.util.Map;

/** Test access to the runtime's package-private pieces: firing a cancellation token, building task inputs. */
public final class TaskRuntimeFixtures {
    private TaskRuntimeFixtures() {
    }

    /** Cancels {@code token} as the runtime would (revocation, time limits, shutdown). */
    public static boolean cancel(CancellationToken token, CancellationToken.Reason reason) {
        return token.cancel(reason);
    }

    /** Task inputs over {@code storage}, by field path → storage key. */
    public static TaskInputs inputs(Map<String, String> keys, BlobStorage storage) {
        return new TaskInputs(keys, storage);
    }
}
