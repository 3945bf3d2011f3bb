package io.ddiffusion.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ddiffusion.worker.workflows.comfy.ComfyPlan;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ComfyScenarioTest {
    static final ComfyPlan.File EXR = ComfyPlan.File.exr("dd_4k_00001_.exr").ofSize(1000);

    static byte[] served(ComfyPlan.File f) {
        byte[] b = new byte[(int) f.size()];
        for (int i = 0; i < b.length; i++) {
            b[i] = f.at(i);
        }
        return b;
    }

    @Test
    void theExrIsTheSizeOfAnUncompressedHalfFloatRgba4kFrame() {
        assertThat(ComfyScenario.EXR_BYTES).isEqualTo(66_355_200L + 34_560L);
    }

    @Test
    void aDownloadIsTheSameFileOnlyWithTheExrTypeAndEveryByte() {
        byte[] body = served(EXR);

        assertThat(ComfyScenario.sameFile("image/x-exr", body, EXR)).isEmpty();
        assertThat(ComfyScenario.sameFile("application/octet-stream", body, EXR)).contains(
                "Content-Type application/octet-stream");
        body[777]++;
        assertThat(ComfyScenario.sameFile("image/x-exr", body, EXR)).contains("byte 777 differs");
        assertThat(ComfyScenario.sameFile("image/x-exr", new byte[999], EXR)).contains("999 bytes, not 1000");
    }

    @Test
    void theUploadRequestCarriesThePngInTheLoadImagePatchAndThePlainOneHasNoLoadImage() throws Exception {
        byte[] png = NoisePng.ofAbout(3_000, 1);

        JsonNode upload = Api.JSON.readTree(ComfyWorkflows.withImage(7, png));
        JsonNode plain = Api.JSON.readTree(ComfyWorkflows.plain(7));

        assertThat(upload.at("/workflow/4/class_type").asText()).isEqualTo("LoadImage");
        assertThat(upload.at("/patches/1/title").asText()).isEqualTo("plate");
        assertThat(Base64.getDecoder().decode(upload.at("/patches/1/value").asText())).isEqualTo(png);
        assertThat(plain.at("/patches/0/value").asInt()).isEqualTo(7);
        assertThat(plain.path("patches")).hasSize(1);
        assertThat(plain.path("workflow").has("4")).isFalse();
        assertThat(plain.at("/workflow/" + ComfyWorkflows.SAVE_NODE + "/class_type").asText()).isEqualTo("SaveImage");
    }
}
