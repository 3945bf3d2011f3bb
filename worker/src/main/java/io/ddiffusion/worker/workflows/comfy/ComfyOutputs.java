package io.ddiffusion.worker.workflows.comfy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The files a finished prompt produced, read from its history entry ({@code outputs: {node: {images: [{filename,
 * subfolder, type}], gifs: […], animated: [true]}}}): every entry of every list whose {@code type} is
 * {@code output}, in node order. Temp files (previews) are skipped; so are entries that are not files
 * ({@code animated: [true]}, text).
 */
public final class ComfyOutputs {
    /** Extensions we store, each kept in its own format: stills (EXR and TIFF matter to VFX), videos, animations. */
    static final Set<String> STORED = Set.of("png", "jpg", "jpeg", "webp", "exr", "tif", "tiff", "gif", "mp4",
            "webm", "mov");

    /** One output file as ComfyUI's {@code /view} names it. */
    public record File(String node, String filename, String subfolder, String type) {
        /** The lower-case extension, or "" when the name has none. */
        public String extension() {
            int dot = filename.lastIndexOf('.');
            return dot < 0 ? "" : filename.substring(dot + 1).toLowerCase(Locale.ROOT);
        }

        public boolean stored() {
            return STORED.contains(extension());
        }
    }

    private ComfyOutputs() {
    }

    /** Every {@code output} file of {@code historyEntry}, temp files and non-file entries left out. */
    public static List<File> of(JsonNode historyEntry) {
        List<Map.Entry<String, JsonNode>> nodes = new ArrayList<>(historyEntry.path("outputs").properties());
        nodes.sort(Comparator.comparing(Map.Entry::getKey, ComfyOutputs::byNodeId));
        List<File> files = new ArrayList<>();
        for (Map.Entry<String, JsonNode> node : nodes) {
            for (Map.Entry<String, JsonNode> list : node.getValue().properties()) {
                for (JsonNode e : list.getValue()) {
                    if (e.isObject() && e.path("filename").isTextual() && e.path("type").asText("").equals("output")) {
                        files.add(new File(node.getKey(), e.path("filename").asText(), e.path("subfolder").asText(""),
                                "output"));
                    }
                }
            }
        }
        return files;
    }

    /** Numeric node ids in numeric order, others ("92:60") after them. */
    static int byNodeId(String a, String b) {
        boolean numA = a.matches("\\d{1,18}");
        boolean numB = b.matches("\\d{1,18}");
        if (numA && numB) {
            return Long.compare(Long.parseLong(a), Long.parseLong(b));
        }
        return numA != numB ? (numA ? -1 : 1) : a.compareTo(b);
    }
}
