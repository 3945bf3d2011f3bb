package io.ddiffusion.app.api;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** An operator who denies some node classes of ComfyUI workflows. */
public class ComfyNodesProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("DDIFFUSION_COMFY_DENIED_NODES", "ExecutePython, SaveImageWebsocket");
    }
}
