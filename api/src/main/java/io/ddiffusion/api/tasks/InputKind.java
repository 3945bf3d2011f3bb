package io.ddiffusion.api.tasks;

/** What a base64 field must hold. */
public enum InputKind {
    IMAGE("an image (PNG, JPEG, WebP, TIFF or EXR)"),
    VIDEO("a video (MP4 or MOV)"),
    IMAGE_OR_VIDEO("an image or a video");

    private final String description;

    InputKind(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
