package io.ddiffusion.worker.testing;

import io.ddiffusion.core.config.Env;
import io.ddiffusion.schema.images.ImageModel;
import io.ddiffusion.schema.images.ImageRequest;
import io.ddiffusion.schema.texts.TextModel;
import io.ddiffusion.schema.texts.TextRequest;
import io.ddiffusion.schema.videos.VideoModel;
import io.ddiffusion.schema.videos.VideoRequest;
import io.ddiffusion.schema.workflows.WorkflowModel;
import io.ddiffusion.schema.workflows.WorkflowRequest;
import io.ddiffusion.worker.runtime.HandlerProvider;
import io.ddiffusion.worker.runtime.HandlerRegistry;

/**
 * Registers {@link EchoHandler} for every model of every domain. Found by ServiceLoader on test class paths, and
 * loaded into the real distribution as a handler plugin by the end-to-end tests and the benchmarks.
 */
public final class EchoHandlerProvider implements HandlerProvider {
    /** Overrides the real handlers wherever it is on the class path (tests, benchmarks). */
    @Override
    public int priority() {
        return 100;
    }

    @Override
    public void register(HandlerRegistry.Builder registry, Env env) {
        var images = new EchoHandler<>(ImageRequest.class, ImageRequest::prompt, false);
        for (ImageModel m : ImageModel.values()) {
            registry.replace(m.taskName(), images);
        }
        var texts = new EchoHandler<>(TextRequest.class, TextRequest::prompt, true);
        for (TextModel m : TextModel.values()) {
            registry.replace(m.taskName(), texts);
        }
        var videos = new EchoHandler<>(VideoRequest.class, VideoRequest::prompt, false);
        for (VideoModel m : VideoModel.values()) {
            registry.replace(m.taskName(), videos);
        }
        registry.replace(WorkflowModel.COMFY_WORKFLOW.taskName(), new EchoHandler<>(WorkflowRequest.class,
                r -> r.patches().stream().filter(p -> p.title().equals("prompt")).map(p -> String.valueOf(p.value()))
                        .findFirst().orElse(""), false));
    }
}
