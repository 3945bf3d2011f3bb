package io.ddiffusion.worker.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddiffusion.worker.models.ModelComponent.Recorded;
import io.ddiffusion.worker.models.hub.HubFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelLockTest {

    static final String REPO = "acme/big";
    static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
    static final String SHA = "a".repeat(64);

    @TempDir
    Path dir;

    ModelLock lock() {
        return new ModelLock(dir.resolve("models.lock.json"));
    }

    static ModelComponent component(Recorded recorded) {
        return ModelComponent.unpinned("weights", REPO, "w.safetensors", recorded, "not pinned by the build");
    }

    @Test
    void anEntryIsFoundOnlyWhereTheBuildsRecordAdmitsIt() {
        ModelLock lock = lock();
        HubFile pin = new HubFile(REPO, COMMIT, "w.safetensors", 42, SHA);
        lock.record(pin, Instant.parse("2026-12-07T03:00:00Z"));

        assertThat(lock.find(component(Recorded.NOTHING))).contains(pin);
        assertThat(lock.find(component(new Recorded(COMMIT.substring(0, 8), Optional.empty(), Optional.empty()))))
                .contains(pin);
        assertThat(lock.find(component(new Recorded("fedcba98", Optional.empty(), Optional.empty()))))
                .as("another commit").isEmpty();
        assertThat(lock.find(component(new Recorded(COMMIT, Optional.of(43L), Optional.empty()))))
                .as("another recorded size").isEmpty();
        assertThat(lock.find(component(new Recorded(COMMIT, Optional.empty(), Optional.of("b".repeat(64))))))
                .as("another recorded sha256").isEmpty();
        assertThat(lock.find(ModelComponent.unpinned("weights", REPO, "other.safetensors", Recorded.NOTHING, "x")))
                .isEmpty();
    }

    @Test
    void anotherProcessesEntriesAreSeenAndARenewedEntryReplacesItsOldSelf() throws IOException {
        ModelLock mine = lock();
        ModelLock theirs = lock();
        assertThat(mine.entries()).isEmpty();
        assertThat(mine.file()).doesNotExist();

        theirs.record(new HubFile(REPO, COMMIT, "w.safetensors", 42, SHA), Instant.parse("2026-12-07T03:00:00Z"));
        theirs.record(new HubFile(REPO, COMMIT, "w.safetensors", 42, SHA), Instant.parse("2026-12-07T04:00:00Z"));

        assertThat(mine.entries()).singleElement().satisfies(e -> assertThat(e.lockedAt())
                .isEqualTo(Instant.parse("2026-12-07T04:00:00Z")));
        assertThat(Files.readString(mine.file())).contains("\"revision\" : \"" + COMMIT + "\"", "\"size\" : 42",
                "\"sha256\" : \"" + SHA + "\"", "\"locked_at\" : \"2026-12-07T04:00:00Z\"");
    }

    @Test
    void concurrentWritersKeepEveryEntry() throws Exception {
        ModelLock lock = lock();
        try (var pool = Executors.newFixedThreadPool(8)) {
            IntStream.range(0, 40).forEach(i -> pool.submit(() -> new ModelLock(lock.file()).record(
                    new HubFile(REPO, COMMIT, "part-" + i + ".bin", i, SHA), Instant.now())));
        }

        assertThat(lock.entries()).hasSize(40);
    }

    @Test
    void aDamagedLockFileIsAClearErrorNamingItAndItsVariable() throws IOException {
        Files.writeString(dir.resolve("models.lock.json"), "{\"files\": \"nope\"}");

        assertThatThrownBy(() -> lock().entries()).isInstanceOf(ModelWeightsException.class)
                .hasMessageContaining(dir.resolve("models.lock.json").toString())
                .hasMessageContaining("DDIFFUSION_MODEL_LOCK").hasMessageContaining("not a version 1 lock file");
    }

    @Test
    void theDefaultFileSitsBesideTheCacheFolder() {
        assertThat(ModelLock.besideCache(dir.resolve("huggingface/hub")))
                .isEqualTo(dir.resolve("huggingface/deferred-diffusion-models.lock.json"));
    }
}
