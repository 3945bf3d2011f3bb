package io.ddiffusion.worker.comfy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The node definitions transcribed from ComfyUI's source ({@code comfy-fixtures/node-definitions.json}). */
public final class NodeDefinitionsFixture {

    private static final ComfyNodeDefinitions DEFINITIONS = load();

    private NodeDefinitionsFixture() {
    }

    public static ComfyNodeDefinitions definitions() {
        return DEFINITIONS;
    }

    private static ComfyNodeDefinitions load() {
        try (InputStream in = NodeDefinitionsFixture.class.getClassLoader()
                .getResourceAsStream("comfy-fixtures/node-definitions.json")) {
            return ComfyNodeDefinitions.fromObjectInfo(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
