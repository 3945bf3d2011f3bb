package io.ddiffusion.worker.texts;

import io.ddiffusion.schema.texts.TextRequest;
import io.ddiffusion.worker.runtime.TaskContext;
import io.ddiffusion.worker.runtime.TaskInputs;
import java.util.List;

/** What a text handler works from: the request, its images and videos as stored (with their real formats). */
public record TextContext(TextRequest request, List<TaskInputs.Input> images, List<TaskInputs.Input> videos,
        TaskContext<TextRequest> task) {

    public static TextContext of(TaskContext<TextRequest> task) {
        return new TextContext(task.request(), task.inputs().list("images["), task.inputs().list("videos["), task);
    }
}
