package io.ddiffusion.worker.runtime;

import static io.ddiffusion.worker.runtime.GpuEngine.Kind.COMFYUI;
import static io.ddiffusion.worker.runtime.GpuEngine.Kind.ONNX_RUNTIME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One task at a time on the shared GPU, in arrival order, cancellable; engines free their memory on a switch. */
@Timeout(30) // why: a broken exclusion shows as a task waiting forever; fail instead of hanging the build
class GpuDeviceTest {
    private static final Duration SOON = Duration.ofSeconds(5);

    private final GpuDevice device = new GpuDevice();
    private final List<String> journal = new CopyOnWriteArrayList<>();
    private final FakeGpuEngine onnx = new FakeGpuEngine(ONNX_RUNTIME, journal);
    private final FakeGpuEngine comfy = new FakeGpuEngine(COMFYUI, journal);

    /** A task asking for the device on its own thread. */
    private final class Asker {
        final CancellationToken token = new CancellationToken();
        final List<String> log = new CopyOnWriteArrayList<>();
        final CompletableFuture<GpuDevice.Lease> lease = new CompletableFuture<>();

        Asker(GpuEngine engine, String task) {
            Thread.ofVirtual().start(() -> {
                try {
                    lease.complete(device.acquire(engine, task, token, log::add));
                } catch (Throwable e) {
                    lease.completeExceptionally(e);
                }
            });
        }

        GpuDevice.Lease held() throws Exception {
            return lease.get(SOON.toSeconds(), TimeUnit.SECONDS);
        }
    }

    /** Asks on another thread and returns once the task waits in line behind {@code ahead} others. */
    private Asker waitingBehind(int ahead, GpuEngine engine, String task) {
        Asker a = new Asker(engine, task);
        await().atMost(SOON).until(() -> device.waiting() == ahead + 1);
        return a;
    }

    private GpuDevice.Lease take(GpuEngine engine, String task) throws TaskCancelledException {
        return device.acquire(engine, task, new CancellationToken(), line -> { });
    }

    @Test
    void oneTaskHoldsTheDeviceAndTheOthersGetItInTheOrderTheyAsked() throws Exception {
        GpuDevice.Lease first = take(onnx, "first");
        Asker second = waitingBehind(0, comfy, "second");
        Asker third = waitingBehind(1, onnx, "third");

        assertThat(second.lease).isNotDone();
        assertThat(device.holder()).contains("first");
        first.close();

        GpuDevice.Lease secondHeld = second.held();
        assertThat(device.holder()).contains("second");
        assertThat(third.lease).as("the third waits for the second").isNotDone();
        assertThat(device.waiting()).isEqualTo(1);
        secondHeld.close();

        third.held().close();
        assertThat(device.holder()).isEmpty();
    }

    @Test
    void aTaskThatWaitsSaysForWhatAndHowLong() throws Exception {
        GpuDevice.Lease first = take(comfy, "images.flux-1 42");
        Asker waiting = waitingBehind(0, comfy, "workflows.comfy-workflow 43");
        first.close();
        waiting.held().close();

        assertThat(waiting.log.getFirst()).startsWith("Waiting for the GPU, which ONNX Runtime and ComfyUI share on "
                + "this worker (DDIFFUSION_GPU_SHARED): images.flux-1 42 runs on ComfyUI");
        assertThat(waiting.log.get(1)).matches("Got the GPU after \\d+\\.\\d s");
    }

    @Test
    void aTaskCancelledWhileItWaitsStopsWaitingAtOnceAndTheNextInLineGetsTheDevice() throws Exception {
        GpuDevice.Lease first = take(onnx, "first");
        Asker cancelled = waitingBehind(0, comfy, "cancelled");
        Asker next = waitingBehind(1, comfy, "next");

        TaskRuntimeFixtures.cancel(cancelled.token, CancellationToken.Reason.REVOKED);

        assertThatThrownBy(cancelled::held).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(TaskCancelledException.class);
        assertThat(device.waiting()).isEqualTo(1);
        assertThat(device.holder()).as("cancelling a wait takes nothing from the holder").contains("first");
        first.close();
        next.held().close();
    }

    @Test
    void aTaskCancelledBeforeItAsksWhileTheDeviceIsBusyNeverGetsIt() throws Exception {
        GpuDevice.Lease first = take(onnx, "first");
        CancellationToken token = new CancellationToken();
        TaskRuntimeFixtures.cancel(token, CancellationToken.Reason.SOFT_TIME_LIMIT);

        assertThatThrownBy(() -> device.acquire(comfy, "late", token, line -> { }))
                .isInstanceOf(TaskCancelledException.class);
        assertThat(device.waiting()).isZero();
        first.close();
    }

    @Test
    void switchingEnginesFreesTheOneThatUsedTheDeviceLastAndConsecutiveTasksOfOneEngineFreeNothing()
            throws Exception {
        List<GpuEngine> order = List.of(comfy, comfy, onnx, onnx, comfy, onnx, comfy, comfy);
        List<String> freedBefore = new ArrayList<>();
        for (GpuEngine engine : order) {
            int before = journal.size();
            take(engine, "task").close();
            freedBefore.add(journal.subList(before, journal.size()).toString());
        }

        assertThat(freedBefore).containsExactly("[]", "[]", "[free ComfyUI]", "[]", "[free ONNX Runtime]",
                "[free ComfyUI]", "[free ONNX Runtime]", "[]");
        assertThat(comfy.frees).hasValue(2);
        assertThat(onnx.frees).hasValue(2);
    }

    @Test
    void anEngineThatTurnedOutNotToUseTheGpuIsNotAskedToFreeIt() throws Exception {
        take(onnx, "first task, engine on auto").close();
        onnx.usesGpu = false;
        List<String> log = new ArrayList<>();

        device.acquire(comfy, "next", new CancellationToken(), log::add).close();

        assertThat(onnx.frees).hasValue(0);
        assertThat(log).isEmpty();
    }

    @Test
    void theSwitchIsLoggedInTheTaskThatCausesIt() throws Exception {
        take(comfy, "before").close();
        List<String> log = new ArrayList<>();
        device.acquire(onnx, "after", new CancellationToken(), log::add).close();

        assertThat(log).containsExactly("The GPU passes from ComfyUI to ONNX Runtime: freeing ComfyUI's memory first",
                "freed ComfyUI");
    }

    @Test
    void aFailedFreeIsLoggedAndTheTaskRunsAnyway() throws Exception {
        comfy.failure = new IllegalStateException("POST /free to the ComfyUI sidecar failed: HTTP 500");
        take(comfy, "before").close();
        List<String> log = new ArrayList<>();

        GpuDevice.Lease lease = device.acquire(onnx, "after", new CancellationToken(), log::add);

        assertThat(device.holder()).contains("after");
        assertThat(log).last().isEqualTo("Could not free ComfyUI's GPU memory (POST /free to the ComfyUI sidecar "
                + "failed: HTTP 500); running anyway");
        lease.close();
    }

    @Test
    void closingALeaseTwiceDoesNotTakeTheDeviceFromTheNextHolder() throws Exception {
        GpuDevice.Lease first = take(onnx, "first");
        first.close();
        GpuDevice.Lease second = take(comfy, "second");

        first.close();

        assertThat(device.holder()).contains("second");
        Asker third = waitingBehind(0, onnx, "third");
        assertThat(third.lease).isNotDone();
        second.close();
        third.held().close();
    }
}
