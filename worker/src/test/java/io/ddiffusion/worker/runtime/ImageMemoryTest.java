package io.ddiffusion.worker.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ImageMemoryTest {
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Long> waits = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    private CompletableFuture<ImageMemory.Lease> reserveLater(ImageMemory memory, long bytes, CancellationToken t) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return memory.reserve(bytes, t, waits::add);
            } catch (TaskCancelledException e) {
                throw new IllegalStateException(e);
            }
        }, threads);
    }

    @Test
    void reservationsWithinTheBudgetDoNotWaitAndClosingGivesTheBytesBackOnce() throws Exception {
        ImageMemory memory = new ImageMemory(100);
        ImageMemory.Lease a = memory.reserve(60, new CancellationToken(), waits::add);
        ImageMemory.Lease b = memory.reserve(40, new CancellationToken(), waits::add);
        assertThat(memory.free()).isZero();
        assertThat(waits).isEmpty();

        a.close();
        a.close();
        assertThat(memory.free()).isEqualTo(60);
        b.close();
        assertThat(memory.free()).isEqualTo(100);
    }

    @Test
    void aTaskWaitsUntilEnoughIsFreeAndIsToldWhatWasFree() throws Exception {
        ImageMemory memory = new ImageMemory(100);
        ImageMemory.Lease held = memory.reserve(70, new CancellationToken(), waits::add);
        CompletableFuture<ImageMemory.Lease> second = reserveLater(memory, 50, new CancellationToken());

        await().atMost(Duration.ofSeconds(5)).until(() -> waits.size() == 1);
        assertThat(waits).containsExactly(30L);
        assertThat(second).isNotDone();

        held.close();
        assertThat(second.get(5, TimeUnit.SECONDS).bytes()).isEqualTo(50);
        assertThat(memory.free()).isEqualTo(50);
    }

    @Test
    void waitersAreServedInArrivalOrderSoALargeInputIsNotStarvedBySmallOnes() throws Exception {
        ImageMemory memory = new ImageMemory(100);
        ImageMemory.Lease held = memory.reserve(60, new CancellationToken(), waits::add);
        CompletableFuture<ImageMemory.Lease> large = reserveLater(memory, 90, new CancellationToken());
        await().atMost(Duration.ofSeconds(5)).until(() -> waits.size() == 1);
        CompletableFuture<ImageMemory.Lease> small = reserveLater(memory, 10, new CancellationToken());
        await().atMost(Duration.ofSeconds(5)).until(() -> waits.size() == 2);

        assertThat(small).as("40 are free, but the large input came first").isNotDone();
        held.close();
        assertThat(large.get(5, TimeUnit.SECONDS).bytes()).isEqualTo(90);
        assertThat(small.get(5, TimeUnit.SECONDS).bytes()).isEqualTo(10);
        assertThat(memory.free()).isZero();
    }

    @Test
    void aTaskNeedingMoreThanTheWholeBudgetRunsAloneOnAllOfIt() throws Exception {
        ImageMemory memory = new ImageMemory(100);
        ImageMemory.Lease small = memory.reserve(1, new CancellationToken(), waits::add);
        CompletableFuture<ImageMemory.Lease> huge = reserveLater(memory, 5_000, new CancellationToken());
        await().atMost(Duration.ofSeconds(5)).until(() -> waits.size() == 1);
        assertThat(huge).isNotDone();

        small.close();
        assertThat(huge.get(5, TimeUnit.SECONDS).bytes()).isEqualTo(100);
        assertThat(memory.free()).isZero();
    }

    @Test
    void aTaskCancelledWhileWaitingLeavesTheQueueAndTheNextOneGoesOn() throws Exception {
        ImageMemory memory = new ImageMemory(100);
        ImageMemory.Lease held = memory.reserve(80, new CancellationToken(), waits::add);
        CancellationToken token = new CancellationToken();
        CompletableFuture<ImageMemory.Lease> cancelled = reserveLater(memory, 50, token);
        await().atMost(Duration.ofSeconds(5)).until(() -> waits.size() == 1);
        CompletableFuture<ImageMemory.Lease> next = reserveLater(memory, 20, new CancellationToken());
        await().atMost(Duration.ofSeconds(5)).until(() -> waits.size() == 2);

        TaskRuntimeFixtures.cancel(token, CancellationToken.Reason.REVOKED);
        assertThatThrownBy(() -> cancelled.get(5, TimeUnit.SECONDS)).hasRootCauseInstanceOf(
                TaskCancelledException.class);
        assertThat(next.get(5, TimeUnit.SECONDS).bytes()).as("no longer behind the cancelled one").isEqualTo(20);
        assertThat(memory.free()).isZero();
        held.close();
        assertThat(memory.free()).isEqualTo(80);
    }

    @Test
    void tasksWithoutImagesNeverWait() throws Exception {
        ImageMemory memory = new ImageMemory(100);
        ImageMemory.Lease all = memory.reserve(100, new CancellationToken(), waits::add);
        assertThat(memory.reserve(0, new CancellationToken(), waits::add).bytes()).isZero();
        assertThat(waits).isEmpty();
        all.close();
    }
}
