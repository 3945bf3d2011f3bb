package io.ddiffusion.core.store;

import java.util.UUID;

/**
 * The outcome of a submit under an Idempotency-Key.
 *
 * @param taskId the task created now, or (when {@code replayed}) the one an earlier request with the same key and
 *     fingerprint created
 * @param replayed whether nothing was created because the key's record existed
 */
public record Submitted(UUID taskId, boolean replayed) {
}
