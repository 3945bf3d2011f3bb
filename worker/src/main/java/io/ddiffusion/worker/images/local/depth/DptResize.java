package io.ddiffusion.worker.images.local.depth;

import io.ddiffusion.worker.media.Size;

/**
 * The size DPT image processors resize to ({@code keep_aspect_ratio} with {@code ensure_multiple_of}): both sides are
 * scaled by the one factor that changes the image least on its way to {@code target}, then each side is rounded to
 * the nearest multiple of {@code multiple}, ties to even as Python's {@code round}.
 *
 * @param target   the configured square size ({@code size} in {@code preprocessor_config.json})
 * @param multiple what the model's patches need each side to be a multiple of
 */
record DptResize(int target, int multiple) {
    /** Depth-Anything-V2's processor: 518, multiples of 14 (its ViT patch size). */
    static final DptResize DEPTH_ANYTHING_V2 = new DptResize(518, 14);

    DptResize {
        if (target < 1 || multiple < 1) {
            throw new IllegalArgumentException("target and multiple must be positive, got " + target + ", "
                    + multiple);
        }
    }

    /** The model input size for a {@code width × height} image. */
    Size sizeFor(int width, int height) {
        double scaleHeight = (double) target / height;
        double scaleWidth = (double) target / width;
        if (Math.abs(1 - scaleWidth) < Math.abs(1 - scaleHeight)) {
            scaleHeight = scaleWidth;
        } else {
            scaleWidth = scaleHeight;
        }
        return new Size(constrain(scaleWidth * width), constrain(scaleHeight * height));
    }

    private int constrain(double side) {
        // why: Math.rint ties to even like Python's round(); a very thin side that rounds to nothing gets one
        // multiple instead (the original's processor would produce an empty image and fail)
        return Math.max(multiple, (int) Math.rint(side / multiple) * multiple);
    }
}
