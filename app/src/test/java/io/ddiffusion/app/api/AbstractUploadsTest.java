package io.ddiffusion.app.api;

import static io.ddiffusion.app.api.Api.json;
import static io.ddiffusion.app.api.Base64InputTest.assertInvalid;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddiffusion.core.uploads.Upload;
import io.ddiffusion.core.uploads.UploadRegistry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/uploads} through HTTP, and tasks naming uploads as {@code upload:<id>}: raw and multipart bodies,
 * streaming to storage, every sniffing refusal, ownership, single use and expiry. Run against the embedded runtime
 * ({@link UploadsTest}) and Redis ({@link RedisUploadsTest}).
 */
abstract class AbstractUploadsTest {
    static final Path TEMP = FilesResourceTest.STORAGE.resolve(".tmp");

    @TestHTTPResource("/api/uploads")
    URL uploadsUrl;
    @Inject
    UploadRegistry registry;

    String token;

    @BeforeEach
    void newKey() {
        token = Api.newToken("uploads");
    }

    static Response upload(String token, String contentType, byte[] body) {
        return given().header("Authorization", "Bearer " + token).contentType(contentType).body(body)
                .post("/api/uploads");
    }

    static String uploaded(String token, byte[] body) {
        return upload(token, "image/png", body).then().statusCode(201).extract().jsonPath().getString("id");
    }

    /** A valid PNG header followed by noise, {@code size} bytes in all: the API only reads the header. */
    static byte[] pngOfSize(int size, long seed) {
        byte[] header = Media.png(640, 480);
        byte[] png = Arrays.copyOf(header, size);
        byte[] noise = new byte[size - header.length];
        new Random(seed).nextBytes(noise);
        System.arraycopy(noise, 0, png, header.length, noise.length);
        return png;
    }

    static byte[] download(String url) {
        return given().urlEncodingEnabled(false).get(Api.pathAndQuery(url)).then().statusCode(200).extract()
                .asByteArray();
    }

    @Test
    void aRawUploadAnswersItsRecognisedTypeAndSizeAndATaskUsesItByteForByte() {
        byte[] image = pngOfSize(300_000, 1);
        Instant before = Instant.now();

        JsonPath created = upload(token, "application/octet-stream", image).then().statusCode(201).extract()
                .jsonPath();

        assertThat(created.getString("id")).matches("[0-9a-f]{32}");
        assertThat(created.getString("media_type")).isEqualTo("image/png");
        assertThat(created.getLong("size")).isEqualTo(image.length);
        assertThat(created.getInt("width")).isEqualTo(640);
        assertThat(created.getInt("height")).isEqualTo(480);
        assertThat(Instant.parse(created.getString("expires_at")))
                .isBetween(before.plus(Duration.ofMinutes(59)), Instant.now().plus(Duration.ofMinutes(61)));
        String id = Api.submit(token, "images", json("model", "gpt-image-1", "prompt", "x", "image",
                "upload:" + created.getString("id")));
        JsonPath done = Api.awaitStatus(token, "images", id, "SUCCESS");
        assertThat(download(done.getString("output[0]"))).isEqualTo(image);
    }

    @Test
    void aMultipartUploadWorksInEveryKindOfFieldAlongsideBase64() {
        byte[] image = pngOfSize(50_000, 2);
        JsonPath created = given().header("Authorization", "Bearer " + token)
                .multiPart("file", "photo.png", image, "image/png").post("/api/uploads").then().statusCode(201)
                .extract().jsonPath();
        String mask = uploaded(token, pngOfSize(20_000, 3));

        String id = Api.submit(token, "images", json("model", "gpt-image-1", "prompt", "outputs=2", "image",
                "upload:" + created.getString("id"), "mask", "upload:" + mask));

        JsonPath done = Api.awaitStatus(token, "images", id, "SUCCESS");
        assertThat(download(done.getString("output[0]"))).isEqualTo(image);
        String video = given().header("Authorization", "Bearer " + token).contentType("video/mp4").body(Media.MP4)
                .post("/api/uploads").then().statusCode(201).body("media_type", org.hamcrest.Matchers.equalTo(
                        "video/mp4")).body("width", org.hamcrest.Matchers.nullValue()).extract().path("id");
        Api.submit(token, "texts", json("model", "qwen-2", "prompt", "x", "images",
                List.of(Media.b64(Media.PNG), "upload:" + uploaded(token, Media.PNG)), "videos",
                List.of("upload:" + video)));
    }

