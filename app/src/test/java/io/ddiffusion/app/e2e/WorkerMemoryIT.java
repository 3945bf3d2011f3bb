package io.ddiffusion.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code serve} with a 1 GiB heap and the launcher's own JVM options takes 16 image tasks at once whose
 * inputs are as large as the API allows (8000×8000, 64 MP, about 190 KB as PNG and 256 MiB decoded), after a task
 * that exhausted the heap: that task failed with a clear message, the process lived on, and every image task succeeds.
 */
class WorkerMemoryIT {
    private static final int SIDE = 8000;
    private static final int TASKS = 16;

    @TempDir
    Path dir;

    /** An 8-bit RGB PNG of {@code side}², all black: tiny on disk, {@code side² × 3} bytes once inflated. */
    static byte[] blackPng(int side) throws IOException {
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        byte[] row = new byte[1 + side * 3];
        try (DeflaterOutputStream z = new DeflaterOutputStream(idat)) {
            for (int y = 0; y < side; y++) {
                z.write(row);
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream h = new DataOutputStream(ihdr);
        h.writeInt(side);
        h.writeInt(side);
        h.write(new byte[] {8, 2, 0, 0, 0});
        chunk(png, "IHDR", ihdr.toByteArray());
        chunk(png, "IDAT", idat.toByteArray());
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream png, String type, byte[] data) throws IOException {
        DataOutputStream out = new DataOutputStream(png);
        out.writeInt(data.length);
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.write(t);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeInt((int) crc.getValue());
    }

    @Test
    void aOneGibibyteProcessRunsSixteenMaximumSizeInputsAndSurvivesAnOutOfMemory() throws Exception {
        int port = DistributionProcess.freePort();
        Map<String, String> env = new HashMap<>();
        env.put("DDIFFUSION_PORT", String.valueOf(port));
        env.put("DDIFFUSION_HANDLER_PLUGINS", DistributionIT.pluginPath());
        env.put("JAVA_TOOL_OPTIONS", "-Xmx1g");
        String image = Base64.getEncoder().encodeToString(blackPng(SIDE));
        try (DistributionProcess serve = DistributionProcess.start(dir, env, "serve")) {
            serve.awaitHealthy(Duration.ofSeconds(60));
            E2eClient client = new E2eClient(serve, dir);
            client.newKey("plates");
            String oom = client.submit("images", Map.of("model", "gpt-image-1", "prompt", "oom"));
            JsonNode failed = client.awaitFinished("images", oom, Duration.ofSeconds(120));
            assertThat(failed.get("status").asText()).isEqualTo("FAILURE");
            assertThat(failed.get("error_message").asText())
                    .contains("The worker ran out of memory running this task");
            List<String> ids = new ArrayList<>();
            ExecutorService submitters = Executors.newFixedThreadPool(TASKS);
            try {
                List<Future<String>> submits = new ArrayList<>();
                for (int i = 0; i < TASKS; i++) {
                    submits.add(submitters.submit(() -> client.submit("images", Map.of("model", "gpt-image-1",
                            "prompt", "decode;sleep=200", "image", image))));
                }
                for (Future<String> f : submits) {
                    ids.add(f.get());
                }
            } finally {
                submitters.shutdown();
            }

            int waited = 0;
            for (String id : ids) {
                JsonNode done = client.awaitFinished("images", id, Duration.ofSeconds(300));
                assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("SUCCESS");
                assertThat(done.get("logs").toString()).contains("decoded image " + SIDE + "x" + SIDE);
                waited += done.get("logs").toString().contains("Waiting for memory") ? 1 : 0;
            }
            assertThat(waited).as("tasks that waited for memory instead of running out of it")
                    .isGreaterThanOrEqualTo(TASKS - 2);
            assertThat(serve.isAlive()).isTrue();
            assertThat(client.get("/health", client.key()).statusCode()).isEqualTo(200);
        }
    }

    /**
     * Each task decodes a 4000×4000 image: 48 MB of pixels, more than the launcher's young generation holds, so the
     * serial collector puts each one straight into the old generation and grows that (it expands before it collects
     * it), the way a burst of large inputs grows {@code serve}. Once idle, the heap goes back (IdleHeapTrim).
     */
    @Test
    void serveGivesTheHeapOfABurstBackOnceIdle() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("DDIFFUSION_PORT", String.valueOf(DistributionProcess.freePort()));
        env.put("DDIFFUSION_HANDLER_PLUGINS", DistributionIT.pluginPath());
        int side = 4000;
        String image = Base64.getEncoder().encodeToString(blackPng(side));
        try (DistributionProcess serve = DistributionProcess.start(dir, env, "serve")) {
            serve.awaitHealthy(Duration.ofSeconds(60));
            E2eClient client = new E2eClient(serve, dir);
            client.newKey("burst");
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                ids.add(client.submit("images", Map.of("model", "gpt-image-1", "prompt", "decode;sleep=100",
                        "image", image)));
            }
            for (String id : ids) {
                JsonNode done = client.awaitFinished("images", id, Duration.ofSeconds(120));
                assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("SUCCESS");
                assertThat(done.get("logs").toString()).contains("decoded image " + side + "x" + side);
            }
            long peak = serve.peakResidentKib();
            System.out.printf("serve RSS at its peak in a burst of %d 4000x4000 decodes: %d MiB%n", ids.size(),
                    peak >> 10);
            // why: a burst that did not grow the process would let this test pass with the trim broken
            assertThat(peak).as("peak RSS in KiB: the burst has to grow the heap for the test to mean anything")
                    .isGreaterThan(800L * 1024);

            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> serve.residentKib() < 400 * 1024);
            System.out.printf("serve RSS once idle: %d MiB%n", serve.residentKib() >> 10);
        }
    }
}
