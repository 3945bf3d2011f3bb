package io.ddiffusion.worker.media;

import java.awt.image.BufferedImage;

/**
 * SAM-style input framing: the source is resized so its longest side is {@code side} (keeping the aspect ratio) and
 * padded on the right and bottom to a {@code side × side} square, so the content keeps the top-left origin. Holds what
 * is needed to map boxes and masks back to the source.
 *
 * @param sourceWidth   width of the original image
 * @param sourceHeight  height of the original image
 * @param contentWidth  width of the resized image inside the square
 * @param contentHeight height of the resized image inside the square
 * @param side          side of the padded square
 */
public record Letterbox(int sourceWidth, int sourceHeight, int contentWidth, int contentHeight, int side) {

    public Letterbox {
        if (sourceWidth < 1 || sourceHeight < 1 || side < 1 || contentWidth < 1 || contentHeight < 1
                || contentWidth > side || contentHeight > side) {
            throw new IllegalArgumentException("content " + contentWidth + "×" + contentHeight + " of a "
                    + sourceWidth + "×" + sourceHeight + " source does not fit a " + side + " square");
        }
    }

    /** The framing of a {@code width × height} source into a {@code side} square (sizes rounded half up, as SAM). */
    public static Letterbox longestSide(int width, int height, int side) {
        if (width < 1 || height < 1 || side < 1) {
            throw new IllegalArgumentException("cannot frame a " + width + "×" + height + " image in a " + side
                    + " square");
        }
        double scale = (double) side / Math.max(width, height);
        int w = Math.clamp((long) (width * scale + 0.5), 1, side);
        int h = Math.clamp((long) (height * scale + 0.5), 1, side);
        return new Letterbox(width, height, w, h, side);
    }

    /** Content width over source width: multiply a source x by it to get a padded-square x. */
    public double scaleX() {
        return (double) contentWidth / sourceWidth;
    }

    /** Content height over source height: multiply a source y by it to get a padded-square y. */
    public double scaleY() {
        return (double) contentHeight / sourceHeight;
    }

    /** A padded-square x (a box corner from the model) in source pixels. */
    public double toSourceX(double x) {
        return x / scaleX();
    }

    /** A padded-square y (a box corner from the model) in source pixels. */
    public double toSourceY(double y) {
        return y / scaleY();
    }

    /** The source resized to the content size and padded with black to the square; greyscale stays greyscale. */
    public BufferedImage apply(BufferedImage source, ResampleFilter filter) {
        checkSource(source.getWidth(), source.getHeight());
        BufferedImage content = Resampler.resize(source, contentWidth, contentHeight, filter);
        BufferedImage out = Pixels.newImage(Pixels.isGrey(content), side, side);
        Pixels.copyRows(content, out, 0, contentHeight);
        return out;
    }

    /**
     * A content-sized tensor padded with zeros to the square. SAM pads after normalising, so the padding is the
     * mean colour, not black: resize, normalise with {@link ImageTensors}, then pad with this.
     */
    public FloatImage pad(FloatImage content) {
        if (content.width() != contentWidth || content.height() != contentHeight) {
            throw new IllegalArgumentException("expected a " + contentWidth + "×" + contentHeight + " content "
                    + "tensor, got " + content);
        }
        return content.padTo(side, side);
    }

    /**
     * A mask (or its logits) predicted over the square, at any resolution (SAM's decoder gives 256×256), mapped back
     * onto the source: upscaled to the square, cropped to the content, resized to the source size.
     */
    public FloatImage toSource(FloatImage squareMask, ResampleFilter filter) {
        FloatImage square = squareMask.width() == side && squareMask.height() == side ? squareMask
                : Resampler.resize(squareMask, side, side, filter);
        FloatImage content = square.crop(0, 0, contentWidth, contentHeight);
        return Resampler.resize(content, sourceWidth, sourceHeight, filter);
    }

    private void checkSource(int width, int height) {
        if (width != sourceWidth || height != sourceHeight) {
            throw new IllegalArgumentException("this framing is for a " + sourceWidth + "×" + sourceHeight
                    + " source, got " + width + "×" + height);
        }
    }
}
