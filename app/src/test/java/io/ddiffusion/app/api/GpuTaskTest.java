package io.ddiffusion.app.api;

import static io.ddiffusion.app.api.Api.json;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Tests that run tasks on the gpu queue under a key of their own: the queue runs one task at a time, so a long task
 * keeps the next one waiting; whatever a test leaves running is cancelled after it.
 */
abstract class GpuTaskTest {
    static final String LONG = "sleep=20000;steps=200";
    String keyName;
    String token;
    final List<String> gpuTasks = new ArrayList<>();

    /** The prefix of this test's key names. */
    abstract String keyPrefix();

    @BeforeEach
    void newKey() {
        keyName = Api.uniqueName(keyPrefix());
        token = Api.createKey(keyName).getString("api_key");
    }

    @AfterEach
    void cancelLeftovers() {
        gpuTasks.forEach(id -> Api.cancelQuietly(token, "images", id));
    }

    String gpuTask(String prompt) {
        String id = Api.submit(token, "images", json("model", "sd-xl", "prompt", prompt));
        gpuTasks.add(id);
        return id;
    }
}
