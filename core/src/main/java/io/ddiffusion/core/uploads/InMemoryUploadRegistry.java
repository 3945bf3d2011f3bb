package io.ddiffusion.core.uploads;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The embedded mode's registry, in this process's memory. After a restart its uploads are unknown (a task naming
 * one gets 422) and their blobs are deleted by the janitor with everything older than the retention.
 */
public final class InMemoryUploadRegistry implements UploadRegistry {
    private final Map<String, Upload> uploads = new ConcurrentHashMap<>();

    @Override
    public void record(Upload upload) {
        uploads.put(upload.id(), upload);
    }

    @Override
    public Optional<Upload> find(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(uploads.get(id));
    }

    @Override
    public boolean delete(String id) {
        return id != null && uploads.remove(id) != null;
    }

    @Override
    public List<Upload> expired(Instant now, int limit) {
        return uploads.values().stream().filter(u -> !u.expiresAt().isAfter(now))
                .sorted(Comparator.comparing(Upload::expiresAt)).limit(limit).toList();
    }
}
