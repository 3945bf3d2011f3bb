package io.ddiffusion.worker.comfy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Loads the API-format templates shipped in the worker's resources under {@code comfy/}. */
public final class ComfyTemplates {

    private ComfyTemplates() {
    }

    /**
     * The template at {@code comfy/<path>} on the class path.
     *
     * @throws IllegalStateException when the build lacks it: a packaging error, not a user error
     */
    public static ComfyGraph load(String path) {
        String resource = "comfy/" + path;
        try (InputStream in = ComfyTemplates.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the worker build lacks the ComfyUI template " + resource);
            }
            return ComfyGraph.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
