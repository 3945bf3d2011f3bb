package io.ddiffusion.worker.media;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;

/**
 * Image decoding, encoding and resizing in Java: PNG, JPEG, TIFF (JDK) and WebP (TwelveMonkeys) in, PNG out;
 * resizing through {@link Resampler}; the original's mask conversions.
 */
public final class Images {
    private Images() {
    }

    /**
     * Decodes an image and converts it to 8-bit RGB. Where the format's reader can write RGB itself (8-bit PNG and
     * JPEG) it decodes straight into it, so a large input is held once, not twice while converting.
     */
    public static BufferedImage decodeRgb(byte[] bytes) throws IOException {
        return decodeRgb(bytes, Long.MAX_VALUE);
    }

    /**
     * As {@link #decodeRgb(byte[])}, with at most {@code maxPixels}: a larger image is subsampled while it is read
     * (every n-th pixel of every n-th row), so its full size is never held. Decimation can alias fine detail; it is
     * for models that look at far fewer pixels than that limit and resample with antialiasing afterwards.
     */
    public static BufferedImage decodeRgb(byte[] bytes, long maxPixels) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new IOException("not a readable image (PNG, JPEG, TIFF or WebP)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                ImageReadParam param = reader.getDefaultReadParam();
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > maxPixels) {
                    int step = (int) Math.ceil(Math.sqrt((double) pixels / maxPixels));
                    param.setSourceSubsampling(step, step, 0, 0);
                }
                Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
                while (types.hasNext()) {
                    ImageTypeSpecifier type = types.next();
                    if (type.getBufferedImageType() == BufferedImage.TYPE_INT_RGB) {
                        param.setDestinationType(type);
                        break;
                    }
                }
                return toType(reader.read(0, param), BufferedImage.TYPE_INT_RGB);
            } finally {
                reader.dispose();
            }
        }
    }

    /** Decodes an image (a mask) and converts it to 8-bit greyscale. */
    public static BufferedImage decodeGrey(byte[] bytes) throws IOException {
        return toType(decodeRgb(bytes), BufferedImage.TYPE_BYTE_GRAY);
    }

    public static byte[] png(BufferedImage img) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(img, "png", out)) {
                throw new IOException("no PNG writer");
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Re-encodes any readable image as PNG (provider outputs are stored as PNG). */
    public static byte[] toPng(byte[] bytes) throws IOException {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
        if (img == null) {
            throw new IOException("not a readable image");
        }
        return png(img);
    }

    public static BufferedImage toType(BufferedImage src, int type) {
        if (src.getType() == type) {
            return src;
        }
        BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), type);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.BLACK);
        g.fillRect(0, 0, src.getWidth(), src.getHeight());
        g.drawImage(src, 0, 0, null);
        g.dispose();
        return out;
    }

    /**
     * Resizes with good quality: Lanczos-3, antialiased when shrinking, as the original's PIL resize. Greyscale stays
     * greyscale; anything else comes back as RGB.
     */
    public static BufferedImage resize(BufferedImage src, int width, int height) {
        return Resampler.resize(src, width, height, ResampleFilter.LANCZOS3);
    }

    /** Crops the centre {@code width}×{@code height} region. */
    public static BufferedImage centreCrop(BufferedImage src, int width, int height) {
        int x = Math.max(0, (src.getWidth() - width) / 2);
        int y = Math.max(0, (src.getHeight() - height) / 2);
        return src.getSubimage(x, y, Math.min(width, src.getWidth()), Math.min(height, src.getHeight()));
    }

    /**
     * A greyscale mask (white = change) as OpenAI's edit endpoint wants it: an RGBA image, black, whose alpha is
     * {@code 255 - mask}, so the area to change is transparent.
     */
    public static BufferedImage openAiMask(BufferedImage greyMask) {
        BufferedImage grey = toType(greyMask, BufferedImage.TYPE_BYTE_GRAY);
        BufferedImage out = new BufferedImage(grey.getWidth(), grey.getHeight(), BufferedImage.TYPE_INT_ARGB);
        var raster = grey.getRaster();
        for (int y = 0; y < grey.getHeight(); y++) {
            for (int x = 0; x < grey.getWidth(); x++) {
                int v = raster.getSample(x, y, 0);
                out.setRGB(x, y, (255 - v) << 24);
            }
        }
        return out;
    }
}
