package io.ddiffusion.core.storage;

import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * What a storage key may look like, and the keys the system makes. Keys are relative, made of safe characters
 * only, with no empty, '.' or '..' segments, so they need no URL encoding and cannot escape the storage root.
 */
public final class StorageKeys {
    private static final int MAX_SEGMENT = 200;
    private static final int MAX_LENGTH = 512;
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"),
            Map.entry("webp", "image/webp"), Map.entry("tif", "image/tiff"), Map.entry("tiff", "image/tiff"),
            Map.entry("exr", "image/x-exr"), Map.entry("mp4", "video/mp4"), Map.entry("mov", "video/quicktime"),
            Map.entry("webm", "video/webm"), Map.entry("gif", "image/gif"),
            Map.entry("txt", "text/plain; charset=utf-8"), Map.entry("json", "application/json"));

    private StorageKeys() {
    }

    /**
     * Whether {@code key} is a well-formed storage key: '/'-separated segments of 1 to 200 characters, each starting
     * with a letter or digit and holding only letters, digits, '.', '_' and '-', never "..".
     */
    public static boolean isValid(String key) {
        if (key == null || key.isEmpty() || key.length() > MAX_LENGTH) {
            return false;
        }
        // why one pass without split or regex: every status poll checks each output's key twice (exists, sign)
        int segmentLength = 0;
        char previous = '/';
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '/') {
                if (segmentLength == 0) {
                    return false;
                }
                segmentLength = 0;
            } else if (segmentLength == 0 ? isAlphanumeric(c) : isAlphanumeric(c) || c == '_' || c == '-'
                    || (c == '.' && previous != '.')) {
                if (++segmentLength > MAX_SEGMENT) {
                    return false;
                }
            } else {
                return false;
            }
            previous = c;
        }
        return segmentLength > 0;
    }

    private static boolean isAlphanumeric(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    /** Returns {@code key}, or throws {@link InvalidStorageKeyException} when it is malformed. */
    public static String check(String key) {
        if (!isValid(key)) {
            throw new InvalidStorageKeyException("Invalid file path");
        }
        return key;
    }

    /** The content type by extension; {@code application/octet-stream} when unknown. */
    public static String contentType(String key) {
        int dot = key.lastIndexOf('.');
        String ext = dot < 0 ? "" : key.substring(dot + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(ext, "application/octet-stream");
    }

    /** Where a task's decoded inputs live; all deleted when the task finishes. */
    public static String inputsPrefix(UUID taskId) {
        return "inputs/" + taskId + "/";
    }

    /** An output file: {@code <domain>/<model>/<task>-<index>.<ext>} as the original names them. */
    public static String output(String domain, String model, UUID taskId, int index, String extension) {
        return check(domain + "/" + model + "/" + taskId + "-" + index + "." + extension);
    }
}
