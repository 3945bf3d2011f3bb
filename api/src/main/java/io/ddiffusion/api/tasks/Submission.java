package io.ddiffusion.api.tasks;

import io.ddiffusion.api.http.ValidationException;
import io.ddiffusion.api.http.ValidationProblem;
import io.ddiffusion.core.media.Base64Decoding;
import io.ddiffusion.core.media.InvalidBase64Exception;
import io.ddiffusion.core.media.MediaFormat;
import io.ddiffusion.core.media.MediaProbe;
import io.ddiffusion.core.media.ProbedMedia;
import io.ddiffusion.core.media.UnsupportedMediaException;
import io.ddiffusion.core.storage.StorageKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * One submit in progress: decodes each base64 input at the API (or takes the file the JSON parser already decoded it
 * into), checks it really is what the field needs (and that an image does not declare more pixels than allowed,
 * before anything decodes it), and stores it under the task's input prefix. The stored request keeps the storage key
 * in place of the base64 text.
 */
public final class Submission {
    private final UUID taskId;
    private final TaskSubmitter service;
    private final Map<String, String> inputs = new LinkedHashMap<>();
    private final Set<String> uploadsUsed = new LinkedHashSet<>();

    Submission(UUID taskId, TaskSubmitter service) {
        this.taskId = taskId;
        this.service = service;
    }

    public UUID taskId() {
        return taskId;
    }

    Map<String, String> inputs() {
        return inputs;
    }

    /** The uploads this submission's inputs were copied from; consumed once its task is recorded. */
    Set<String> uploadsUsed() {
        return uploadsUsed;
    }

    /**
     * Decodes, checks and stores one input: base64 text, an {@code upload:<id>} reference to the caller's upload,
     * or an {@code https://} URL (when allowed), all checked alike.
     *
     * @param path the field's location, e.g. {@code "references", 0, "image"}
     * @return the storage key, or null when {@code base64} is null
     */
    public String input(InputKind kind, String base64, Object... path) {
        return input(kind, base64, null, path);
    }

    /**
     * A stricter ceiling on an image input's pixels than the global one, for a model that cannot take more (an
     * upscaler whose output is capped).
     *
     * @param reason completes "more than the N " with why, e.g. "pixels real-esrgan-x4 takes: …"
     */
    public record PixelLimit(long maxPixels, String reason) {
    }

    /** Like {@link #input(InputKind, String, Object...)}, with a model's own pixel ceiling (null: none). */
    public String input(InputKind kind, String base64, PixelLimit limit, Object... path) {
        if (base64 == null) {
            return null;
        }
        String field = fieldName(path);
        Path file = null;
        try {
            file = decoded(base64, path);
            ProbedMedia media;
            try {
                media = MediaProbe.probe(file);
            } catch (UnsupportedMediaException e) {
                throw problem("is not " + kind.description(), "media_type", path);
            }
            check(kind, media, service.maxImagePixels(), limit, path);
            String key = StorageKeys.inputsPrefix(taskId) + field.replace('[', '_').replace("]", "")
                    .replace('.', '_') + "." + media.format().extension();
            long bytes = Files.size(file);
            service.storage().putFile(key, file);
            service.inputStored(bytes);
            inputs.put(field, key);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // the temp folder is swept by the janitor
                }
            }
        }
    }

    /**
     * The input in a temporary file: the one the parser already decoded, a copy of the named upload, the fetched URL,
     * or decoded from the text now.
     */
    private Path decoded(String base64, Object... path) throws IOException {
        Optional<SpooledInputs.SpooledInput> spooled = service.spooled(base64);
        if (spooled.isPresent()) {
            if (spooled.get().problem() != null) {
                throw problem(spooled.get().problem(), "base64", path);
            }
            return spooled.get().file();
        }
        Optional<InputReference> reference = InputReference.of(base64);
        if (reference.isPresent()) {
            if (reference.get().value().length() > InputReference.MAX_CHARS) {
                throw problem("must be at most " + InputReference.MAX_CHARS + " characters when it is an upload "
                        + "reference or a URL", "length", path);
            }
            if (reference.get().kind() == InputReference.Kind.UPLOAD) {
                Path copy = service.uploads().copyToTemp(reference.get().value(), service.callerKeyId(), path);
                uploadsUsed.add(reference.get().value());
                return copy;
            }
            Path fetched = service.tempFile();
            try {
                return service.urlInputs().fetch(reference.get().value(), fetched, path);
            } catch (RuntimeException e) {
                Files.deleteIfExists(fetched);
                throw e;
            }
        }
        Path tmp = service.tempFile();
        try {
            Base64Decoding.decodeToFile(base64, tmp); // deletes tmp when the text is not base64
        } catch (InvalidBase64Exception e) {
            throw problem(e.getMessage(), "base64", path);
        }
        return tmp;
    }

    /** Whether {@code media} is what a field of {@code kind} takes, within the pixel limits (422 naming it if not). */
    static void check(InputKind kind, ProbedMedia media, long maxImagePixels, PixelLimit limit, Object... path) {
        MediaFormat f = media.format();
        boolean fits = switch (kind) {
            case IMAGE -> f.isImage();
            case VIDEO -> f.isVideo();
            case IMAGE_OR_VIDEO -> true;
        };
        if (!fits) {
            throw problem("is " + f.name() + " (" + f.mimeType() + "), not " + kind.description(), "media_type",
                    path);
        }
        if (f.isImage()) {
            var dims = media.dimensions().orElseThrow(() -> problem("is a " + f.name()
                    + " whose header cannot be read", "media_header", path));
            long max = maxImagePixels;
            if (dims.pixels() > max) {
                throw problem("declares " + dims.width() + "x" + dims.height() + " pixels (" + megapixels(
                        dims.pixels()) + " MP), more than the limit of " + megapixels(max) + " MP", "image_too_large",
                        path);
            }
            if (limit != null && dims.pixels() > limit.maxPixels()) {
                throw problem("declares " + dims.width() + "x" + dims.height() + " = " + dims.pixels()
                        + " pixels, more than the " + limit.maxPixels() + " " + limit.reason(), "image_too_large",
                        path);
            }
        }
    }

    private static String megapixels(long pixels) {
        return String.format(java.util.Locale.ROOT, "%.1f", pixels / 1_000_000.0);
    }

    private static ValidationException problem(String msg, String type, Object... path) {
        return new ValidationException(ValidationProblem.body(msg, type, path));
    }

    /** {@code "references", 0, "image"} → {@code references[0].image}. */
    static String fieldName(Object... path) {
        StringBuilder sb = new StringBuilder();
        for (Object p : path) {
            if (p instanceof Integer i) {
                sb.append('[').append(i).append(']');
            } else {
                sb.append(sb.isEmpty() ? "" : ".").append(p);
            }
        }
        return sb.toString();
    }

    /** Removes the inputs stored so far (the submit failed). */
    void discard() {
        try {
            service.storage().deletePrefix(StorageKeys.inputsPrefix(taskId));
        } catch (IOException e) {
            // the janitor will find them
        }
    }
}
