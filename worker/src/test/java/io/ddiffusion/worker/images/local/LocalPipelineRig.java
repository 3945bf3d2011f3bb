package io.ddiffusion.worker.images.local;

import io.ddiffusion.schema.images.ImageModel;
import io.ddiffusion.schema.images.ImageRequest;
import io.ddiffusion.worker.images.ImageContext;
import io.ddiffusion.worker.models.LocalModelSettings.OnnxDevice;
import io.ddiffusion.worker.runtime.TaskContext;
import io.ddiffusion.worker.testing.FakeTaskContext;
import io.ddiffusion.worker.testing.TinyOnnx;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.imageio.ImageIO;

/**
 * A local pipeline under test: tiny model files in a folder standing in for one model's weights, a CPU runtime serving
 * them, and image tasks whose input image is stored as the API would store it.
 */
public final class LocalPipelineRig implements AutoCloseable {
    private final Path dir;
    private final ImageModel model;
    private final Map<String, Path> files = new ConcurrentHashMap<>();
    private final List<String> workerLog = new CopyOnWriteArrayList<>();
    private final LocalRuntime runtime;

    public LocalPipelineRig(Path dir, ImageModel model) {
        this.dir = dir;
        this.model = model;
        this.runtime = new LocalRuntime((name, log) -> {
            if (!name.equals(model.id())) {
                throw new IllegalStateException("this rig serves " + model.id() + ", not " + name);
            }
            return new io.ddiffusion.worker.models.ModelPaths(name, files);
        }, OnnxDevice.CPU, 1L << 30, workerLog::add);
    }

    /** Saves {@code tiny} as the model file of {@code role}. */
    public LocalPipelineRig weights(String role, TinyOnnx tiny) {
        try {
            files.put(role, tiny.save(dir.resolve("weights").resolve(role + ".onnx")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public LocalRuntime runtime() {
        return runtime;
    }

    /** A task of this rig's model with {@code image} (PNG, JPEG, …) as its input image. */
    public FakeTaskContext<ImageRequest> task(byte[] image) {
        ImageRequest request = new ImageRequest(model, null, null, null, null, null, null, null, null);
        return FakeTaskContext.of("images." + model.id(), request, dir.resolve("storage"), Map.of("image", image));
    }

    /** A task of this rig's model without an input image. */
    public FakeTaskContext<ImageRequest> taskWithoutImage() {
        return FakeTaskContext.of("images." + model.id(), new ImageRequest(model, null, null, null, null, null, null,
                null, null), dir.resolve("storage"), Map.of());
    }

    /** The image context the runtime would build for {@code task}. */
    public static ImageContext context(TaskContext<ImageRequest> task) {
        try {
            return ImageContext.of(task);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The task's single output, decoded. */
    public static BufferedImage output(FakeTaskContext<ImageRequest> task) throws IOException {
        if (task.outputs().size() != 1) {
            throw new AssertionError("expected one output, got " + task.outputs());
        }
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(task.read(task.outputs().getFirst())));
        if (img == null) {
            throw new AssertionError("the output is not a readable image");
        }
        return img;
    }

    /**
     * {@code task}, cancelled by its owner as soon as it reports progress step {@code step}: the way to cancel in the
     * middle of a run without timing.
     */
    public static TaskContext<ImageRequest> cancelledAtStep(FakeTaskContext<ImageRequest> task, long step) {
        return task.cancelAtStep(step);
    }

    @Override
    public void close() {
        runtime.close();
    }
}
