package io.ddiffusion.worker.workflows.comfy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ddiffusion.core.config.ComfySettings;
import io.ddiffusion.core.config.Env;
import io.ddiffusion.core.json.Json;
import io.ddiffusion.schema.common.ModelSpec;
import io.ddiffusion.schema.images.ImageModel;
import io.ddiffusion.schema.workflows.WorkflowModel;
import io.ddiffusion.worker.comfy.ComfyGraph;
import io.ddiffusion.worker.comfy.ComfyNode;
import io.ddiffusion.worker.images.local.comfy.ComfyImageModels;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the sidecar check tells the catalogue: configured, reachable, recent enough, the nodes a model needs. */
class ComfySidecarTest {
    final ComfyEmulator comfy = new ComfyEmulator();
    static final WorkflowModel MODEL = WorkflowModel.COMFY_WORKFLOW;

    ComfySidecarTest() throws IOException {
    }

    @AfterEach
    void stop() throws IOException {
        comfy.close();
    }

    static ComfySidecar sidecar(String url) {
        return new ComfySidecar(ComfySettings.from(Env.of(url == null ? Map.of() : Map.of("COMFY_API_URL", url))));
    }

    static Optional<String> settled(ComfySidecar s) {
        return settled(s, MODEL);
    }

    static Optional<String> settled(ComfySidecar s, ModelSpec model) {
        await().atMost(5, TimeUnit.SECONDS).until(() -> !s.unmetFor(model).orElse("").endsWith("is being checked"));
        return s.unmetFor(model);
    }

    /** A graph of one input-less node per class: enough to name the classes a model needs. */
    static ComfyGraph graphOf(String... classes) {
        Map<String, ComfyNode> nodes = new java.util.LinkedHashMap<>();
        for (String c : classes) {
            nodes.put(Integer.toString(nodes.size() + 1), new ComfyNode(c, c, Map.of()));
        }
        return new ComfyGraph(nodes);
    }

    /** A sidecar checking flux-1's shipped graphs against an emulator that has their classes. */
    ComfySidecar flux1Sidecar() {
        Set<String> classes = new java.util.HashSet<>(ComfyEmulator.CORE_NODES);
        classes.addAll(ComfyImageModels.nodeClasses(ImageModel.FLUX_1));
        comfy.nodeClasses(classes);
        return new ComfySidecar(ComfySettings.from(Env.of(Map.of("COMFY_API_URL", comfy.url().toString()))),
                Map.of(ImageModel.FLUX_1, ComfyImageModels.graphs(ImageModel.FLUX_1)));
    }

    @Test
    void theGpuMemoryTheSidecarReportsIsAMetric() {
        io.micrometer.core.instrument.simple.SimpleMeterRegistry seen =
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        io.micrometer.core.instrument.Metrics.addRegistry(seen);
        try {
            assertThat(settled(sidecar(comfy.url().toString()))).isEmpty();

            assertThat(seen.get(io.ddiffusion.core.metrics.TaskMetrics.GPU_MEMORY).tag("device", "cuda:0 emulated")
                    .tag("state", "total").gauge().value()).isEqualTo(24.0 * (1L << 30));
            assertThat(seen.get(io.ddiffusion.core.metrics.TaskMetrics.GPU_MEMORY).tag("device", "cuda:0 emulated")
                    .tag("state", "used").gauge().value()).as("the emulator reports 20 GiB free")
                    .isEqualTo(4.0 * (1L << 30));
        } finally {
            io.micrometer.core.instrument.Metrics.removeRegistry(seen);
        }
    }

    @Test
    void theShippedGraphsFitASidecarDefiningItsNodesAsComfyUisSourceDoes() {
        assertThat(settled(flux1Sidecar(), ImageModel.FLUX_1)).isEmpty();
    }

    @Test
    void aSidecarWhoseNodesDifferFromWhatTheGraphsUseMakesTheModelUnavailableNamingWhere() {
        comfy.redefineInput("KSampler", "sampler_name", Json.MAPPER.createArrayNode()
                .add(Json.MAPPER.createArrayNode().add("dpmpp_2m").add("uni_pc")))
                .redefineInput("KSampler", "noise_mode", Json.MAPPER.createArrayNode().add("INT"))
                .redefineInput("FluxGuidance", "guidance", com.fasterxml.jackson.databind.node.NullNode.getInstance());

        assertThat(settled(flux1Sidecar(), ImageModel.FLUX_1)).hasValueSatisfying(why -> assertThat(why)
                .startsWith("the ComfyUI sidecar (COMFY_API_URL) defines its nodes otherwise than the workflows of "
                        + "flux-1 use them (")
                .contains("(KSampler 'sampler'): required input noise_mode missing",
                        "(KSampler 'sampler'): input sampler_name = euler is not a valid COMBO of [dpmpp_2m, uni_pc]",
                        "(FluxGuidance '", "): unknown input guidance")
                .endsWith("): run the ComfyUI release the README pins, or a build whose workflows fit this one"));
    }

