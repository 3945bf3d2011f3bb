package io.ddiffusion.worker.comfy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComfyNodeDefinitionsTest {

    /** Two entries shaped as a sidecar's /object_info answers: a V1 combo is its option list, a V3 one "COMBO". */
    private static final String OBJECT_INFO = """
            {"KSamplerAdvanced": {"input": {"required": {
                 "add_noise": [["enable", "disable"], {"advanced": true}],
                 "noise_seed": ["INT", {"default": 0, "min": 0}]}},
               "input_order": {"required": ["add_noise", "noise_seed"]},
               "output": ["LATENT"], "output_is_list": [false], "name": "KSamplerAdvanced"},
             "SaveVideo": {"input": {"required": {"video": ["VIDEO", {}],
                 "format": ["COMBO", {"options": ["auto", "mp4"], "default": "auto"}]},
               "hidden": {"prompt": "PROMPT"}},
               "output": [], "name": "SaveVideo"}}
            """;

    @Test
    void readsBothComboShapesOfObjectInfo() throws Exception {
        var defs = ComfyNodeDefinitions.fromObjectInfo(new ObjectMapper().readTree(OBJECT_INFO));

        var ksampler = defs.find("KSamplerAdvanced").orElseThrow();
        assertThat(ksampler.input("add_noise")).contains(new ComfyNodeDefinitions.Input("COMBO",
                List.of("enable", "disable")));
        assertThat(ksampler.input("noise_seed").orElseThrow().type()).isEqualTo("INT");
        assertThat(ksampler.outputs()).containsExactly("LATENT");
        var save = defs.find("SaveVideo").orElseThrow();
        assertThat(save.input("format")).contains(new ComfyNodeDefinitions.Input("COMBO", List.of("auto", "mp4")));
        assertThat(save.input("prompt")).as("hidden inputs are not graph inputs").isEmpty();
        assertThat(save.outputs()).isEmpty();
        assertThat(defs.find("Nope")).isEmpty();
    }
}
