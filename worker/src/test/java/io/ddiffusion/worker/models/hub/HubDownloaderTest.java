package io.ddiffusion.worker.models.hub;

import io.ddiffusion.worker.models.LocalModelSettings;
import io.ddiffusion.core.config.Env;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubDownloaderTest {

    static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
    static final String REPO = "acme/tiny-diffusion";

    @TempDir
    Path home;

    FakeHub hub;
    byte[] weights;
    byte[] config = "{\"model_type\": \"tiny\"}\n".getBytes(StandardCharsets.UTF_8);

    @BeforeEach
    void start() throws IOException {
        hub = new FakeHub(COMMIT);
        weights = new byte[300_000];
        new Random(42).nextBytes(weights);
        hub.serve(REPO, "unet/diffusion_pytorch_model.safetensors", weights, true);
        hub.serve(REPO, "config.json", config, false);
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    HubSettings settings(String token, boolean offline) {
        Map<String, String> env = new java.util.HashMap<>(Map.of("HF_ENDPOINT", hub.endpoint().toString(),
                "HF_HOME", home.toString(), "HF_HUB_OFFLINE", offline ? "1" : "0"));
        if (token != null) {
            env.put("HF_TOKEN", token);
        }
        return LocalModelSettings.from(Env.of(env)).hub();
    }

    HubDownloader downloader() {
        return new HubDownloader(settings(null, false));
    }

    HubFile weightsFile() {
        return new HubFile(REPO, COMMIT, "unet/diffusion_pytorch_model.safetensors", weights.length, FakeHub.sha256(weights));
    }

    HubFile configFile() {
        return new HubFile(REPO, COMMIT, "config.json", config.length, FakeHub.sha256(config));
    }

    Path repoDir() {
        return home.resolve("hub").resolve("models--acme--tiny-diffusion");
    }

    @Test
    void aDownloadedFileLandsInTheHuggingfaceHubCacheLayout() throws IOException {
        Path got = downloader().fetch(weightsFile(), ProgressListener.NONE);

        String sha = FakeHub.sha256(weights);
        Path snapshot = repoDir().resolve("snapshots").resolve(COMMIT).resolve("unet/diffusion_pytorch_model.safetensors");
        assertThat(got).isEqualTo(snapshot);
        assertThat(Files.isSymbolicLink(snapshot)).isTrue();
        assertThat(Files.readSymbolicLink(snapshot)).isEqualTo(Path.of("../../../blobs/" + sha));
        assertThat(repoDir().resolve("blobs").resolve(sha)).hasBinaryContent(weights);
        assertThat(snapshot).hasBinaryContent(weights);
        try (Stream<Path> blobs = Files.list(repoDir().resolve("blobs"))) {
            assertThat(blobs.map(p -> p.getFileName().toString())).containsExactly(sha);
        }
        assertThat(repoDir().resolve("refs")).as("huggingface_hub writes no ref for a commit revision").doesNotExist();
    }

    @Test
    void aNonLfsFileIsStoredUnderItsEtagLikeHuggingfaceHubDoes() throws IOException {
        Path got = downloader().fetch(configFile(), ProgressListener.NONE);

        String oid = FakeHub.gitOid(config);
        assertThat(Files.readSymbolicLink(got)).isEqualTo(Path.of("../../blobs/" + oid));
        assertThat(repoDir().resolve("blobs").resolve(oid)).hasBinaryContent(config);
    }

    @Test
    void aNamedRefRecordsTheCommitHash() throws IOException {
        HubDownloader downloader = downloader();
        downloader.cache().writeRef(configFile(), "main");

        assertThat(repoDir().resolve("refs/main")).hasContent(COMMIT);
        assertThat(downloader.cache().readRef(configFile(), "main")).contains(COMMIT);
    }

    @Test
    void thePinnedRevisionIsUsedInTheUrlAndTheBlobIsFetchedFromTheCdn() {
        downloader().fetch(weightsFile(), ProgressListener.NONE);

        assertThat(hub.requests).extracting(FakeHub.Seen::server, FakeHub.Seen::path).containsExactly(
                org.assertj.core.groups.Tuple.tuple("hub", REPO + "/resolve/" + COMMIT + "/unet/diffusion_pytorch_model.safetensors"),
                org.assertj.core.groups.Tuple.tuple("cdn", "cdn/" + FakeHub.sha256(weights)));
    }

    @Test
    void aPrivateRepoNeedsTheTokenAndTheTokenIsNotSentToTheCdn() {
        hub.makePrivate(REPO, "hf_secret");

        assertThatThrownBy(() -> new HubDownloader(settings(null, false)).fetch(weightsFile(), ProgressListener.NONE))
                .isInstanceOf(HubException.class).hasMessageContaining("401").hasMessageContaining(REPO)
                .hasMessageContaining("HF_TOKEN");
        assertThatThrownBy(() -> new HubDownloader(settings("hf_wrong", false)).fetch(weightsFile(), ProgressListener.NONE))
                .isInstanceOf(HubException.class).hasMessageContaining("401");

        hub.requests.clear();
        Path got = new HubDownloader(settings("hf_secret", false)).fetch(weightsFile(), ProgressListener.NONE);

        assertThat(got).hasBinaryContent(weights);
        assertThat(hub.requests).extracting(FakeHub.Seen::server, FakeHub.Seen::authorization).containsExactly(
                org.assertj.core.groups.Tuple.tuple("hub", "Bearer hf_secret"),
                org.assertj.core.groups.Tuple.tuple("cdn", null));
    }

    @Test
    void anInterruptedDownloadResumesFromThePartialSize() {
        hub.cutAfter.set(100_000);
        List<long[]> progress = new CopyOnWriteArrayList<>();

        Path got = downloader().fetch(weightsFile(), (done, total) -> progress.add(new long[] {done, total}));

        assertThat(got).hasBinaryContent(weights);
        assertThat(hub.cuts).hasValue(1);
        assertThat(hub.requests).filteredOn(r -> r.server().equals("cdn")).extracting(FakeHub.Seen::range)
                .containsExactly(null, "bytes=100000-");
        assertThat(progress.getLast()).containsExactly(weights.length, weights.length);
    }

    @Test
    void aPartialFileLeftByAnEarlierProcessIsContinuedWithARangeRequest() throws IOException {
        HubFile file = weightsFile();
        Files.createDirectories(repoDir().resolve("blobs"));
        Files.write(repoDir().resolve("blobs").resolve(file.sha256() + ".incomplete"),
                java.util.Arrays.copyOf(weights, 123_456));

        Path got = downloader().fetch(file, ProgressListener.NONE);

        assertThat(got).hasBinaryContent(weights);
        assertThat(hub.requests).filteredOn(r -> r.server().equals("cdn")).extracting(FakeHub.Seen::range)
                .containsExactly("bytes=123456-");
        assertThat(repoDir().resolve("blobs").resolve(file.sha256() + ".incomplete")).doesNotExist();
    }

    @Test
    void aServerThatIgnoresTheRangeRestartsTheFileFromTheStart() throws IOException {
        HubFile file = weightsFile();
        Files.createDirectories(repoDir().resolve("blobs"));
        byte[] garbage = new byte[50_000];
        Files.write(repoDir().resolve("blobs").resolve(file.sha256() + ".incomplete"), garbage);
        hub.ignoreRange = true;

        assertThat(downloader().fetch(file, ProgressListener.NONE)).hasBinaryContent(weights);
    }

    @Test
    void aPinTheHubsXLinkedEtagContradictsIsRefusedWithoutReadingTheBody() throws IOException {
        String other = "c".repeat(64);
        HubFile pin = new HubFile(REPO, COMMIT, "unet/diffusion_pytorch_model.safetensors", weights.length, other);

        assertThatThrownBy(() -> downloader().fetch(pin, ProgressListener.NONE))
                .isInstanceOf(HubChecksumException.class).hasMessageContaining("expected " + other)
                .hasMessageContaining(FakeHub.sha256(weights) + " (the Hub's X-Linked-Etag)");
        try (Stream<Path> left = Files.walk(repoDir())) {
            assertThat(left.filter(Files::isRegularFile).filter(p -> !p.toString().endsWith(".lock")))
                    .as("no partial or blob kept").isEmpty();
        }
    }

    @Test
    void aChecksumMismatchNamesTheFileAndHashesAndLeavesNothingInTheCache() throws IOException {
        byte[] wrong = weights.clone();
        wrong[1000] ^= 1;
        hub.corrupt(REPO, "unet/diffusion_pytorch_model.safetensors", wrong);

        assertThatThrownBy(() -> downloader().fetch(weightsFile(), ProgressListener.NONE))
                .isInstanceOf(HubChecksumException.class)
                .hasMessageContaining(REPO).hasMessageContaining("unet/diffusion_pytorch_model.safetensors")
                .hasMessageContaining(FakeHub.sha256(weights)).hasMessageContaining(FakeHub.sha256(wrong));

        try (Stream<Path> left = Files.walk(repoDir())) {
            assertThat(left.filter(p -> !Files.isDirectory(p))).isEmpty();
        }
        assertThat(repoDir().resolve("snapshots")).doesNotExist();
    }

    @Test
    void offlineModeServesACachedFileWithoutTouchingTheNetwork() {
        downloader().fetch(weightsFile(), ProgressListener.NONE);
        hub.requests.clear();

        Path got = new HubDownloader(settings(null, true)).fetch(weightsFile(), ProgressListener.NONE);

        assertThat(got).hasBinaryContent(weights);
        assertThat(hub.requests).isEmpty();
    }

    @Test
    void offlineModeFailsClearlyForAFileThatIsNotCached() {
        assertThatThrownBy(() -> new HubDownloader(settings(null, true)).fetch(weightsFile(), ProgressListener.NONE))
                .isInstanceOf(HubOfflineException.class).hasMessageContaining(REPO)
                .hasMessageContaining("unet/diffusion_pytorch_model.safetensors").hasMessageContaining("HF_HUB_OFFLINE");
        assertThat(hub.requests).isEmpty();
    }

    @Test
    void aCachedFileIsNotDownloadedAgain() {
        HubDownloader downloader = downloader();
        downloader.fetch(weightsFile(), ProgressListener.NONE);
        hub.requests.clear();

        downloader.fetch(weightsFile(), ProgressListener.NONE);

        assertThat(hub.requests).isEmpty();
    }

    @Test
    void twoConcurrentDownloadersFetchTheFileOnceAndBothGetIt() throws Exception {
        hub.bodyDelayMillis = 300;
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            Callable<Path> fetchOnceReleased = () -> {
                go.await();
                return downloader().fetch(weightsFile(), ProgressListener.NONE);
            };
            List<Future<Path>> results = List.of(pool.submit(fetchOnceReleased), pool.submit(fetchOnceReleased));
            go.countDown();
            for (Future<Path> result : results) {
                assertThat(result.get()).hasBinaryContent(weights);
            }
        }
        assertThat(hub.count("hub")).isEqualTo(1);
        assertThat(hub.count("cdn")).isEqualTo(1);
    }

    @Test
    void verifyingTheCacheNoticesATamperedBlob() throws IOException {
        HubDownloader downloader = downloader();
        HubFile file = weightsFile();
        downloader.fetch(file, ProgressListener.NONE);
        byte[] tampered = weights.clone();
        tampered[0] ^= 1;
        Files.write(repoDir().resolve("blobs").resolve(file.sha256()), tampered);

        assertThat(downloader.cache().find(file)).isPresent();
        assertThat(downloader.cache().find(file, true)).isEmpty();
    }

    @Test
    void aMissingFileIsReportedWithRepoAndPath() {
        HubFile missing = new HubFile(REPO, COMMIT, "vae/missing.bin", 1, "b".repeat(64));

        assertThatThrownBy(() -> downloader().fetch(missing, ProgressListener.NONE))
                .isInstanceOf(HubException.class).hasMessageContaining("404").hasMessageContaining(REPO)
                .hasMessageContaining("vae/missing.bin");
    }

    @Test
    void aCompletePartialFileIsFinishedByRefetchingItsLastByte() throws IOException {
        HubFile file = weightsFile();
        Files.createDirectories(repoDir().resolve("blobs"));
        Files.write(repoDir().resolve("blobs").resolve(file.sha256() + ".incomplete"), weights);

        assertThat(downloader().fetch(file, ProgressListener.NONE)).hasBinaryContent(weights);
        assertThat(hub.requests).filteredOn(r -> r.server().equals("cdn")).extracting(FakeHub.Seen::range)
                .containsExactly("bytes=" + (weights.length - 1) + "-");
    }

    @Test
    void progressIsThrottledButAlwaysEndsWithTheTotal() {
        List<Long> calls = new CopyOnWriteArrayList<>();
        ThrottledProgress progress = new ThrottledProgress((done, total) -> calls.add(done), 1000, 60_000);

        for (long done = 0; done <= 1000; done += 10) {
            progress.update(done);
        }
        progress.finish(1000);

        assertThat(calls).containsExactly(0L, 1000L);
    }

    HubDownloader downloaderWithStallTimeout(Duration timeout) {
        return new HubDownloader(settings(null, false).withStallTimeout(timeout));
    }

    @Test
    @org.junit.jupiter.api.Timeout(60)
    void aBodyThatGoesSilentIsAbandonedAndTheNextAttemptResumes() {
        hub.stallAfter.set(100_000);

        Path got = downloaderWithStallTimeout(Duration.ofMillis(300)).fetch(weightsFile(), ProgressListener.NONE);

        assertThat(got).hasBinaryContent(weights);
        assertThat(hub.stalls).hasValue(1);
        assertThat(hub.requests).filteredOn(r -> r.server().equals("cdn")).extracting(FakeHub.Seen::range)
                .containsExactly(null, "bytes=100000-");
        assertThat(Thread.currentThread().isInterrupted()).as("the watchdog's interrupt does not leak").isFalse();
    }

    @Test
    @org.junit.jupiter.api.Timeout(60)
    void aDownloadThatKeepsStallingFailsWithAClearMessageAndKeepsItsBytes() {
        hub.stallAfter.set(50_000);
        hub.stallAlways = true;
        HubFile file = weightsFile();

        assertThatThrownBy(() -> downloaderWithStallTimeout(Duration.ofMillis(200)).fetch(file, ProgressListener.NONE))
                .isInstanceOf(HubException.class).hasMessageContaining("no data received for")
                .hasMessageContaining("DDIFFUSION_MODEL_DOWNLOAD_STALL_SECONDS").hasMessageContaining(REPO)
                .hasMessageContaining("kept to resume");
        assertThat(hub.stalls).as("every attempt stalled").hasValue(3);
        assertThat(repoDir().resolve("blobs").resolve(file.sha256() + ".incomplete")).hasSize(3 * 50_000);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void fetchingVerifiedReplacesACorruptCachedBlob() throws IOException {
        HubDownloader downloader = downloader();
        HubFile file = weightsFile();
        downloader.fetch(file, ProgressListener.NONE);
        byte[] tampered = weights.clone();
        tampered[7] ^= 1;
        Files.write(repoDir().resolve("blobs").resolve(file.sha256()), tampered);
        hub.requests.clear();

        Path got = downloader.fetchVerified(file, ProgressListener.NONE);

        assertThat(got).hasBinaryContent(weights);
        assertThat(hub.count("cdn")).isEqualTo(1);
    }

    @Test
    void fetchingVerifiedDoesNotDownloadAnIntactFileAgain() {
        HubDownloader downloader = downloader();
        downloader.fetch(weightsFile(), ProgressListener.NONE);
        hub.requests.clear();

        assertThat(downloader.fetchVerified(weightsFile(), ProgressListener.NONE)).hasBinaryContent(weights);
        assertThat(hub.requests).isEmpty();
    }

    @Test
    @org.junit.jupiter.api.Timeout(60)
    void aDownloadWaitsForAnotherProcessHoldingTheLock() throws Exception {
        HubFile file = weightsFile();
        HubDownloader downloader = downloader();
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        Process holder = new ProcessBuilder(javaBin.toString(), "-cp", System.getProperty("java.class.path"),
                LockHolder.class.getName(), downloader.cache().lock(file).toString(), "1500")
                .redirectErrorStream(true).start();
        try {
            var out = new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("locked");
            long start = System.nanoTime();

            Path got = downloader.fetch(file, ProgressListener.NONE);

            assertThat(got).hasBinaryContent(weights);
            assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(500);
        } finally {
            holder.destroyForcibly();
        }
    }
}
