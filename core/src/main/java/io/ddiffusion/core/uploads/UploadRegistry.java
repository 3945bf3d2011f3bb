package io.ddiffusion.core.uploads;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Which uploads exist, whose they are and until when; the bytes live in the blob storage under
 * {@link Upload#storageKey()}. Implementations are thread-safe: in memory (embedded mode) and in Redis (shared by
 * every API node and worker, so any node's janitor can delete what expired).
 */
public interface UploadRegistry {

    /** Records {@code upload} (replacing a record with its id). */
    void record(Upload upload);

    /** The upload with {@code id}, expired or not, or empty when it is unknown or was deleted. */
    Optional<Upload> find(String id);

    /** Forgets {@code id}; returns whether it was recorded. Its blob is the caller's to delete. */
    boolean delete(String id);

    /** At most {@code limit} uploads whose expiry is at or before {@code now}, soonest first. */
    List<Upload> expired(Instant now, int limit);
}
