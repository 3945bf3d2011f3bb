package io.ddiffusion.worker.videos.external;

import io.ddiffusion.worker.providers.openai.OpenAiClient;

import io.ddiffusion.schema.videos.VideoModel;
import io.ddiffusion.worker.media.Images;
import io.ddiffusion.worker.providers.ProviderException;
import io.ddiffusion.worker.providers.openai.OpenAiRequests.Video;
import io.ddiffusion.worker.providers.openai.OpenAiRequests.VideoCreate;
import io.ddiffusion.worker.runtime.CancellationToken;
import io.ddiffusion.worker.runtime.TaskCancelledException;
import io.ddiffusion.worker.videos.VideoContext;
import io.ddiffusion.worker.videos.VideoHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code sora-2}: OpenAI Sora 2 Pro through the Videos API. Starts a job (text-to-video, or image-to-video with the
 * first image resized to the output size as {@code input_reference}), polls it with a growing interval while
 * reporting its progress percentage, then downloads the MP4. A cancelled or timed-out job is deleted, since the
 * Videos API has no cancel endpoint. Sora always generates an audio track, whatever {@code generate_audio} says.
 */
public final class Sora2 implements VideoHandler {
    static final String MODEL = "sora-2-pro";

    private final OpenAiClient client;
    private final Duration firstPoll;
    /** The task checkpoint holding the video job's id. */
    static final String CHECKPOINT = "openai.video";

    private final Duration maxPoll;
    private final Duration maxWait;

    public Sora2(OpenAiClient client) {
        this(client, Duration.ofSeconds(2), Duration.ofSeconds(20), Duration.ofMinutes(20));
    }

    /** @param maxWait how long a job may stay unfinished before it is abandoned (the original's SDK gave 10 min) */
    Sora2(OpenAiClient client, Duration firstPoll, Duration maxPoll, Duration maxWait) {
        this.client = client;
        this.firstPoll = firstPoll;
        this.maxPoll = maxPoll;
        this.maxWait = maxWait;
    }

    @Override
    public VideoModel model() {
        return VideoModel.SORA_2;
    }

    @Override
    public List<String> run(VideoContext ctx) throws Exception {
        client.requireKey();
        VideoCreate create = create(ctx);
        ctx.task().log("openai " + MODEL + ": " + (create.inputReference().isPresent() ? "image" : "text")
                + "-to-video, " + create.size() + ", " + create.seconds() + " s");
        if (!ctx.request().generateAudio()) {
            ctx.task().log("Sora 2 always generates an audio track; generate_audio=false cannot turn it off");
        }
        Optional<String> earlier = ctx.task().checkpoint(CHECKPOINT);
        Video video;
        if (earlier.isPresent()) {
            ctx.task().log("openai " + MODEL + ": attaching to video " + earlier.get() + ", started by an earlier "
                    + "attempt");
            video = client.video(MODEL, earlier.get(), ctx.task().cancellation());
        } else {
            video = client.createVideo(create, ctx.task().cancellation());
            // why: before the wait, so a worker that takes the task over attaches instead of paying for another job
            ctx.task().checkpoint(CHECKPOINT, video.id());
        }
        try {
            video = await(ctx, video);
        } catch (TaskCancelledException e) {
            // why: a copy stopped because the task was taken over leaves the job to the new owner
            if (e.reason() != CancellationToken.Reason.TAKEN_OVER) {
                client.deleteVideo(MODEL, video.id());
            }
            throw e;
        }
        if (!video.status().equals("completed")) {
            throw new ProviderException(OpenAiClient.PROVIDER, MODEL, 0, "video generation " + video.status() + ": "
                    + video.error().orElse("no reason given"));
        }
        Path file = Files.createTempFile("sora-", ".mp4");
        try {
            client.downloadVideo(MODEL, video.id(), file, ctx.task().cancellation());
            return List.of(ctx.saveMp4(file));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Polls until the job is completed or failed, reporting progress; abandons it after {@code maxWait}. */
    private Video await(VideoContext ctx, Video video) throws TaskCancelledException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        Duration interval = firstPoll;
        String status = "";
        while (!video.finished()) {
            if (System.nanoTime() - deadline >= 0) {
                client.deleteVideo(MODEL, video.id());
                throw new ProviderException(OpenAiClient.PROVIDER, MODEL, 0, "video " + video.id() + " did not finish "
                        + "within " + maxWait.toSeconds() + " s (last " + video.status() + ", " + video.progress()
                        + "%); it was abandoned");
            }
            if (!video.status().equals(status)) {
                status = video.status();
                ctx.task().log("openai " + MODEL + ": " + status + " " + video.progress() + "%");
            }
            ctx.task().progress(video.progress(), 100);
            Duration wait = video.pollAfter().orElse(interval);
            ctx.task().cancellation().sleep(Math.min(wait.toMillis(), maxPoll.toMillis()));
            interval = min(Duration.ofMillis(interval.toMillis() * 3 / 2), maxPoll);
            video = client.video(MODEL, video.id(), ctx.task().cancellation());
        }
        ctx.task().progress(video.status().equals("completed") ? 100 : video.progress(), 100);
        return video;
    }

    /** 720p in the working size's orientation; square goes landscape, as the original. */
    static String size(VideoContext ctx) {
        return ctx.height() > ctx.width() ? "720x1280" : "1280x720";
    }

    /**
     * The clip length. The Videos API takes "4", "8" or "12"; the original maps ⌊frames/24⌋ ≤ 4 to "4" and
     * everything longer to "8", which we keep (both are allowed values).
     */
    static String seconds(int durationSeconds) {
        return durationSeconds <= 4 ? "4" : "8";
    }

    static VideoCreate create(VideoContext ctx) {
        String size = size(ctx);
        int x = size.indexOf('x');
        int width = Integer.parseInt(size.substring(0, x));
        int height = Integer.parseInt(size.substring(x + 1));
        // why: the API wants the reference image at exactly the output resolution
        Optional<byte[]> reference = ctx.image().map(img -> Images.png(Images.resize(img, width, height)));
        return new VideoCreate(MODEL, ctx.prompt(), size, seconds(ctx.durationSeconds()), reference);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
