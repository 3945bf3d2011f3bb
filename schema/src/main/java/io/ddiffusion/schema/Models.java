package io.ddiffusion.schema;

import io.ddiffusion.schema.common.ModelSpec;
import io.ddiffusion.schema.images.ImageModel;
import io.ddiffusion.schema.texts.TextModel;
import io.ddiffusion.schema.videos.VideoModel;
import io.ddiffusion.schema.workflows.WorkflowModel;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Every registry of every domain, for what looks at all models at once (worker capabilities, completeness). */
public final class Models {
    private static final List<ModelSpec> ALL = Stream.of(ImageModel.values(), TextModel.values(),
            VideoModel.values(), WorkflowModel.values()).<ModelSpec>flatMap(Stream::of).toList();

    private Models() {
    }

    /** Every model, domain by domain, in registry order. */
    public static List<ModelSpec> all() {
        return ALL;
    }

    /** The model a task name ({@code images.sd-xl}) stands for. */
    public static Optional<ModelSpec> byTaskName(String taskName) {
        return ALL.stream().filter(m -> m.taskName().equals(taskName)).findFirst();
    }
}
