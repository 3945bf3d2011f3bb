package io.ddiffusion.worker.providers.replicate;

import com.fasterxml.jackson.databind.JsonNode;
import io.ddiffusion.core.media.MediaFormat;
import io.ddiffusion.core.media.MediaProbe;
import io.ddiffusion.worker.providers.replicate.ReplicateEmulator.Media;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;

/**
 * The input schemas of the Replicate models we call, as their API pages document them (fields, types, allowed
 * values, ranges) plus the cross-field rules their descriptions state. The emulator rejects what these reject, and
 * unknown fields too, so a handler cannot drift from the documented shape unnoticed.
 */
final class ReplicateSchemas {
    enum Kind { STRING, INTEGER, NUMBER, BOOLEAN, IMAGE, VIDEO, IMAGES, STRINGS }

    record Field(String name, Kind kind, boolean required, Set<String> allowed, double min, double max) {
        Field req() {
            return new Field(name, kind, true, allowed, Math.max(min, kind == Kind.IMAGES ? 1 : min), max);
        }
    }

    /** A cross-field rule: a message when violated. */
    interface Rule extends Function<JsonNode, Optional<String>> {
    }

    record Schema(Map<String, Field> fields, List<Rule> rules) {
    }

    private static final String[] FLUX_RATIOS = {"custom", "1:1", "16:9", "3:2", "2:3", "4:5", "5:4", "9:16", "3:4",
        "4:3"};
    private static final String[] GEMINI_RATIOS = {"match_input_image", "1:1", "2:3", "3:2", "3:4", "4:3", "4:5",
        "5:4", "9:16", "16:9", "21:9"};
    private static final String[] RUNWAY_RATIOS = {"16:9", "9:16", "4:3", "3:4", "1:1", "21:9"};

    static final Map<String, Schema> MODELS = new LinkedHashMap<>();

