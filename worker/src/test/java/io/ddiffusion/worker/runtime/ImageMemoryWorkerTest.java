package io.ddiffusion.worker.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ddiffusion.core.queue.InMemoryTaskQueue;
import io.ddiffusion.core.storage.FilesystemBlobStorage;
import io.ddiffusion.core.storage.StorageKeys;
import io.ddiffusion.core.store.InMemoryTaskStore;
import io.ddiffusion.schema.common.TaskStatus;
import io.ddiffusion.schema.images.ImageModel;
import io.ddiffusion.schema.images.ImageRequest;
import io.ddiffusion.worker.testing.EchoHandler;
import io.ddiffusion.worker.testing.EchoHandlerProvider;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worker's image memory budget: tasks with large inputs wait for memory; an out-of-memory fails one task. */
class ImageMemoryWorkerTest {
    private static final Duration SOON = Duration.ofSeconds(20);
    private static final int SIDE = 1000;

    @TempDir
    Path storageDir;

    private WorkerHarness h;

    @BeforeEach
    void setUp() {
        EchoHandler.reset();
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    private void harness(HandlerRegistry handlers) {
        h = new WorkerHarness(new InMemoryTaskQueue(), new InMemoryTaskStore(Duration.ofMinutes(5)),
                new FilesystemBlobStorage(storageDir), handlers);
    }

    private static HandlerRegistry echo() {
        HandlerRegistry.Builder b = HandlerRegistry.builder();
        new EchoHandlerProvider().register(b, null);
        return b.build();
    }

    private WorkerOptions options(long imageMemory) {
        return new WorkerOptions(WorkerHarness.queues(1, 8, Duration.ofSeconds(30), Duration.ofSeconds(40)),
                Duration.ofMillis(200), 3, Duration.ofSeconds(5), imageMemory);
    }

    private static byte[] png(int side) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB), "png", out);
        return out.toByteArray();
    }

    private UUID submitWithImage(byte[] image, String prompt) throws Exception {
        UUID id = UUID.randomUUID();
        String key = StorageKeys.inputsPrefix(id) + "image.png";
        h.storage.put(key, new ByteArrayInputStream(image));
        return h.submit(id, ImageModel.GPT_IMAGE_1, prompt, Map.of("image", key));
    }

    @Test
    void inputsAreCountedAtTheirHeaderDeclaredSizeOnceDecoded() throws Exception {
        harness(echo());
        String key = StorageKeys.inputsPrefix(UUID.randomUUID()) + "image.png";
        h.storage.put(key, new ByteArrayInputStream(png(SIDE)));
        TaskInputs inputs = TaskRuntimeFixtures.inputs(Map.of("image", key, "mask", key), h.storage);

        assertThat(inputs.decodedImageBytes()).isEqualTo(2L * SIDE * SIDE * TaskInputs.DECODED_BYTES_PER_PIXEL);
        assertThat(TaskRuntimeFixtures.inputs(Map.of(), h.storage).decodedImageBytes()).isZero();
    }

    @Test
    void tasksWhoseImagesDoNotFitTogetherRunOneAfterAnotherAndAllSucceed() throws Exception {
        harness(echo());
        byte[] image = png(SIDE);
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(submitWithImage(image, "decode;sleep=150"));
        }
        long oneTask = (long) SIDE * SIDE * TaskInputs.DECODED_BYTES_PER_PIXEL;
        h.worker("w", options(oneTask + oneTask / 2));

        await().atMost(SOON).until(() -> ids.stream().allMatch(id -> h.task(id).status() == TaskStatus.SUCCESS));
        assertThat(EchoHandler.MAX_CONCURRENT.get()).as("eight slots, memory for one").isEqualTo(1);
        long waited = ids.stream().filter(id -> h.store.logs(id).stream()
                .anyMatch(l -> l.startsWith("Waiting for memory: its images need 8 MiB once decoded"))).count();
        assertThat(waited).isGreaterThanOrEqualTo(1);
        assertThat(h.store.logs(ids.getFirst())).contains("decoded image " + SIDE + "x" + SIDE);
    }

    @Test
    void tasksThatFitTogetherRunTogether() throws Exception {
        harness(echo());
        byte[] image = png(SIDE);
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(submitWithImage(image, "decode;sleep=1500"));
        }
        h.worker("w", options(64L << 20));

        await().atMost(SOON).until(() -> EchoHandler.MAX_CONCURRENT.get() == 3);
        await().atMost(SOON).until(() -> ids.stream().allMatch(id -> h.task(id).status() == TaskStatus.SUCCESS));
        assertThat(ids).allSatisfy(id -> assertThat(h.store.logs(id)).noneMatch(l -> l.startsWith("Waiting")));
    }

    @Test
    void anOutOfMemoryErrorFailsItsTaskWithAMessageAndTheWorkerGoesOn() throws Exception {
        HandlerRegistry.Builder b = HandlerRegistry.builder();
        b.register(ImageModel.GPT_IMAGE_1.taskName(), new TaskHandler<ImageRequest>() {
            @Override
            public Class<ImageRequest> requestType() {
                return ImageRequest.class;
            }

            @Override
            public TaskResult run(TaskContext<ImageRequest> ctx) throws java.io.IOException {
                if (ctx.request().prompt().equals("oom")) {
                    throw new OutOfMemoryError("Java heap space");
                }
                if (ctx.request().prompt().equals("wrapped")) {
                    throw new javax.imageio.IIOException("Caught exception during read: ", new OutOfMemoryError(
                            "Java heap space"));
                }
                return TaskResult.text("fine");
            }
        });
        harness(b.build());
        h.worker("w", options(64L << 20));
        UUID failing = h.submit(ImageModel.GPT_IMAGE_1, "oom", Map.of());
        UUID decoding = h.submit(ImageModel.GPT_IMAGE_1, "wrapped", Map.of());
        UUID next = h.submit(ImageModel.GPT_IMAGE_1, "after", Map.of());

        await().atMost(SOON).until(() -> h.task(next).status() == TaskStatus.SUCCESS);
        for (UUID id : List.of(failing, decoding)) {
            assertThat(h.task(id).status()).isEqualTo(TaskStatus.FAILURE);
            assertThat(h.task(id).error()).startsWith("The worker ran out of memory running this task (Java heap "
                    + "space)").contains("DDIFFUSION_IMAGE_MEMORY_MB");
        }
    }
}
