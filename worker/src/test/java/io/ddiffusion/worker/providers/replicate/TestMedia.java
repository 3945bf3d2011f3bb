package io.ddiffusion.worker.providers.replicate;

import io.ddiffusion.worker.media.Images;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import javax.imageio.ImageIO;

/** Small media files for provider tests: PNG, JPEG, WebP images and a minimal MP4. */
public final class TestMedia {
    /** A 1x1 lossless WebP. */
    public static final byte[] WEBP = Base64.getDecoder().decode("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==");
    /** An MP4 as far as sniffing goes: an {@code ftyp} box (isom) and an empty {@code mdat}. */
    public static final byte[] MP4 = mp4();

    private TestMedia() {
    }

    /** A PNG of {@code width}×{@code height}, a colour gradient (so crops and resizes are visible). */
    public static byte[] png(int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                img.setRGB(x, y, new Color(x * 255 / Math.max(1, width - 1), y * 255 / Math.max(1, height - 1), 90)
                        .getRGB());
            }
        }
        return Images.png(img);
    }

    /** A white-on-black mask PNG: the centre quarter white. */
    public static byte[] mask(int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(width / 4, height / 4, width / 2, height / 2);
        g.dispose();
        return Images.png(img);
    }

    /** Random pixels: a PNG that does not compress (about 3 bytes per pixel). */
    public static byte[] noisePng(int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(7);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                img.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        return Images.png(img);
    }

    public static byte[] jpeg(int width, int height) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(Images.decodeRgb(png(width, height)), "jpeg", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a handler sends for an input image: the decoded RGB image re-encoded as a PNG data URI. */
    public static String pngDataUri(byte[] inputImage) throws IOException {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(Images.png(Images.decodeRgb(
                inputImage)));
    }

    /** What a handler sends for a mask: the greyscale mask as a PNG data URI. */
    public static String maskDataUri(byte[] mask) throws IOException {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(Images.png(Images.decodeGrey(mask)));
    }

    public static String mp4DataUri() {
        return "data:video/mp4;base64," + Base64.getEncoder().encodeToString(MP4);
    }

    private static byte[] mp4() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0, 0, 0, 0x18});
        out.writeBytes("ftypisom".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(new byte[] {0, 0, 2, 0});
        out.writeBytes("isommp41".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(new byte[] {0, 0, 0, 0x10});
        out.writeBytes("mdat".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes("tinyvid!".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }
}