    static {
        add("black-forest-labs/flux-1.1-pro", List.of(), str("prompt").req(), str("aspect_ratio", FLUX_RATIOS),
                num(Kind.INTEGER, "width", 256, 1440), num(Kind.INTEGER, "height", 256, 1440),
                num(Kind.INTEGER, "safety_tolerance", 1, 5), num(Kind.INTEGER, "seed", 0, Long.MAX_VALUE),
                bool("prompt_upsampling"), str("output_format", "webp", "jpg", "png"),
                num(Kind.INTEGER, "output_quality", 0, 100), file(Kind.IMAGE, "image_prompt"));
        add("black-forest-labs/flux-kontext-pro", List.of(
                in -> in.has("input_image") && in.path("safety_tolerance").asInt(2) > 2
                        ? Optional.of("safety_tolerance: 2 is the maximum allowed when input images are used")
                        : Optional.empty()),
                str("prompt").req(), file(Kind.IMAGE, "input_image"),
                str("aspect_ratio", concat(new String[] {"match_input_image", "21:9", "9:21"}, FLUX_RATIOS)),
                bool("prompt_upsampling"), num(Kind.INTEGER, "seed", 0, Long.MAX_VALUE),
                str("output_format", "jpg", "png"), num(Kind.INTEGER, "safety_tolerance", 0, 6));
        add("black-forest-labs/flux-fill-pro", List.of(), str("prompt"), file(Kind.IMAGE, "image").req(),
                file(Kind.IMAGE, "mask"), str("outpaint"), num(Kind.INTEGER, "seed", 0, Long.MAX_VALUE),
                num(Kind.INTEGER, "steps", 1, 50), num(Kind.NUMBER, "guidance", 2, 5),
                num(Kind.INTEGER, "safety_tolerance", 1, 6), bool("prompt_upsampling"),
                str("output_format", "jpg", "png"));
        add("black-forest-labs/flux-2-pro", List.of(), str("prompt").req(), list(Kind.IMAGES, "input_images", 8),
                str("aspect_ratio", concat(new String[] {"match_input_image"}, FLUX_RATIOS)),
                str("resolution", "match_input_image", "0.5 MP", "1 MP", "2 MP", "4 MP"),
                num(Kind.INTEGER, "width", 256, 2048), num(Kind.INTEGER, "height", 256, 2048),
                num(Kind.INTEGER, "safety_tolerance", 1, 5), num(Kind.INTEGER, "seed", 0, Long.MAX_VALUE),
                str("output_format", "webp", "jpg", "png"), num(Kind.INTEGER, "output_quality", 0, 100));
        Field[] gen4 = {str("prompt").req(), num(Kind.INTEGER, "seed", 0, Long.MAX_VALUE),
            str("aspect_ratio", RUNWAY_RATIOS), str("resolution", "720p", "1080p"),
            list(Kind.IMAGES, "reference_images", 3), list(Kind.STRINGS, "reference_tags", 3)};
        add("runwayml/gen4-image", List.of(ReplicateSchemas::runwayTags), gen4);
        Field[] turbo = gen4.clone();
        turbo[4] = turbo[4].req(); // "You must give at least one reference image"
        add("runwayml/gen4-image-turbo", List.of(ReplicateSchemas::runwayTags), turbo);
        Field[] gemini = {str("prompt").req(), list(Kind.IMAGES, "image_input", 14),
            str("aspect_ratio", GEMINI_RATIOS), str("output_format", "jpg", "png")};
        add("google/gemini-2.5-flash-image", List.of(), gemini);
        add("google/nano-banana", List.of(), gemini);
        add("google/nano-banana-pro", List.of(), str("prompt").req(), list(Kind.IMAGES, "image_input", 14),
                str("aspect_ratio", GEMINI_RATIOS), str("resolution", "1K", "2K", "4K"),
                str("output_format", "jpg", "png"),
                str("safety_filter_level", "block_low_and_above", "block_medium_and_above", "block_only_high"));
        add("bytedance/seedream-4.5", List.of(), str("prompt").req(), list(Kind.IMAGES, "image_input", 14),
                str("size", "2K", "4K", "custom"), str("aspect_ratio", "match_input_image", "1:1", "4:3", "3:4",
                        "16:9", "9:16", "3:2", "2:3", "21:9"),
                num(Kind.INTEGER, "width", 1024, 4096), num(Kind.INTEGER, "height", 1024, 4096),
                str("sequential_image_generation", "disabled", "auto"), num(Kind.INTEGER, "max_images", 1, 15),
                bool("disable_safety_checker"));
        add("topazlabs/image-upscale", List.of(), file(Kind.IMAGE, "image").req(), str("enhance_model"),
                str("upscale_factor", "None", "2x", "4x", "6x"), str("output_format", "jpg", "png"),
                str("subject_detection", "None", "All", "Foreground", "Background"), bool("face_enhancement"),
                num(Kind.NUMBER, "face_enhancement_strength", 0, 1),
                num(Kind.NUMBER, "face_enhancement_creativity", 0, 1));
        add("runwayml/gen4-turbo", List.of(), str("prompt"), file(Kind.IMAGE, "image").req(),
                num(Kind.INTEGER, "seed", 0, Long.MAX_VALUE), str("aspect_ratio", RUNWAY_RATIOS),
                ints("duration", 5, 10));
        add("runwayml/gen4-aleph", List.of(), str("prompt").req(), file(Kind.VIDEO, "video").req(),
                num(Kind.INTEGER, "seed", 0, Long.MAX_VALUE), str("aspect_ratio", RUNWAY_RATIOS),
                file(Kind.IMAGE, "reference_image"));
        add("runwayml/upscale-v1", List.of(), file(Kind.VIDEO, "video").req());
        add("bytedance/seedance-1.5-pro", List.of(requires("last_frame_image", "image")), str("prompt").req(),
                file(Kind.IMAGE, "image"), file(Kind.IMAGE, "last_frame_image"),
                num(Kind.INTEGER, "seed", 0, Long.MAX_VALUE),
                str("aspect_ratio", "16:9", "4:3", "1:1", "3:4", "9:16", "21:9", "9:21"),
                num(Kind.INTEGER, "duration", 2, 12), str("resolution", "480p", "720p", "1080p"),
                bool("generate_audio"), bool("camera_fixed"));
        add("kwaivgi/kling-v2.6", List.of(), str("prompt").req(), str("negative_prompt"),
                file(Kind.IMAGE, "start_image"), str("aspect_ratio", "16:9", "9:16", "1:1"), ints("duration", 5, 10),
                bool("generate_audio"));
        add("kwaivgi/kling-v2.1", List.of(in -> in.has("end_image") && !"pro".equals(in.path("mode").asText())
                ? Optional.of("end_image: only available in pro mode") : Optional.empty()),
                str("prompt").req(), str("negative_prompt"), file(Kind.IMAGE, "start_image").req(),
                file(Kind.IMAGE, "end_image"), str("mode", "standard", "pro"), ints("duration", 5, 10));
        add("google/veo-3.1", List.of(requires("last_frame", "image")), str("prompt").req(),
                str("aspect_ratio", "16:9", "9:16"), ints("duration", 4, 6, 8), file(Kind.IMAGE, "image"),
                file(Kind.IMAGE, "last_frame"), list(Kind.IMAGES, "reference_images", 3), str("negative_prompt"),
                str("resolution", "720p", "1080p"), bool("generate_audio"),
                num(Kind.INTEGER, "seed", 0, Long.MAX_VALUE));
        add("minimax/hailuo-2.3", List.of(in -> in.path("duration").asInt(6) == 10
                && "1080p".equals(in.path("resolution").asText())
                ? Optional.of("duration: 10 seconds is only available for 768p resolution") : Optional.empty()),
                str("prompt").req(), ints("duration", 6, 10), str("resolution", "768p", "1080p"),
                bool("prompt_optimizer"), file(Kind.IMAGE, "first_frame_image"));
    }

