package io.ddiffusion.worker.images.local.depth;

/** The depth map's PNG sample depth: 16-bit keeps the model's precision; 8-bit is what the original writes. */
public enum DepthPngBits {
    EIGHT,
    SIXTEEN;

    /** Parses a setting value, {@code 8} or {@code 16}. */
    public static DepthPngBits parse(String value) {
        return switch (value == null ? "" : value.strip()) {
            case "8" -> EIGHT;
            case "16" -> SIXTEEN;
            default -> throw new IllegalArgumentException("DDIFFUSION_DEPTH_PNG_BITS must be 8 or 16, got '" + value + "'");
        };
    }

    public int bits() {
        return this == EIGHT ? 8 : 16;
    }
}
