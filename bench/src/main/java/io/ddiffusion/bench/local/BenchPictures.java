package io.ddiffusion.bench.local;

import io.ddiffusion.worker.media.Images;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * Input pictures drawn in code (the benchmark ships no media): a sky, grass, a box and a red ball. Smooth areas with a
 * few edges compress like a photograph does, which keeps PNG decoding and encoding at realistic cost.
 */
final class BenchPictures {
    private BenchPictures() {
    }

    /** The scene as a PNG of {@code width}×{@code height}. */
    static byte[] scene(int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        int horizon = height * 3 / 5;
        g.setPaint(new GradientPaint(0, 0, new Color(70, 130, 210), 0, horizon, new Color(190, 220, 245)));
        g.fillRect(0, 0, width, horizon);
        g.setPaint(new GradientPaint(0, horizon, new Color(90, 160, 60), 0, height, new Color(40, 100, 30)));
        g.fillRect(0, horizon, width, height - horizon);
        g.setColor(new Color(150, 110, 60));
        g.fillRect(width * 3 / 5, horizon - height / 5, width / 4, height / 4);
        int ball = Math.min(width, height) / 4;
        g.setPaint(new GradientPaint(width / 4f, horizon - ball / 2f, new Color(240, 60, 50), width / 4f + ball,
                horizon + ball / 2f, new Color(140, 20, 20)));
        g.fillOval(width / 4, horizon - ball / 2, ball, ball);
        g.dispose();
        return Images.png(img);
    }
}
