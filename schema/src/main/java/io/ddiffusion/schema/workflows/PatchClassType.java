package io.ddiffusion.schema.workflows;

/** The ComfyUI node classes a patch can set, and what value each takes. */
public enum PatchClassType {
    PrimitiveInt,
    PrimitiveFloat,
    PrimitiveStringMultiline,
    /** ComfyUI's one-line string primitive (comfy_extras/nodes_primitive.py, beside the multiline one). */
    PrimitiveString,
    PrimitiveBoolean,
    /** Value: a base64-encoded image, uploaded to ComfyUI. */
    LoadImage,
    /** Value: a base64-encoded video, uploaded to ComfyUI. */
    LoadVideo;

    public boolean isFile() {
        return this == LoadImage || this == LoadVideo;
    }

    /** Why {@code value} does not suit this class, or null when it does. */
    public String valueError(Object value) {
        return switch (this) {
            case PrimitiveInt -> value instanceof Integer || value instanceof Long ? null : "must be an integer";
            case PrimitiveFloat -> value instanceof Number ? null : "must be a number";
            case PrimitiveStringMultiline, PrimitiveString -> value instanceof String ? null : "must be a string";
            case PrimitiveBoolean -> value instanceof Boolean ? null : "must be true or false";
            case LoadImage, LoadVideo -> value instanceof String ? null : "must be a base64 string";
        };
    }
}
