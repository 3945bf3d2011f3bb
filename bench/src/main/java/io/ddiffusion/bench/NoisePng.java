package io.ddiffusion.bench;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/** Valid PNGs of random RGB noise (which does not compress), sized to about a given number of bytes. */
final class NoisePng {
    private NoisePng() {
    }

    /** A square noise PNG of roughly {@code bytes} bytes (3 bytes a pixel, plus a little PNG overhead). */
    static byte[] ofAbout(long bytes, long seed) throws IOException {
        int side = (int) Math.ceil(Math.sqrt(bytes / 3.0));
        BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        SplittableRandom random = new SplittableRandom(seed);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                img.setRGB(x, y, random.nextInt() & 0xFFFFFF);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) (bytes + bytes / 50));
        if (!ImageIO.write(img, "png", out)) {
            throw new IOException("no PNG writer");
        }
        return out.toByteArray();
    }

    /** An image-to-image request on the cpu queue with {@code png} as its input; EchoHandler echoes it back. */
    static byte[] imageRequest(String model, byte[] png) {
        return ("{\"model\":\"" + model + "\",\"prompt\":\"x\",\"image\":\""
                + Base64.getEncoder().encodeToString(png) + "\"}").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