    private ReplicateSchemas() {
    }

    /** Every way {@code input} breaks {@code model}'s schema; {@code files} resolves a file input to its bytes. */
    static List<String> validate(String model, JsonNode input, Function<String, Optional<Media>> files) {
        Schema schema = MODELS.get(model);
        List<String> errors = new ArrayList<>();
        if (schema == null) {
            return List.of("unknown model " + model);
        }
        input.fieldNames().forEachRemaining(name -> {
            if (!schema.fields().containsKey(name)) {
                errors.add(name + ": not in the model's input schema");
            }
        });
        for (Field f : schema.fields().values()) {
            JsonNode v = input.get(f.name());
            if (v == null || v.isNull()) {
                if (f.required()) {
                    errors.add(f.name() + ": is required");
                }
                continue;
            }
            check(f, v, files).ifPresent(m -> errors.add(f.name() + ": " + m));
        }
        for (Rule r : schema.rules()) {
            r.apply(input).ifPresent(errors::add);
        }
        if (model.startsWith("runwayml/gen4-image") && input.has("reference_images")) {
            input.get("reference_images").forEach(ref -> files.apply(ref.asText()).flatMap(ReplicateSchemas::size)
                    .filter(d -> d[0] / (double) d[1] < 0.5 || d[0] / (double) d[1] > 2)
                    .ifPresent(d -> errors.add("reference_images: images must be between 0.5 and 2 aspect ratio")));
        }
        return errors;
    }

    private static Optional<String> check(Field f, JsonNode v, Function<String, Optional<Media>> files) {
        return switch (f.kind()) {
            case STRING -> !v.isTextual() ? Optional.of("must be a string")
                    : !f.allowed().isEmpty() && !f.allowed().contains(v.asText())
                    ? Optional.of("'" + v.asText() + "' is not one of " + f.allowed()) : Optional.empty();
            case INTEGER -> !v.isIntegralNumber() ? Optional.of("must be an integer")
                    : !f.allowed().isEmpty() && !f.allowed().contains(v.asText())
                    ? Optional.of(v.asText() + " is not one of " + f.allowed()) : range(f, v.asDouble());
            case NUMBER -> !v.isNumber() ? Optional.of("must be a number") : range(f, v.asDouble());
            case BOOLEAN -> v.isBoolean() ? Optional.empty() : Optional.of("must be a boolean");
            case IMAGE, VIDEO -> v.isTextual() ? media(f.kind(), v.asText(), files) : Optional.of("must be a file");
            case IMAGES, STRINGS -> {
                if (!v.isArray()) {
                    yield Optional.of("must be an array");
                }
                if (v.size() < f.min() || v.size() > f.max()) {
                    yield Optional.of("must hold " + (long) f.min() + " to " + (long) f.max() + " items");
                }
                for (JsonNode item : v) {
                    Optional<String> bad = f.kind() == Kind.STRINGS
                            ? (item.isTextual() ? Optional.empty() : Optional.of("items must be strings"))
                            : item.isTextual() ? media(Kind.IMAGE, item.asText(), files)
                            : Optional.of("items must be files");
                    if (bad.isPresent()) {
                        yield bad;
                    }
                }
                yield Optional.empty();
            }
        };
    }

