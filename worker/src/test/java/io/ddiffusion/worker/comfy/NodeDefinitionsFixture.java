package io.ddiffusion.worker.comfy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

    /** The fixture as {@code /object_info} JSON (a fresh copy each time), for emulators to serve. */
    public static ObjectNode objectInfo() {
        try (InputStream in = NodeDefinitionsFixture.class.getClassLoader()
                .getResourceAsStream("comfy-fixtures/node-definitions.json")) {
            return (ObjectNode) new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ComfyNodeDefinitions load() {
        return ComfyNodeDefinitions.fromObjectInfo(objectInfo());
    }
}
