package io.ddiffusion.worker.providers.openai;

import io.ddiffusion.worker.media.Images;
import io.ddiffusion.worker.runtime.TaskInputs;
import java.io.IOException;
import java.util.Base64;
import java.util.Set;

/** Text-task inputs as {@code data:} URLs labelled with their real MIME type (the original called every image PNG). */
public final class DataUrls {
    /** What vision endpoints read (OpenAI: PNG, JPEG, WebP, GIF); other formats are converted to PNG first. */
    private static final Set<String> WEB_IMAGES = Set.of("image/png", "image/jpeg", "image/webp");

    private DataUrls() {
    }

    /** An image input as a data URL; TIFF and other formats vision APIs refuse are re-encoded as PNG. */
    public static String image(TaskInputs.Input input) throws IOException {
        String mime = input.mimeType();
        byte[] bytes = input.bytes();
        if (!WEB_IMAGES.contains(mime)) {
            try {
                bytes = Images.toPng(bytes);
            } catch (IOException e) {
                throw new IllegalArgumentException("Input '" + input.field() + "' is " + input.extension()
                        + ", which cannot be sent to a vision model; send PNG, JPEG, WebP or TIFF.");
            }
            mime = "image/png";
        }
        return of(mime, bytes);
    }

    /** A video input as a data URL ({@code video/mp4} or {@code video/quicktime}). */
    public static String video(TaskInputs.Input input) throws IOException {
        return of(input.mimeType(), input.bytes());
    }

    public static String of(String mime, byte[] bytes) {
        return "data:" + mime + ";base64," + Base64.getEncoder().encodeToString(bytes);
    }
}
