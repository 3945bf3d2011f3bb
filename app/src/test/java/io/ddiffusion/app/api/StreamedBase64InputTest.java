package io.ddiffusion.app.api;

import static io.ddiffusion.app.api.Api.json;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ddiffusion.schema.common.Limits;
import io.ddiffusion.schema.images.ImageReference;
import io.ddiffusion.schema.images.ImageRequest;
import io.ddiffusion.schema.texts.TextRequest;
import io.ddiffusion.schema.videos.VideoRequest;
import io.ddiffusion.schema.workflows.Patch;
import io.ddiffusion.schema.workflows.WorkflowRequest;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Base64 inputs are decoded while the body is parsed, straight into temporary files, never held as one long String:
 * large inputs arrive byte for byte, a problem deep inside one is named at its field and position, and a refused
 * request leaves no decoded file behind. The field-level rules themselves are {@link Base64InputTest}'s.
 */
@QuarkusTest
class StreamedBase64InputTest {
    static final Path TEMP = FilesResourceTest.STORAGE.resolve(".tmp");

    @Inject
    ObjectMapper mapper;

    String token;

    @BeforeEach
    void newKey() {
        token = Api.newToken("streamed");
    }

    @Test
    void largeImageAndMaskAreStoredByteForByte() {
        byte[] image = pngOfSize(1_500_001, 1);
        byte[] mask = pngOfSize(700_002, 2);

        String id = Api.submit(token, "images", json("model", "gpt-image-1", "prompt", "outputs=2",
                "image", Media.b64(image), "mask", "data:image/png;base64," + Media.b64(mask) + "\n"));

        JsonPath done = Api.awaitStatus(token, "images", id, "SUCCESS");
        assertThat(download(done.getString("output[0]"))).isEqualTo(image);
        assertThat(download(done.getString("output[1]"))).isEqualTo(mask);
    }

    @Test
    void longInputsAreDecodedAsTheBodyArrivesNotHeldByTheParser() {
        byte[] image = pngOfSize(200_000, 6);
        byte[] mask = pngOfSize(20_000, 7);
        List<String> lines = new CopyOnWriteArrayList<>();
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(
                "io.ddiffusion.api.tasks.Base64FieldStream");
        Level level = logger.getLevel();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.setLevel(Level.FINE);
        logger.addHandler(capture);
        String id;
        try {
            id = Api.submit(token, "images", json("model", "gpt-image-1", "prompt", "outputs=2", "image",
                    Media.b64(image), "mask", Media.b64(mask)));
        } finally {
            logger.removeHandler(capture);
            logger.setLevel(level);
        }

        assertThat(lines).contains("[input] image: " + Media.b64(image).length()
                + " characters decoded as they arrived", "[input] mask: " + Media.b64(mask).length()
                + " characters decoded as they arrived");
        JsonPath done = Api.awaitStatus(token, "images", id, "SUCCESS");
        assertThat(download(done.getString("output[0]"))).isEqualTo(image);
        assertThat(download(done.getString("output[1]"))).isEqualTo(mask);
    }

    @Test
    void malformedJsonAfterALongInputIsReportedWhereItIsInTheBodyAsSent() {
        String image = Media.b64(pngOfSize(100_000, 8));
        String head = "{\"model\": \"gpt-image-1\", \"image\": \"" + image + "\", \"mask\": \"" + image
                + "\", \"prompt\": ";
        String bad = "{\"model\": \"gpt-image-1\", \"image\": \"" + image.substring(0, 50_000) + "\\q";

        Api.as(token).body(head + "nope}").post("/api/images").then().statusCode(422)
                .body("detail[0].type", equalTo("json_invalid"))
                .body("detail[0].msg", equalTo("malformed JSON at line 1, column "
                        + (head.length() + 1)));
        // a bad escape inside the input: answered as the same escape in a short one is
        String shortOne = Api.as(token).body("{\"model\": \"gpt-image-1\", \"image\": \"abc\\q\"}")
                .post("/api/images").then().statusCode(422).extract().asString();
        Api.as(token).body("\n\n" + bad + image.substring(50_000) + "\"}").post("/api/images").then()
                .statusCode(422).body(equalTo(shortOne));
    }

    @Test
    void anImageOverJacksonsDefaultStringLimitIsAcceptedUpToTheDocumentedOne() {
        // 16 MB of PNG is 21.3 million base64 characters: over Jackson's default 20 million, under our 100 MiB
        byte[] image = pngOfSize(16_000_000, 5);
        String id = Api.submit(token, "images", json("model", "gpt-image-1", "prompt", "x", "image",
                Media.b64(image)));

        JsonPath done = Api.awaitStatus(token, "images", id, "SUCCESS");
        assertThat(download(done.getString("output[0]"))).isEqualTo(image);
    }

