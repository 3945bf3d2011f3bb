package io.ddiffusion.worker.workflows.comfy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** Which files of a history entry are stored: every output-type file of every list, in node order. */
class ComfyOutputsTest {
    static JsonNode entry(String outputs) {
        return ComfyClient.parse(("{\"outputs\": " + outputs + ", \"status\": {\"status_str\": \"success\"}}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void everyOutputEntryOfEveryListIsKeptInNodeOrderAndTempFilesAreNot() {
        JsonNode e = entry("""
                {"10": {"images": [{"filename": "c.png", "subfolder": "", "type": "output"}]},
                 "9": {"images": [{"filename": "a.png", "subfolder": "x", "type": "output"},
                                  {"filename": "b.exr", "subfolder": "x", "type": "output"}],
                       "animated": [true]},
                 "92:60": {"gifs": [{"filename": "v.mp4", "subfolder": "video", "type": "output",
                                     "format": "video/h264-mp4"}]},
                 "11": {"images": [{"filename": "p.png", "subfolder": "", "type": "temp"}], "text": ["hello"]}}
                """);

        assertThat(ComfyOutputs.of(e)).extracting(f -> f.node() + ":" + f.subfolder() + "/" + f.filename())
                .containsExactly("9:x/a.png", "9:x/b.exr", "10:/c.png", "92:60:video/v.mp4");
    }

    @Test
    void stillsVideosAndAnimationsAreStoredOtherKindsAreNot() {
        assertThat(new ComfyOutputs.File("1", "a.EXR", "", "output").stored()).isTrue();
        assertThat(new ComfyOutputs.File("1", "a.tiff", "", "output").stored()).isTrue();
        assertThat(new ComfyOutputs.File("1", "a.webm", "", "output").stored()).isTrue();
        assertThat(new ComfyOutputs.File("1", "a.mov", "", "output").stored()).isTrue();
        assertThat(new ComfyOutputs.File("1", "a.wav", "", "output").stored()).isFalse();
        assertThat(new ComfyOutputs.File("1", "model.glb", "", "output").stored()).isFalse();
    }

    @Test
    void anEntryWithoutOutputsHasNoFiles() {
        assertThat(ComfyOutputs.of(entry("{}"))).isEmpty();
    }
}