    @Test
    void uploadedInputsAndModelFilesAreNotLookedUpAmongTheSidecarsListedFiles() {
        comfy.redefineInput("LoadImage", "image", Json.MAPPER.createArrayNode()
                .add(Json.MAPPER.createArrayNode().add("someone-elses.png"))
                .add(Json.MAPPER.createObjectNode().put("image_upload", true)));

        assertThat(settled(flux1Sidecar(), ImageModel.FLUX_1)).as("LoadImage lists the input folder's files").isEmpty();
    }

    @Test
    void withoutComfyApiUrlTheWorkflowsNameTheVariable() {
        assertThat(sidecar(null).unmetFor(MODEL)).contains("COMFY_API_URL is not set on the workers of the comfy "
                + "queue: comfy-workflow runs on a ComfyUI sidecar (see README, ComfyUI sidecar)");
        assertThatThrownBy(() -> sidecar(null).ready()).hasMessageStartingWith("COMFY_API_URL is not set");
    }

    @Test
    void aReachableRecentSidecarCanRunWorkflowsAndListsItsNodeClasses() {
        ComfySidecar s = sidecar(comfy.url().toString());

        assertThat(settled(s)).isEmpty();
        assertThat(s.nodeClasses()).containsAll(ComfyEmulator.CORE_NODES);
        assertThat(s.ready().base()).isEqualTo(comfy.url());
    }

    @Test
    void theFirstReportAfterStartWaitsForTheCheckBegunAtStartInsteadOfSayingItIsBeingChecked() {
        ComfySidecar s = sidecar(comfy.url().toString());

        assertThat(s.unmetFor(MODEL)).as("the worker's first capability report").isEmpty();
        comfy.version("0.3.40");
        assertThat(sidecar(comfy.url().toString()).unmetFor(MODEL)).hasValueSatisfying(
                why -> assertThat(why).contains("0.3.40"));
    }

    @Test
    void aReleaseOlderThanTheMinimumIsRefusedNamingBoth() {
        comfy.version("0.3.40");

        assertThat(settled(sidecar(comfy.url().toString()))).contains("the ComfyUI sidecar (COMFY_API_URL) runs "
                + "ComfyUI 0.3.40; this build needs 0.9.2 or newer (see README, ComfyUI sidecar)");
    }

    @Test
    void aSidecarThatDoesNotReportItsReleaseIsRefused() {
        comfy.version("unknown");

        assertThat(settled(sidecar(comfy.url().toString()))).hasValueSatisfying(why -> assertThat(why)
                .contains("does not report a release number (system_stats comfyui_version 'unknown')"));
    }

    @Test
    void anUnreachableSidecarIsReportedAndRecheckedWhenATaskComes() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        ComfySidecar s = sidecar("http://127.0.0.1:" + port);

        assertThat(settled(s)).hasValueSatisfying(why -> assertThat(why).startsWith("the ComfyUI sidecar "
                + "(COMFY_API_URL) is not reachable").as("users never see the sidecar's address")
                .doesNotContain(String.valueOf(port)));
        assertThatThrownBy(s::ready).isInstanceOf(ComfyException.class).hasMessageContaining("is not reachable");
    }

    @Test
    void aModelWhoseNodesTheSidecarLacksIsUnavailableNamingThem() {
        ComfySidecar s = new ComfySidecar(ComfySettings.from(Env.of(Map.of("COMFY_API_URL", comfy.url()
                .toString()))), Map.of(MODEL, List.of(graphOf("KSampler", "UNETLoader", "DualCLIPLoader"))));

        assertThat(settled(s)).contains("the ComfyUI sidecar (COMFY_API_URL) lacks the node classes "
                + "DualCLIPLoader, UNETLoader that comfy-workflow needs");
    }

    @Test
    void versionsCompareByReleaseNumber() {
        assertThat(ComfyVersion.parse("v0.3.64")).contains(new ComfyVersion(0, 3, 64));
        assertThat(ComfyVersion.parse("0.10")).contains(new ComfyVersion(0, 10, 0));
        assertThat(ComfyVersion.parse("0.47.1-rc1")).contains(new ComfyVersion(0, 47, 1));
        assertThat(ComfyVersion.parse("8f40b43e")).isEmpty();
        assertThat(new ComfyVersion(0, 10, 0)).isGreaterThan(ComfyVersion.MINIMUM);
        assertThat(new ComfyVersion(0, 9, 1)).isLessThan(ComfyVersion.MINIMUM);
    }
}