    @Test
    void aProblemDeepInsideALargeInputIsNamedAtItsFieldAndPosition() {
        String good = Media.b64(pngOfSize(300_000, 3)); // 400,000 characters: several chunks
        String bad = good.substring(0, 200_001) + "%" + good.substring(200_001);

        Base64InputTest.assertInvalid(Api.as(token).body(json("model", "gpt-4o", "images", List.of(good, bad)))
                .post("/api/texts"), "is not valid base64 (illegal character '%' at position 200001)", "base64",
                "body", "images", 1);
    }

    @Test
    void aRequestRefusedAfterParsingLeavesNoDecodedFileBehind() throws IOException {
        int size = 1_234_567;
        String image = Media.b64(pngOfSize(size, 4));
        Set<Path> before = tempFiles(); // the data folder outlives test runs

        Api.as(token).body(json("model", "gpt-image-1", "image", image, "height", 1)).post("/api/images")
                .then().statusCode(422);
        Api.as(token).body(json("model", "z-image", "image", image)).post("/api/images").then().statusCode(422);
        Api.as(token).body(json("model", "gpt-image-1", "image", image, "mask", Media.b64(Media.MP4)))
                .post("/api/images").then().statusCode(422);

        Api.waiting().untilAsserted(() -> assertThat(tempFiles()).filteredOn(f -> !before.contains(f))
                .extracting(StreamedBase64InputTest::sizeOrGone).doesNotContain((long) size));
    }

    @Test
    void everyBase64FieldIsDecodedWhileParsingDuringARequestAndIsPlainTextOutsideOne() throws Exception {
        String png = Media.b64(Media.PNG);
        List<String> fields = new ArrayList<>();
        for (Class<?> type : List.of(ImageRequest.class, ImageReference.class, TextRequest.class, VideoRequest.class,
                WorkflowRequest.class, Patch.class)) {
            for (RecordComponent c : type.getRecordComponents()) {
                if (!carriesBase64(c)) {
                    continue;
                }
                fields.add(type.getSimpleName() + "." + c.getName());
                boolean list = c.getType() == List.class;
                String body = mapper.writeValueAsString(Map.of(jsonName(c), list ? List.of(png) : png));

                assertThat(readOutsideARequest(type, c, body)).as("%s outside a request", c).isEqualTo(png);
                assertThat(readInARequest(type, c, body)).as("%s during a request", c)
                        .startsWith("<base64 input of " + png.length() + " characters");
            }
        }
        assertThat(fields).containsExactlyInAnyOrder("ImageRequest.image", "ImageRequest.mask", "ImageReference.image",
                "TextRequest.images", "TextRequest.videos", "VideoRequest.image", "VideoRequest.lastImage",
                "VideoRequest.video");
    }

    /** What the schema limits to {@link Limits#MAX_BASE64_CHARS}, on the field or on its list's elements. */
    private static boolean carriesBase64(RecordComponent c) {
        Size size = c.getAnnotatedType().getAnnotation(Size.class); // a TYPE_USE annotation: on the type, not c
        if (c.getAnnotatedType() instanceof AnnotatedParameterizedType list) {
            size = list.getAnnotatedActualTypeArguments()[0].getAnnotation(Size.class);
        }
        return size != null && size.max() == Limits.MAX_BASE64_CHARS;
    }

    private static String jsonName(RecordComponent c) {
        JsonProperty renamed = c.getAccessor().getAnnotation(JsonProperty.class);
        return renamed == null ? c.getName() : renamed.value();
    }

    private String readInARequest(Class<?> type, RecordComponent c, String body) throws Exception {
        ManagedContext request = Arc.container().requestContext();
        boolean ours = !request.isActive();
        if (ours) {
            request.activate();
        }
        try {
            return read(type, c, body);
        } finally {
            if (ours) {
                request.terminate();
            }
        }
    }

    /** On a thread of its own, which has no request context. */
    private String readOutsideARequest(Class<?> type, RecordComponent c, String body) throws Exception {
        var read = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return read(type, c, body);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, r -> new Thread(r).start());
        return read.get();
    }

    private String read(Class<?> type, RecordComponent c, String body) throws Exception {
        Object value = c.getAccessor().invoke(mapper.readValue(body, type));
        return (String) (value instanceof List<?> l ? l.getFirst() : value);
    }

    /** A valid PNG header followed by noise, {@code size} bytes in all: the API only reads the header. */
    private static byte[] pngOfSize(int size, long seed) {
        byte[] header = Media.png(640, 480);
        byte[] png = Arrays.copyOf(header, size);
        byte[] noise = new byte[size - header.length];
        new Random(seed).nextBytes(noise);
        System.arraycopy(noise, 0, png, header.length, noise.length);
        return png;
    }

    private static byte[] download(String url) {
        return given().urlEncodingEnabled(false).get(Api.pathAndQuery(url)).then().statusCode(200).extract()
                .asByteArray();
    }

    private static long sizeOrGone(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1; // deleted meanwhile
        }
    }

    private static Set<Path> tempFiles() throws IOException {
        if (!Files.isDirectory(TEMP)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.list(TEMP)) {
            return files.collect(Collectors.toSet());
        }
    }
}