    @Test
    void aContentTypeThatIsNotOneMediaTypeIsRefusedWith415() {
        // why: the raw and the form upload share the path, so the header picks the method; found by ApiFuzzTest
        given().header("Authorization", "Bearer " + token).header("Content-Type", "application/json, text/plain")
                .body(Media.PNG).post("/api/uploads").then().statusCode(415)
                .body("detail", org.hamcrest.Matchers.startsWith("Unsupported media type: the Content-Type header "
                        + "is not a single media type"));
    }

    @Test
    void aMultipartBodyThatStopsBeforeItsClosingBoundaryIsABadRequest() {
        String truncated = "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n"
                + "Content-Type: image/png\r\n\r\nnot all of it";
        for (String body : List.of("{}", truncated)) {
            given().header("Authorization", "Bearer " + token).contentType("multipart/form-data; boundary=x")
                    .body(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)).post("/api/uploads").then()
                    .statusCode(400)
                    .body("detail", org.hamcrest.Matchers.startsWith("Bad request: the body is not complete "
                            + "multipart/form-data"));
        }
    }

    @Test
    void aWorkflowsLoadImagePatchTakesAnUploadToo() {
        String upload = uploaded(token, Media.PNG);

        Api.submit(token, "workflows", AbstractTaskFlowTest.workflow("a cat", "upload:" + upload));

        assertThat(registry.find(upload)).as("consumed by the task").isEmpty();
        assertInvalid(Api.as(token).body(AbstractTaskFlowTest.workflow("a cat", "upload:" + upload))
                .post("/api/workflows"), "names no upload of this API key", "upload_unknown", "body", "patches", 1,
                "value");
    }

    @Test
    void aReferenceLongerThanAnyUrlIsRefusedOnItsField() {
        assertInvalid(Api.as(token).body(json("model", "gpt-image-1", "image", "https://example.com/"
                + "a".repeat(5000))).post("/api/images"), "must be at most 4096 characters when it is an upload "
                + "reference or a URL", "length", "body", "image");
    }

    @Test
    void anUploadIsConsumedByTheFirstTaskThatUsesIt() {
        byte[] image = pngOfSize(10_000, 4);
        String upload = uploaded(token, image);
        Path file = FilesResourceTest.STORAGE.resolve(registry.find(upload).orElseThrow().storageKey());
        assertThat(file).exists();

        String task = Api.submit(token, "images", json("model", "gpt-image-1", "prompt", "x", "image",
                "upload:" + upload));

        assertInvalid(Api.as(token).body(json("model", "gpt-image-1", "image", "upload:" + upload))
                .post("/api/images"), "names no upload of this API key", "upload_unknown", "body", "image");
        assertThat(registry.find(upload)).isEmpty();
        assertThat(file).as("the upload's own file").doesNotExist();
        JsonPath done = Api.awaitStatus(token, "images", task, "SUCCESS");
        assertThat(download(done.getString("output[0]"))).as("the task's input outlived it").isEqualTo(image);
    }

    @Test
    void aRefusedTaskLeavesItsUploadForTheNextTry() {
        String upload = uploaded(token, Media.PNG);

        Api.as(token).body(json("model", "gpt-image-1", "image", "upload:" + upload, "mask", "not base64!"))
                .post("/api/images").then().statusCode(422);

        Api.submit(token, "images", json("model", "gpt-image-1", "prompt", "x", "image", "upload:" + upload));
    }

    @Test
    void anotherKeysUploadReadsExactlyAsAnUnknownOneAndStaysItsOwners() {
        String upload = uploaded(token, Media.PNG);
        String other = Api.newToken("uploads-other");

        Response theirs = Api.as(other).body(json("model", "gpt-image-1", "image", "upload:" + upload))
                .post("/api/images");
        String unknownId = Upload.newId();
        Response unknown = Api.as(other).body(json("model", "gpt-image-1", "image", "upload:" + unknownId))
                .post("/api/images");

        assertInvalid(theirs, "names no upload of this API key: '" + upload + "' is unknown, expired or already "
                + "used", "upload_unknown", "body", "image");
        assertThat(theirs.jsonPath().getString("detail[0].msg").replace(upload, "ID"))
                .isEqualTo(unknown.jsonPath().getString("detail[0].msg").replace(unknownId, "ID"));
        Api.submit(token, "images", json("model", "gpt-image-1", "prompt", "x", "image", "upload:" + upload));
    }

    @Test
    void anExpiredUploadIsRefusedOnTheFieldThatNamesIt() {
        String id = uploaded(token, Media.PNG);
        Upload upload = registry.find(id).orElseThrow();
        registry.record(new Upload(id, upload.keyId(), upload.storageKey(), upload.format(), upload.size(),
                upload.width(), upload.height(), upload.createdAt(), Instant.now().minusSeconds(1)));

        assertInvalid(Api.as(token).body(json("model", "gpt-4o", "images", List.of(Media.b64(Media.PNG),
                "upload:" + id))).post("/api/texts"), "names no upload of this API key", "upload_unknown", "body",
                "images", 1);
    }

    @Test
    void anUploadIsCheckedAgainstTheFieldThatUsesIt() {
        String video = upload(token, "video/mp4", Media.MP4).then().statusCode(201).extract().path("id");

        assertInvalid(Api.as(token).body(json("model", "gpt-image-1", "image", "upload:" + video))
                .post("/api/images"), "is MP4 (video/mp4), not an image", "media_type", "body", "image");
    }

    @Test
    void everySniffingProblemIsA422NamingTheBodyAndNothingIsStored() throws IOException {
        Set<Path> before = tempFiles();
        assertInvalid(upload(token, "image/png", new byte[0]), "is empty", "media_type", "body");
        assertInvalid(upload(token, "image/png", "just some text".getBytes()), "is not an image or a video",
                "media_type", "body");
        assertInvalid(upload(token, "image/png", Media.png(100_000, 100_000)), "declares 100000x100000 pixels "
                + "(10000.0 MP), more than the limit of 64.0 MP", "image_too_large", "body");
        assertInvalid(upload(token, "image/png", Arrays.copyOf(Media.PNG, 12)), "is a PNG whose header cannot be "
                + "read", "media_header", "body");
        assertInvalid(given().header("Authorization", "Bearer " + token).multiPart("file", "a.txt", "text"
                .getBytes(), "text/plain").post("/api/uploads"), "is not an image or a video", "media_type", "body",
                "file");
        assertInvalid(given().header("Authorization", "Bearer " + token).multiPart("a", "a.png", Media.PNG)
                .multiPart("b", "b.png", Media.PNG).post("/api/uploads"), "must hold exactly one file part, not 2",
                "file_parts", "body", "file");
        assertThat(tempFiles()).isSubsetOf(before);
    }

    @Test
    void anUploadNeedsAKey() {
        given().contentType("image/png").body(Media.PNG).post("/api/uploads").then().statusCode(401);
    }

    @Test
    void theBodyReachesStorageWhileItIsStillBeingSent() throws Exception {
        // why: proof of streaming without timing: half the body is sent, the rest held back until the server's
        // temporary file already holds more than the part it sniffs in memory; a server that buffered the whole
        // body first would never write that file, and the wait would end the test with a failure
        byte[] image = pngOfSize(8 * 1024 * 1024, 7);
        Set<Path> before = tempFiles();
        HttpURLConnection http = (HttpURLConnection) uploadsUrl.openConnection();
        http.setRequestMethod("POST");
        http.setDoOutput(true);
        http.setChunkedStreamingMode(64 * 1024);
        http.setRequestProperty("Authorization", "Bearer " + token);
        http.setRequestProperty("Content-Type", "image/png");
        try (OutputStream out = http.getOutputStream()) {
            out.write(image, 0, image.length / 2);
            out.flush();
            Api.waiting().untilAsserted(() -> assertThat(tempFiles()).filteredOn(f -> !before.contains(f))
                    .extracting(AbstractUploadsTest::sizeOrGone).anyMatch(size -> size >= 2 * 1024 * 1024));
            out.write(image, image.length / 2, image.length - image.length / 2);
        }
        assertThat(http.getResponseCode()).isEqualTo(201);
        String id = JsonPath.from(http.getInputStream()).getString("id");
        assertThat(registry.find(id).orElseThrow().size()).isEqualTo(image.length);
    }

    @Test
    void urlInputsAreRefusedUnlessTheOperatorAllowsThem() {
        assertInvalid(Api.as(token).body(json("model", "gpt-image-1", "image", "https://example.com/a.png"))
                .post("/api/images"), "is a URL, but this server does not fetch input URLs "
                + "(DDIFFUSION_ALLOW_INPUT_URLS is off)", "url_not_allowed", "body", "image");
    }

    static long sizeOrGone(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1; // deleted meanwhile
        }
    }

    static Set<Path> tempFiles() throws IOException {
        if (!Files.isDirectory(TEMP)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.list(TEMP)) {
            return files.collect(Collectors.toSet());
        }
    }
}
