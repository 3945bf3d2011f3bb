package io.ddiffusion.worker.videos.external;

import io.ddiffusion.worker.providers.MultipartParser;
import io.ddiffusion.worker.providers.openai.OpenAiClient;
import io.ddiffusion.worker.providers.openai.OpenAiEmulator;
import io.ddiffusion.worker.providers.openai.EmulatorTestSupport;

import io.ddiffusion.worker.testing.FakeTaskContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddiffusion.schema.videos.VideoModel;
import io.ddiffusion.schema.videos.VideoRequest;
import io.ddiffusion.worker.providers.ProviderException;
import io.ddiffusion.worker.testing.FakeTaskContext.Input;
import io.ddiffusion.worker.testing.FakeTaskContext.Step;
import io.ddiffusion.worker.runtime.CancellationToken;
import io.ddiffusion.worker.runtime.TaskCancelledException;
import io.ddiffusion.worker.videos.VideoTaskHandler;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Sora2Test extends EmulatorTestSupport {
    private static final String VIDEOS = "/v1/videos";

    private FakeTaskContext<VideoRequest> task(int width, int height, int frames, boolean audio, Input... inputs)
            throws Exception {
        boolean image = inputs.length > 0;
        return new FakeTaskContext<>(VideoModel.SORA_2.taskName(), new VideoRequest(VideoModel.SORA_2,
                " a   slow dolly\tshot ", height, width, frames, null, image ? "stored" : null, null, null, audio),
                storage, inputs);
    }

    private Sora2 sora(OpenAiClient client) {
        return new Sora2(client, Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMinutes(2));
    }

    private List<String> run(FakeTaskContext<VideoRequest> ctx) throws Exception {
        return new VideoTaskHandler(sora(client())).run(ctx).files();
    }

    private String contentPath(String id) {
        return VIDEOS + "/" + id + "/content";
    }

    private String videoId() {
        return emulator.requests().stream().filter(r -> r.method().equals("GET") && r.path().startsWith(VIDEOS + "/"))
                .findFirst().map(r -> r.path().split("/")[3]).orElseThrow();
    }

    @Test
    void textToVideoCreatesAJobPollsItWithProgressAndStoresTheMp4() throws Exception {
        FakeTaskContext<VideoRequest> ctx = task(854, 480, 48, false);

        List<String> files = run(ctx);

        OpenAiEmulator.Request create = emulator.only("POST", VIDEOS);
        assertThat(create.header("Authorization")).isEqualTo("Bearer " + OpenAiEmulator.KEY);
        assertThat(create.header("Content-Type")).startsWith("multipart/form-data; boundary=");
        assertThat(create.partNames()).containsExactly("model", "prompt", "size", "seconds");
        assertThat(create.part("model").orElseThrow().text()).isEqualTo("sora-2-pro");
        assertThat(create.part("prompt").orElseThrow().text()).isEqualTo("a slow dolly shot");
        assertThat(create.part("size").orElseThrow().text()).isEqualTo("1280x720");
        assertThat(create.part("seconds").orElseThrow().text()).isEqualTo("4");
        String id = videoId();
        assertThat(emulator.requests("GET", VIDEOS + "/" + id)).hasSize(3);
        OpenAiEmulator.Request content = emulator.only("GET", contentPath(id));
        assertThat(content.query()).isEqualTo("variant=video");
        assertThat(content.header("Authorization")).isEqualTo("Bearer " + OpenAiEmulator.KEY);
        assertThat(ctx.progressSteps()).extracting(Step::step).containsSubsequence(0L, 30L, 70L, 100L);
        assertThat(ctx.progressSteps()).allMatch(s -> s.total() == 100);
        assertThat(files).hasSize(1).allMatch(k -> k.startsWith("videos/sora-2/") && k.endsWith("-0.mp4"));
        assertThat(ctx.read(files.get(0))).isEqualTo(emulator.mp4());
        assertThat(ctx.logs()).anyMatch(l -> l.contains("always generates an audio track"));
        assertThat(emulator.requests("DELETE", VIDEOS + "/" + id)).isEmpty();
    }

    @ParameterizedTest(name = "{0}x{1}, {2} frames → {3}, {4} s")
    @CsvSource({"854,480,48,1280x720,4", "480,854,120,720x1280,8", "600,600,96,1280x720,4", "600,600,97,1280x720,4",
        "1280,720,250,1280x720,8"})
    void sizeAndSecondsFollowTheOrientationAndTheFrameCount(int width, int height, int frames, String size,
            String seconds) throws Exception {
        FakeTaskContext<VideoRequest> ctx = task(width, height, frames, true);

        run(ctx);

        OpenAiEmulator.Request create = emulator.only("POST", VIDEOS);
        assertThat(create.part("size").orElseThrow().text()).isEqualTo(size);
        assertThat(create.part("seconds").orElseThrow().text()).isEqualTo(seconds);
        assertThat(ctx.logs()).noneMatch(l -> l.contains("audio"));
    }

    @Test
    void imageToVideoSendsTheFirstImageResizedToTheOutputSizeAsInputReference() throws Exception {
        FakeTaskContext<VideoRequest> ctx = task(854, 480, 48, true,
                new Input("image", "png", png(300, 400, Color.ORANGE)));

        run(ctx);

        OpenAiEmulator.Request create = emulator.only("POST", VIDEOS);
        assertThat(create.partNames()).containsExactly("model", "prompt", "size", "seconds", "input_reference");
        assertThat(create.part("size").orElseThrow().text()).as("the image's orientation wins").isEqualTo("720x1280");
        MultipartParser.Part reference = create.part("input_reference").orElseThrow();
        assertThat(reference.contentType()).isEqualTo("image/png");
        BufferedImage img = reference.image();
        assertThat(img.getWidth()).isEqualTo(720);
        assertThat(img.getHeight()).isEqualTo(1280);
        assertThat(emulator.violations()).isEmpty();
    }

    @Test
    void aFailedJobFailsTheTaskWithOpenAisReason() throws Exception {
        emulator.videoFailure("The prompt was blocked by moderation");
        FakeTaskContext<VideoRequest> ctx = task(854, 480, 48, true);

        assertThatThrownBy(() -> run(ctx))
                .isInstanceOf(ProviderException.class)
                .hasMessageContaining("openai sora-2-pro")
                .hasMessageContaining("video generation failed: The prompt was blocked by moderation "
                        + "(moderation_blocked)");
        assertThat(emulator.requests().stream().filter(r -> r.path().endsWith("/content"))).isEmpty();
        assertThat(ctx.outputs()).isEmpty();
    }

    @Test
    void cancellingDuringPollingStopsAtOnceAndDeletesTheJob() throws Exception {
        emulator.videoSteps(10, 20, 30, 40, 50, 60, 70, 80, 90, 100);
        FakeTaskContext<VideoRequest> ctx = task(854, 480, 48, true);
        emulator.onVideoPoll(polls -> {
            if (polls == 2) {
                ctx.cancel();
            }
        });

        assertThatThrownBy(() -> run(ctx)).isInstanceOf(TaskCancelledException.class);

        String id = videoId();
        assertThat(emulator.requests("GET", VIDEOS + "/" + id)).as("no poll after the cancelling one").hasSize(2);
        assertThat(emulator.requests("DELETE", VIDEOS + "/" + id)).hasSize(1);
        assertThat(emulator.requests().stream().filter(r -> r.path().endsWith("/content"))).isEmpty();
    }

    @Test
    void aWorkerThatTakesTheTaskOverAttachesToTheJobInsteadOfPayingForASecond() throws Exception {
        emulator.videoSteps(10, 20, 30, 40, 50, 60, 70, 80, 90, 100);
        FakeTaskContext<VideoRequest> first = task(854, 480, 48, true);
        emulator.onVideoPoll(polls -> {
            if (polls == 2) {
                first.cancel(CancellationToken.Reason.TAKEN_OVER);
            }
        });
        assertThatThrownBy(() -> run(first)).isInstanceOf(TaskCancelledException.class);
        String id = videoId();
        emulator.onVideoPoll(polls -> { });

        FakeTaskContext<VideoRequest> next = task(854, 480, 48, true).resuming(first.checkpoints());
        List<String> files = run(next);

        assertThat(emulator.requests("POST", VIDEOS)).as("one job, one bill").hasSize(1);
        assertThat(emulator.requests("DELETE", VIDEOS + "/" + id)).as("left to the new owner").isEmpty();
        assertThat(next.read(files.get(0))).isEqualTo(emulator.mp4());
        assertThat(next.logs()).anyMatch(l -> l.contains("attaching to video " + id));
    }

    @Test
    @Timeout(120) // a guard only: without cancellation the handler would wait out a ten-minute poll interval
    void cancellingWhileWaitingBetweenPollsDoesNotWaitOutTheInterval() throws Exception {
        emulator.videoSteps(10, 100).pollAfterMs(600_000);
        FakeTaskContext<VideoRequest> ctx = task(854, 480, 48, true);
        AtomicReference<Thread> canceller = new AtomicReference<>();
        emulator.onVideoPoll(polls -> {
            Thread t = new Thread(ctx::cancel);
            canceller.set(t);
            t.start();
        });
        Sora2 patient = new Sora2(client(), Duration.ofMillis(1), Duration.ofMinutes(10), Duration.ofMinutes(30));

        assertThatThrownBy(() -> new VideoTaskHandler(patient).run(ctx)).isInstanceOf(TaskCancelledException.class);

        canceller.get().join();
        String id = videoId();
        assertThat(emulator.requests("GET", VIDEOS + "/" + id)).hasSize(1);
        assertThat(emulator.requests("DELETE", VIDEOS + "/" + id)).hasSize(1);
    }

    @Test
    void aJobThatOutlivesTheWaitLimitIsAbandonedAndDeleted() throws Exception {
        FakeTaskContext<VideoRequest> ctx = task(854, 480, 48, true);
        Sora2 impatient = new Sora2(client(), Duration.ofMillis(1), Duration.ofMillis(5), Duration.ZERO);

        assertThatThrownBy(() -> new VideoTaskHandler(impatient).run(ctx))
                .isInstanceOf(ProviderException.class)
                .hasMessageContaining("did not finish within 0 s")
                .hasMessageContaining("abandoned");
        assertThat(emulator.requests().stream().filter(r -> r.method().equals("DELETE"))).hasSize(1);
    }

    @Test
    void aContentRedirectIsFollowedWithoutTheApiKey() throws Exception {
        emulator.redirectVideoContent("http");
        FakeTaskContext<VideoRequest> ctx = task(854, 480, 48, true);

        List<String> files = run(ctx);

        OpenAiEmulator.Request cdn = emulator.requests().stream().filter(r -> r.path().startsWith("/cdn/"))
                .findFirst().orElseThrow();
        assertThat(cdn.header("Authorization")).isNull();
        assertThat(ctx.read(files.get(0))).isEqualTo(emulator.mp4());
    }

    @Test
    void aContentRedirectToALoopbackAddressIsRefusedWithoutPrivateDownloads() throws Exception {
        emulator.redirectVideoContent("https");
        FakeTaskContext<VideoRequest> ctx = task(854, 480, 48, true);
        var handler = new VideoTaskHandler(sora(client(false, LIMIT)));

        assertThatThrownBy(() -> handler.run(ctx))
                .isInstanceOf(ProviderException.class)
                .hasMessageContaining("refusing to download the output from 127.0.0.1")
                .hasMessageContaining("private or local address");
        assertThat(emulator.requests().stream().filter(r -> r.path().startsWith("/cdn/"))).isEmpty();
        assertThat(ctx.outputs()).isEmpty();
    }

    @Test
    void theContentDownloadIsRetriedLikeAnyProviderCall() throws Exception {
        emulator.onVideoPoll(polls -> {
            if (polls == 3) { // the poll that completes the job: the next request is the content
                emulator.failNext(1, 503, "0", "The server is overloaded");
            }
        });
        FakeTaskContext<VideoRequest> ctx = task(854, 480, 48, true);

        List<String> files = run(ctx);

        assertThat(emulator.requests("GET", contentPath(videoId()))).hasSize(2);
        assertThat(ctx.read(files.get(0))).isEqualTo(emulator.mp4());
    }

    @Test
    void aRefusedContentDownloadFailsWithOpenAisMessage() throws Exception {
        emulator.onVideoPoll(polls -> {
            if (polls == 3) {
                emulator.failNext(1, 404, null, "Video content is no longer available");
            }
        });
        FakeTaskContext<VideoRequest> ctx = task(854, 480, 48, true);

        assertThatThrownBy(() -> run(ctx))
                .isInstanceOf(ProviderException.class)
                .hasMessage("openai sora-2-pro failed with HTTP 404: downloading the output from 127.0.0.1 failed: "
                        + "Video content is no longer available");
        assertThat(emulator.requests("GET", contentPath(videoId()))).hasSize(1);
        assertThat(ctx.outputs()).isEmpty();
    }

    @Test
    void anOversizedVideoIsRefused() throws Exception {
        emulator.outputBytes(200_000);
        FakeTaskContext<VideoRequest> ctx = task(854, 480, 48, true);
        var handler = new VideoTaskHandler(sora(client(true, 100_000)));

        assertThatThrownBy(() -> handler.run(ctx))
                .isInstanceOf(ProviderException.class)
                .hasMessageContaining("openai sora-2-pro")
                .hasMessageContaining("exceeds the download limit of 100000 bytes");
        assertThat(ctx.outputs()).isEmpty();
    }

    @Test
    void aWorkerWithoutAnOpenAiKeyFailsBeforeCallingAnything() throws Exception {
        FakeTaskContext<VideoRequest> ctx = task(854, 480, 48, true);
        var handler = new VideoTaskHandler(sora(clientWithoutKey()));

        assertThatThrownBy(() -> handler.run(ctx))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("OPENAI_API_KEY is not set on this worker");
        assertThat(emulator.requests()).isEmpty();
    }
}
