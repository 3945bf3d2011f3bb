package io.ddiffusion.core.media;

/** An image or video container format that tasks accept as input. */
public enum MediaFormat {
    PNG("image/png", "png"),
    JPEG("image/jpeg", "jpg"),
    WEBP("image/webp", "webp"),
    TIFF("image/tiff", "tiff"),
    EXR("image/x-exr", "exr"),
    MP4("video/mp4", "mp4"),
    MOV("video/quicktime", "mov");

    private final String mimeType;
    private final String extension;

    MediaFormat(String mimeType, String extension) {
        this.mimeType = mimeType;
        this.extension = extension;
    }

    /** The IANA media type, e.g. {@code image/png}. */
    public String mimeType() {
        return mimeType;
    }

    /** The usual file extension without the dot, e.g. {@code jpg}. */
    public String extension() {
        return extension;
    }

    /** Whether this is a still image format. */
    public boolean isImage() {
        return !isVideo();
    }

    /** Whether this is a video container format. */
    public boolean isVideo() {
        return this == MP4 || this == MOV;
    }
}
