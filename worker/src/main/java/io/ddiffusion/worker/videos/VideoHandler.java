package io.ddiffusion.worker.videos;

import io.ddiffusion.schema.videos.VideoModel;
import java.util.List;

/** Runs one video model. */
public interface VideoHandler {
    VideoModel model();

    /** Runs the task; returns the storage keys of the produced videos. */
    List<String> run(VideoContext context) throws Exception;
}
