package io.ddiffusion.worker.images.local.sam;

import java.util.Locale;

/** An axis-aligned box in image pixels, corners {@code (x1, y1)} top-left and {@code (x2, y2)} bottom-right. */
public record Box(float x1, float y1, float x2, float y2) {

    /**
     * The box of a detector's normalised centre and size ({@code cx, cy, w, h} in [0, 1]) on a {@code width × height}
     * image. Not clipped to the image, as transformers leaves it.
     */
    public static Box fromCentre(float cx, float cy, float w, float h, int width, int height) {
        return new Box((cx - 0.5f * w) * width, (cy - 0.5f * h) * height, (cx + 0.5f * w) * width,
                (cy + 0.5f * h) * height);
    }

    /** This box with x scaled by {@code sx} and y by {@code sy} (into another frame, e.g. SAM's 1024×1024). */
    public Box scaled(double sx, double sy) {
        return new Box((float) (x1 * sx), (float) (y1 * sy), (float) (x2 * sx), (float) (y2 * sy));
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "(%.0f, %.0f)-(%.0f, %.0f)", x1, y1, x2, y2);
    }
}