    private static Optional<String> range(Field f, double value) {
        return value < f.min() || value > f.max() ? Optional.of(value + " is outside [" + f.min() + ", " + f.max()
                + "]") : Optional.empty();
    }

    /** A file input must resolve (data URI or uploaded file) to bytes of the declared and the expected kind. */
    private static Optional<String> media(Kind kind, String value, Function<String, Optional<Media>> files) {
        Optional<Media> media = files.apply(value);
        if (media.isEmpty()) {
            return Optional.of("not a data URI or an uploaded file URL");
        }
        Optional<MediaFormat> format = MediaProbe.detect(media.get().bytes());
        if (format.isEmpty()) {
            return Optional.of("file content is not a known image or video");
        }
        if (kind == Kind.IMAGE ? !format.get().isImage() : !format.get().isVideo()) {
            return Optional.of("file is " + format.get() + ", expected " + (kind == Kind.IMAGE ? "an image" : "a video"));
        }
        if (!media.get().declaredType().equals(format.get().mimeType())) {
            return Optional.of("declared " + media.get().declaredType() + " but the bytes are "
                    + format.get().mimeType());
        }
        return Optional.empty();
    }

    private static Optional<int[]> size(Media m) {
        try {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(m.bytes()));
            return img == null ? Optional.empty() : Optional.of(new int[] {img.getWidth(), img.getHeight()});
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Tags: alphanumeric, start with a letter, 3–15 characters, one per reference image. */
    private static Optional<String> runwayTags(JsonNode in) {
        JsonNode tags = in.path("reference_tags");
        if (tags.isMissingNode()) {
            return Optional.empty();
        }
        for (JsonNode t : tags) {
            if (!t.asText().matches("[A-Za-z][A-Za-z0-9]{2,14}")) {
                return Optional.of("reference_tags: '" + t.asText() + "' must be 3-15 alphanumerics starting with a "
                        + "letter");
            }
        }
        return tags.size() == in.path("reference_images").size() ? Optional.empty()
                : Optional.of("reference_tags: one tag per reference image");
    }

    private static Rule requires(String field, String other) {
        return in -> in.has(field) && !in.has(other) ? Optional.of(field + ": requires " + other) : Optional.empty();
    }

    private static void add(String model, List<Rule> rules, Field... fields) {
        Map<String, Field> byName = new LinkedHashMap<>();
        for (Field f : fields) {
            byName.put(f.name(), f);
        }
        MODELS.put(model, new Schema(byName, rules));
    }

    private static Field str(String name, String... allowed) {
        return new Field(name, Kind.STRING, false, Set.of(allowed), 0, 0);
    }

    private static Field ints(String name, int... allowed) {
        return new Field(name, Kind.INTEGER, false, Arrays.stream(allowed).mapToObj(String::valueOf)
                .collect(Collectors.toSet()), Long.MIN_VALUE, Long.MAX_VALUE);
    }

    private static Field num(Kind kind, String name, double min, double max) {
        return new Field(name, kind, false, Set.of(), min, max);
    }

    private static Field bool(String name) {
        return new Field(name, Kind.BOOLEAN, false, Set.of(), 0, 0);
    }

    private static Field file(Kind kind, String name) {
        return new Field(name, kind, false, Set.of(), 0, 0);
    }

    private static Field list(Kind kind, String name, int maxItems) {
        return new Field(name, kind, false, Set.of(), 0, maxItems);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
