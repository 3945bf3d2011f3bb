package io.ddiffusion.worker.runtime;

import io.ddiffusion.core.media.ImageDimensions;
import io.ddiffusion.core.media.MediaProbe;
import io.ddiffusion.core.storage.BlobStorage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A task's decoded inputs, by request field path ({@code image}, {@code mask}, {@code references[0].image},
 * {@code images[1]}). The API decoded and checked them at submit time; here they are read back from storage.
 */
public final class TaskInputs {
    static final int DECODED_BYTES_PER_PIXEL = 8;

    private final Map<String, String> keys;
    private final BlobStorage storage;

    TaskInputs(Map<String, String> keys, BlobStorage storage) {
        this.keys = new TreeMap<>(keys);
        this.storage = storage;
    }

    /** One decoded input file. */
    public record Input(String field, String key, BlobStorage storage) {
        /** The file's extension, which names its sniffed format (png, jpg, webp, tiff, exr, mp4, mov). */
        public String extension() {
            return key.substring(key.lastIndexOf('.') + 1);
        }

        /** The MIME type, from the format sniffed at submit. */
        public String mimeType() {
            return switch (extension()) {
                case "png" -> "image/png";
                case "jpg" -> "image/jpeg";
                case "webp" -> "image/webp";
                case "tiff" -> "image/tiff";
                case "exr" -> "image/x-exr";
                case "mp4" -> "video/mp4";
                case "mov" -> "video/quicktime";
                default -> "application/octet-stream";
            };
        }

        public InputStream open() throws IOException {
            BlobStorage.Blob blob = storage.open(key).orElseThrow(() -> new IOException(
                    "input '" + field + "' is no longer in storage"));
            return blob.open(0, blob.size());
        }

        public byte[] bytes() throws IOException {
            try (InputStream in = open()) {
                return in.readAllBytes();
            }
        }

        /** The size an image input's header declares (read from its head only), or empty for a video. */
        public Optional<ImageDimensions> dimensions() throws IOException {
            BlobStorage.Blob blob = storage.open(key).orElseThrow(() -> new IOException(
                    "input '" + field + "' is no longer in storage"));
            byte[] head;
            try (InputStream in = blob.open(0, Math.min(blob.size(), MediaProbe.MAX_HEAD))) {
                head = MediaProbe.readHead(in);
            }
            return MediaProbe.detect(head).flatMap(format -> MediaProbe.dimensions(format, head));
        }
    }

    /**
     * What the image inputs take on the heap once decoded: {@value #DECODED_BYTES_PER_PIXEL} bytes per declared pixel,
     * the 8-bit RGB working copy plus as much again for a converted, resized or re-encoded copy of it.
     */
    public long decodedImageBytes() throws IOException {
        long bytes = 0;
        for (String field : keys.keySet()) {
            Optional<ImageDimensions> d = new Input(field, keys.get(field), storage).dimensions();
            if (d.isPresent()) {
                bytes += d.get().pixels() * DECODED_BYTES_PER_PIXEL;
            }
        }
        return bytes;
    }

    public Optional<Input> get(String field) {
        return Optional.ofNullable(keys.get(field)).map(k -> new Input(field, k, storage));
    }

    /** Inputs whose field path starts with {@code prefix}, e.g. {@code references[}, in index order. */
    public List<Input> list(String prefix) {
        return keys.entrySet().stream()
                .filter(e -> e.getKey().startsWith(prefix))
                .sorted(Map.Entry.comparingByKey(TaskInputs::byIndex))
                .map(e -> new Input(e.getKey(), e.getValue(), storage))
                .toList();
    }

    public Map<String, String> keys() {
        return Map.copyOf(keys);
    }

    private static int byIndex(String a, String b) {
        return Integer.compare(index(a), index(b)) != 0 ? Integer.compare(index(a), index(b)) : a.compareTo(b);
    }

    private static int index(String field) {
        int open = field.indexOf('[');
        int close = field.indexOf(']', open + 1);
        if (open < 0 || close < 0) {
            return -1;
        }
        try {
            return Integer.parseInt(field.substring(open + 1, close));
        } catch (NumberFormatException e) {
            throw new UncheckedIOException(new IOException("bad input field " + field));
        }
    }
}
