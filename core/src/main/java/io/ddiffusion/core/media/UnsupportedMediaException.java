package io.ddiffusion.core.media;

/**
 * A file is not one of the supported media formats; the message is a predicate meant to follow the field name, e.g.
 * {@code "is not a supported image or video (PNG, JPEG, WebP, TIFF, EXR, MP4, MOV)"}.
 */
public class UnsupportedMediaException extends Exception {
    public UnsupportedMediaException(String message) {
        super(message);
    }
}
