package io.ddiffusion.worker.providers.openai;

import io.ddiffusion.core.config.ProviderSettings;
import io.ddiffusion.worker.media.Images;
import io.ddiffusion.worker.providers.Backoff;
import io.ddiffusion.worker.providers.ProviderClients;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Starts an {@link OpenAiEmulator} per test and builds clients pointed at it, with fast retries. */
public abstract class EmulatorTestSupport {
    public static final long LIMIT = 50L * 1024 * 1024;
    /** Jittered retries of at most 50 ms, so a Retry-After of a second stands out; a 20 s budget. */
    public static final Backoff FAST = new Backoff(Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(20), 5);

    @TempDir
    public Path storage;
    public OpenAiEmulator emulator;

    @BeforeEach
    void startEmulator() throws IOException {
        emulator = OpenAiEmulator.start();
    }

    @AfterEach
    void stopEmulator() {
        emulator.close();
    }

    public ProviderClients clients(Optional<String> key, boolean allowPrivate, long maxBytes) {
        ProviderSettings settings = new ProviderSettings(key, emulator.baseUrl(), Optional.empty(),
                "https://api.replicate.com/v1", Optional.of(emulator.baseUrl()), "Qwen/Qwen2.5-VL-3B-Instruct",
                Optional.empty(), allowPrivate, maxBytes, java.util.Set.of());
        return ProviderClients.create(settings, FAST);
    }

    public ProviderClients clients() {
        return clients(Optional.of(OpenAiEmulator.KEY), true, LIMIT);
    }

    public OpenAiClient client() {
        return OpenAiClient.openAi(clients());
    }

    public OpenAiClient client(boolean allowPrivate, long maxBytes) {
        return OpenAiClient.openAi(clients(Optional.of(OpenAiEmulator.KEY), allowPrivate, maxBytes));
    }

    public OpenAiClient clientWithoutKey() {
        return OpenAiClient.openAi(clients(Optional.empty(), true, LIMIT));
    }

    public static BufferedImage solid(int width, int height, Color color) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return img;
    }

    public static byte[] png(int width, int height, Color color) {
        return Images.png(solid(width, height, color));
    }

    public static byte[] encode(BufferedImage img, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(img, format, out)) {
                throw new IOException("no " + format + " writer");
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static BufferedImage decode(byte[] bytes) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(bytes));
    }

    /** A minimal ISO-BMFF file: MP4 for brand {@code isom}, MOV for {@code "qt  "}. */
    public static byte[] isoMedia(String brand) {
        byte[] b = brand.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return new byte[] {0, 0, 0, 20, 'f', 't', 'y', 'p', b[0], b[1], b[2], b[3], 0, 0, 2, 0, b[0], b[1], b[2], b[3],
            0, 0, 0, 8, 'm', 'd', 'a', 't'};
    }
}
