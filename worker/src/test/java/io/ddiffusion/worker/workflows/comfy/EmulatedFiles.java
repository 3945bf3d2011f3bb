package io.ddiffusion.worker.workflows.comfy;

import io.ddiffusion.core.json.Json;
import io.ddiffusion.worker.providers.MultipartParser;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The {@link ComfyEmulator}'s input and output folders: {@code POST /upload/image} (multipart, checked as ComfyUI
 * reads it: a file part {@code image}, fields {@code type}, {@code subfolder}, {@code overwrite}) and
 * {@code GET /view}, which streams a file of any size made on the fly.
 */
final class EmulatedFiles {
    /** Files by {@code type/subfolder/name}. */
    final Map<String, ComfyPlan.File> files = new ConcurrentHashMap<>();
    final List<ComfyEmulator.Upload> uploads = new CopyOnWriteArrayList<>();
    private final List<String> violations;

    EmulatedFiles(List<String> violations) {
        this.violations = violations;
    }

    void put(ComfyPlan.File f) {
        files.put(f.type() + "/" + (f.subfolder().isEmpty() ? "" : f.subfolder() + "/") + f.filename(), f);
    }

    boolean has(String type, String path) {
        return files.containsKey(type + "/" + path);
    }

    ComfyEmulator.Answer upload(RawHttp.Request r) {
        List<MultipartParser.Part> parts = MultipartParser.parse(r.header("content-type"), r.body());
        MultipartParser.Part image = parts.stream().filter(p -> p.name().equals("image")).findFirst().orElse(null);
        if (image == null || image.filename() == null || image.filename().isEmpty()) {
            violations.add("POST /upload/image without a file part named image");
            return new ComfyEmulator.Answer(400, Json.MAPPER.createObjectNode());
        }
        String type = field(parts, "type", "input");
        String subfolder = field(parts, "subfolder", "");
        String overwrite = field(parts, "overwrite", "");
        if (!type.equals("input")) {
            violations.add("upload of " + image.filename() + " into '" + type + "', not the input folder");
        }
        if (image.filename().contains("/") || subfolder.contains("..")) {
            violations.add("upload name " + image.filename() + " / subfolder " + subfolder + " escapes its folder");
        }
        uploads.add(new ComfyEmulator.Upload(image.filename(), subfolder, type, overwrite, image.data()));
        String path = subfolder.isEmpty() ? image.filename() : subfolder + "/" + image.filename();
        files.put("input/" + path, new ComfyPlan.File(image.filename(), subfolder, "input", image.data(),
                image.data().length));
        return new ComfyEmulator.Answer(200, Json.MAPPER.createObjectNode().put("name", image.filename())
                .put("subfolder", subfolder).put("type", type));
    }

    private static String field(List<MultipartParser.Part> parts, String name, String def) {
        return parts.stream().filter(p -> p.name().equals(name)).map(MultipartParser.Part::text).findFirst()
                .orElse(def);
    }

    void view(RawHttp.Request r, OutputStream out) throws IOException {
        String subfolder = r.query().getOrDefault("subfolder", "");
        String name = r.query().getOrDefault("filename", "");
        String type = r.query().getOrDefault("type", "output");
        ComfyPlan.File f = files.get(type + "/" + (subfolder.isEmpty() ? name : subfolder + "/" + name));
        if (f == null) {
            RawHttp.respond(out, 404, "text/plain", new byte[0]);
            return;
        }
        RawHttp.head(out, 200, f.video() ? "video/mp4" : "application/octet-stream", f.size());
        byte[] buf = new byte[64 * 1024];
        for (long sent = 0; sent < f.size(); ) {
            int n = (int) Math.min(buf.length, f.size() - sent);
            for (int i = 0; i < n; i++) {
                buf[i] = f.at(sent + i);
            }
            out.write(buf, 0, n);
            sent += n;
        }
        out.flush();
    }
}
