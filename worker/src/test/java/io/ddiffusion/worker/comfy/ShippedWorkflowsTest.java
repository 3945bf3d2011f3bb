package io.ddiffusion.worker.comfy;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddiffusion.worker.images.local.comfy.ComfyImageJob;
import io.ddiffusion.worker.images.local.comfy.Flux1;
import io.ddiffusion.worker.images.local.comfy.Flux2;
import io.ddiffusion.worker.images.local.comfy.QwenImage;
import io.ddiffusion.worker.images.local.comfy.ZImage;
import io.ddiffusion.worker.media.Size;
import io.ddiffusion.worker.videos.local.comfy.ComfyVideoJob;
import io.ddiffusion.worker.videos.local.comfy.HunyuanVideo1;
import io.ddiffusion.worker.videos.local.comfy.LtxVideo;
import io.ddiffusion.worker.videos.local.comfy.Wan2;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every shipped template, and every graph each model × mode builds from a request, against the node definitions
 * transcribed from ComfyUI's source; every loader names a file of its model's manifest in the folder it reads.
 */
class ShippedWorkflowsTest {

    /** One built graph per model × mode the registry allows, with the model whose files it loads. */
    private record Built(String name, ComfyModel model, ComfyGraph graph) {
    }

    private static List<Built> built() {
        List<Built> all = new ArrayList<>();
        Size size = new Size(1000, 700);
        for (Map<String, String> uploaded : List.of(Map.<String, String>of(), Map.of("image", "in/i.png"),
                Map.of("image", "in/i.png", "mask", "in/m.png"))) {
            var job = ComfyImageJob.of("p", 1, 0.5, size, uploaded);
            all.add(new Built("flux-1 " + Flux1.mode(job), Flux1.MODEL, Flux1.graph(job)));
        }
        for (Map<String, String> uploaded : List.of(Map.<String, String>of(), Map.of("image", "in/i.png"),
                Map.of("references[0]", "in/r.png"), Map.of("image", "in/i.png", "mask", "in/m.png"),
                Map.of("image", "in/i.png", "references[0]", "in/r0.png", "references[1]", "in/r1.png"))) {
            all.add(new Built("qwen-image " + uploaded.keySet(), QwenImage.MODEL,
                    QwenImage.graph(ComfyImageJob.of("p", 1, 0.5, size, uploaded))));
        }
        for (Flux2.Variant v : Flux2.Variant.values()) {
            for (Map<String, String> uploaded : List.of(Map.<String, String>of(), Map.of("image", "in/i.png"),
                    Map.of("image", "in/i.png", "mask", "in/m.png"),
                    Map.of("image", "in/i.png", "references[0]", "in/r0.png", "references[1]", "in/r1.png"))) {
                all.add(new Built(v.model().name() + " " + uploaded.keySet(), v.model(),
                        Flux2.graph(v, ComfyImageJob.of("p", 1, 0.5, size, uploaded))));
            }
        }
        all.add(new Built("z-image TEXT_TO_IMAGE", ZImage.MODEL, ZImage.graph(ComfyImageJob.of("p", 1, 0.5, size,
                Map.of()))));
        for (Map<String, String> uploaded : List.of(Map.<String, String>of(), Map.of("image", "in/i.png"),
                Map.of("image", "in/i.png", "last_image", "in/l.png"))) {
            var job = ComfyVideoJob.of("p", 1, size, 49, uploaded);
            all.add(new Built("wan-2 " + Wan2.mode(job), Wan2.MODEL, Wan2.graph(job)));
        }
        for (Map<String, String> uploaded : List.of(Map.<String, String>of(), Map.of("image", "in/i.png"))) {
            var job = ComfyVideoJob.of("p", 1, size, 49, uploaded);
            all.add(new Built("hunyuan-video-1 " + HunyuanVideo1.mode(job), HunyuanVideo1.MODEL,
                    HunyuanVideo1.graph(job)));
        }
        for (Map<String, String> uploaded : List.of(Map.<String, String>of(), Map.of("image", "in/i.png"),
                Map.of("image", "in/i.png", "last_image", "in/l.png"), Map.of("video", "in/v.mp4"),
                Map.of("image", "in/i.png", "last_image", "in/l.png", "video", "in/v.mp4"))) {
            all.add(new Built("ltx-video " + uploaded.keySet(), LtxVideo.MODEL,
                    LtxVideo.graph(ComfyVideoJob.of("p", 1, size, 49, uploaded))));
        }
        return all;
    }

    @Test
    void everyBuiltGraphFitsComfyUisNodeDefinitions() {
        Map<String, List<String>> problems = new LinkedHashMap<>();
        for (Built b : built()) {
            List<String> p = ComfyGraphCheck.problems(b.graph(), NodeDefinitionsFixture.definitions());
            if (!p.isEmpty()) {
                problems.put(b.name(), p);
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyLoaderNamesAFileOfItsModelInTheFolderItReads() {
        List<String> wrong = new ArrayList<>();
        for (Built b : built()) {
            b.graph().nodes().forEach((id, node) -> node.inputs().forEach((input, value) -> {
                Optional<ComfyFolder> folder = ComfyFolder.readBy(node.classType(), input);
                if (folder.isPresent() && !b.model().has(folder.get(), String.valueOf(value))) {
                    wrong.add(b.name() + ": " + node.classType() + "." + input + " = " + value + " is no "
                            + folder.get().folder() + " file of " + b.model().name());
                }
            }));
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void everyTemplateInTheResourcesFitsTheDefinitionsAndIsBuiltByAModel() throws IOException, URISyntaxException {
        Path root = Path.of(ComfyTemplates.class.getClassLoader().getResource("comfy/" + Flux1.Mode.TEXT_TO_IMAGE
                .template()).toURI()).getParent().getParent();
        List<String> templates;
        try (Stream<Path> files = Files.walk(root)) {
            templates = files.filter(p -> p.toString().endsWith(".json"))
                    .map(p -> root.relativize(p).toString().replace('\\', '/')).sorted().toList();
        }
        assertThat(templates).isNotEmpty();
        List<String> unused = new ArrayList<>(templates);
        for (String t : templates) {
            assertThat(ComfyGraphCheck.problems(ComfyTemplates.load(t), NodeDefinitionsFixture.definitions()))
                    .as(t).isEmpty();
        }
        for (Flux1.Mode m : Flux1.Mode.values()) {
            unused.remove(m.template());
        }
        unused.remove(ZImage.TEMPLATE);
        for (Flux2.Variant v : Flux2.Variant.values()) {
            unused.remove(v.template());
        }
        unused.remove(QwenImage.TEXT_TO_IMAGE);
        unused.remove(QwenImage.EDIT);
        unused.remove(LtxVideo.TEXT_TO_VIDEO);
        unused.remove(LtxVideo.IMAGE_TO_VIDEO);
        for (HunyuanVideo1.Mode m : HunyuanVideo1.Mode.values()) {
            unused.remove(m.template());
        }
        for (Wan2.Mode m : Wan2.Mode.values()) {
            unused.remove(m.template());
        }
        assertThat(unused).as("templates no model builds").isEmpty();
    }
}
