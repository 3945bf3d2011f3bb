package io.ddiffusion.worker.videos;

import io.ddiffusion.schema.videos.VideoModel;
import io.ddiffusion.worker.runtime.ModelHandler;
import io.ddiffusion.worker.runtime.TaskHandler;
import java.util.List;

/** Runs one video model. */
public interface VideoHandler extends ModelHandler {
    @Override
    VideoModel model();

    /** Runs the task; returns the storage keys of the produced videos. */
    List<String> run(VideoContext context) throws Exception;

    @Override
    default TaskHandler<?> taskHandler() {
        return new VideoTaskHandler(this);
    }
}
