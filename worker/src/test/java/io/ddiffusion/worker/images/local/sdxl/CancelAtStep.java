package io.ddiffusion.worker.images.local.sdxl;

import io.ddiffusion.worker.runtime.CancellationToken;
import io.ddiffusion.worker.runtime.TaskContext;
import io.ddiffusion.worker.runtime.TaskInputs;
import io.ddiffusion.worker.testing.FakeTaskContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.UUID;

/** A task context that its owner cancels as soon as step {@code step} is reported, as a user would mid-run. */
final class CancelAtStep<R> implements TaskContext<R> {
    private final FakeTaskContext<R> task;
    private final long step;

    CancelAtStep(FakeTaskContext<R> task, long step) {
        this.task = task;
        this.step = step;
    }

    @Override
    public void progress(long done, long total) {
        task.progress(done, total);
        if (done == step) {
            task.cancel();
        }
    }

    @Override
    public UUID taskId() {
        return task.taskId();
    }

    @Override
    public String taskName() {
        return task.taskName();
    }

    @Override
    public R request() {
        return task.request();
    }

    @Override
    public TaskInputs inputs() {
        return task.inputs();
    }

    @Override
    public void log(String line) {
        task.log(line);
    }

    @Override
    public CancellationToken cancellation() {
        return task.cancellation();
    }

    @Override
    public String writeOutput(String extension, InputStream data) throws IOException {
        return task.writeOutput(extension, data);
    }

    @Override
    public String writeOutputFile(String extension, Path file) throws IOException {
        return task.writeOutputFile(extension, file);
    }
}
