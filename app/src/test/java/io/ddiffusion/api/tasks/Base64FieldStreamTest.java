package io.ddiffusion.api.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ddiffusion.schema.images.ImageRequest;
import io.ddiffusion.schema.texts.TextRequest;
import io.ddiffusion.schema.videos.VideoRequest;
import io.ddiffusion.schema.workflows.WorkflowRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The body stream that decodes long base64 fields before the JSON parser sees them: what it hands on must be the body
 * as sent except for those strings, each replaced by a token whose outcome is the field's decoded content.
 */
class Base64FieldStreamTest {
    private static final Set<String> IMAGE_PATHS = Set.of("image", "mask", "references[].image");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    final Map<String, Base64Spool.Outcome> diverted = new LinkedHashMap<>();
    final Map<Long, Long> removed = new LinkedHashMap<>();
    final List<Path> opened = new ArrayList<>();

    final Base64FieldStream.Spools spools = new Base64FieldStream.Spools() {
        @Override
        public Base64Spool open() throws IOException {
            Path file = Files.createTempFile(dir, "spool", ".part");
            opened.add(file);
            return new Base64Spool(file);
        }

        @Override
        public void divert(String token, Base64Spool.Outcome outcome) {
            diverted.put(token, outcome);
        }

        @Override
        public void removed(long at, long bytes) {
            removed.put(at, bytes);
        }
    };

    @Test
    void aLongBase64FieldIsDecodedAndTheParserReadsATokenInItsPlace() throws IOException {
        byte[] image = bytes(300_000, 1);
        String body = "{\"model\":\"x\",\"image\":\"" + b64(image) + "\",\"prompt\":\"a cat\"}";

        byte[] passed = through(body, IMAGE_PATHS, 8192).readAllBytes();
        JsonNode read = JSON.readTree(passed);

        String token = read.get("image").asText();
        assertThat(token).startsWith(Base64FieldStream.TOKEN_PREFIX).hasSize(Base64FieldStream.TOKEN_LENGTH);
        assertThat(read.get("model").asText()).isEqualTo("x");
        assertThat(read.get("prompt").asText()).isEqualTo("a cat");
        Base64Spool.Decoded decoded = (Base64Spool.Decoded) diverted.get(token);
        assertThat(decoded.problem()).isNull();
        assertThat(decoded.chars()).isEqualTo(b64(image).length());
        assertThat(Files.readAllBytes(decoded.file())).isEqualTo(image);
        // where the parser's positions move: right after the opening quote, by the text less the token
        int at = body.indexOf(b64(image));
        assertThat(removed).containsExactly(Map.entry((long) at, (long) b64(image).length() - token.length()));
        assertThat(passed).hasSize(body.length() - (int) (long) removed.get((long) at));
    }

    @Test
    void theResultDoesNotDependOnHowTheBodyArrivesInPieces() throws IOException {
        byte[] image = bytes(40_000, 2);
        byte[] mask = bytes(30_000, 3);
        String body = "{\"image\":\"" + b64(image) + "\", \"mask\" : \"data:image/png;base64," + b64(mask) + "\"}";

        for (int piece : new int[] {1, 3, 7, 8192, 1 << 20}) {
            diverted.clear();
            JsonNode read = JSON.readTree(through(body, IMAGE_PATHS, piece));

            assertThat(Files.readAllBytes(file(read.get("image").asText()))).as("pieces of %d", piece)
                    .isEqualTo(image);
            assertThat(Files.readAllBytes(file(read.get("mask").asText()))).as("pieces of %d", piece)
                    .isEqualTo(mask);
        }
    }

    @Test
    void shortStringsAndOtherFieldsReachTheParserExactlyAsSent() throws IOException {
        String longPrompt = "p".repeat(100_000);
        String body = "{\"image\":\"upload:0123456789abcdef\",\"mask\":\"" + b64(bytes(9_000, 4))
                + "\",\"prompt\":\"" + longPrompt + "\",\"patches\":{\"7\":{\"image\":\"" + b64(bytes(60_000, 5))
                + "\"}},\"references\":[{\"weight\":1,\"imag\\u0065\":\"" + b64(bytes(60_000, 6)) + "\"}],"
                + "\"list\":[\"" + b64(bytes(60_000, 7)) + "\"], \"n\": [1, 2.5e3, true, null, {\"a\": \"\\\"\"}]}";

        byte[] passed = through(body, IMAGE_PATHS, 8192).readAllBytes();

        assertThat(new String(passed, StandardCharsets.UTF_8)).isEqualTo(body);
        assertThat(diverted).isEmpty();
        assertThat(opened).isEmpty();
    }

    @Test
    void nestedFieldsAndListElementsAreDecodedWherePathsNameThem() throws IOException {
        byte[] first = bytes(20_000, 8);
        byte[] second = bytes(20_000, 9);
        String body = "{\"references\":[{\"image\":\"" + b64(first) + "\",\"weight\":0.5},{\"weight\":1,\"image\":\""
                + b64(second) + "\"}],\"images\":[\"" + b64(first) + "\",\"upload:x\"]}";

        JsonNode read = JSON.readTree(through(body, Set.of("references[].image", "images[]"), 8192));

        assertThat(Files.readAllBytes(file(read.at("/references/0/image").asText()))).isEqualTo(first);
        assertThat(Files.readAllBytes(file(read.at("/references/1/image").asText()))).isEqualTo(second);
        assertThat(read.at("/references/1/weight").asInt()).isEqualTo(1);
        assertThat(Files.readAllBytes(file(read.at("/images/0").asText()))).isEqualTo(first);
        assertThat(read.at("/images/1").asText()).isEqualTo("upload:x");
    }

    @Test
    void escapesInADecodedStringAreResolvedAsTheParserWould() throws IOException {
        byte[] image = bytes(30_000, 10);
        String base64 = b64(image);
        String escaped = base64.replace("/", "\\/").replace("A", "\\u0041");

        JsonNode read = JSON.readTree(through("{\"image\":\"" + escaped + "\"}", IMAGE_PATHS, 8192));

        Base64Spool.Decoded decoded = (Base64Spool.Decoded) diverted.get(read.get("image").asText());
        assertThat(decoded.chars()).isEqualTo(base64.length());
        assertThat(Files.readAllBytes(decoded.file())).isEqualTo(image);
    }

    @Test
    void aProblemInADecodedStringIsNamedAtItsCharacterPosition() throws IOException {
        String base64 = b64(bytes(30_000, 11));
        String bad = base64.substring(0, 25_001) + "é" + base64.substring(25_001);

        JsonNode read = JSON.readTree(through("{\"image\":\"" + bad + "\"}", IMAGE_PATHS, 8192));

        Base64Spool.Decoded decoded = (Base64Spool.Decoded) diverted.get(read.get("image").asText());
        assertThat(decoded.problem()).isEqualTo("is not valid base64 (illegal character U+00E9 at position 25001)");
        assertThat(decoded.file()).isNull();
        assertThat(opened).allSatisfy(f -> assertThat(f).doesNotExist());
    }

    @Test
    void aLongReferenceIsReportedAsTooLong() throws IOException {
        String url = "https://example.com/" + "a".repeat(20_000);

        JsonNode read = JSON.readTree(through("{\"image\":\"" + url + "\"}", IMAGE_PATHS, 8192));

        Base64Spool.Reference reference = (Base64Spool.Reference) diverted.get(read.get("image").asText());
        assertThat(reference.tooLong()).isTrue();
        assertThat(opened).allSatisfy(f -> assertThat(f).doesNotExist());
    }

    @Test
    void aMalformedDecodedStringIsHandedToTheParserWhichRefusesItWithItsOwnMessage() {
        String base64 = b64(bytes(30_000, 12));
        assertRefused("{\"image\":\"" + base64.substring(0, 20_000) + "\\x" + base64.substring(20_000) + "\"}",
                "Unrecognized character escape 'x'");
        assertRefused("{\"image\":\"" + base64.substring(0, 20_000) + "\\u12G4\"}",
                "expected a hex-digit for character escape sequence");
        assertRefused("{\"image\":\"" + base64.substring(0, 20_000) + "\n" + base64.substring(20_000) + "\"}",
                "Illegal unquoted character");
        assertRefused("{\"image\":\"" + base64.substring(0, 5_000) + "\t" + base64.substring(5_000) + "\"}",
                "Illegal unquoted character");
        assertRefused("{\"image\":\"" + base64.substring(0, 20_000) + "\u00e9\u00e9", "end-of-input");
        byte[] notUtf8 = ("{\"image\":\"" + base64.substring(0, 20_000) + "??" + base64.substring(20_000) + "\"}")
                .getBytes(StandardCharsets.ISO_8859_1);
        notUtf8[10 + 20_000] = (byte) 0xC3; // a lead byte followed by one that does not continue it
        assertThatThrownBy(() -> JSON.readTree(through(notUtf8, IMAGE_PATHS, 8192)))
                .isInstanceOf(JsonParseException.class).hasMessageContaining("Invalid UTF-8 middle byte");
        notUtf8[10 + 20_000] = (byte) 0xFF;
        assertThatThrownBy(() -> JSON.readTree(through(notUtf8, IMAGE_PATHS, 8192)))
                .isInstanceOf(JsonParseException.class).hasMessageContaining("Invalid UTF-8 start byte");
        assertRefused("{\"image\":\"" + base64, "end-of-input");
        assertRefused("{\"image\":\"" + base64.substring(0, 100), "end-of-input");
        assertThat(diverted).isEmpty();
        assertThat(opened).isNotEmpty().allSatisfy(f -> assertThat(f).doesNotExist());
    }

    @Test
    void randomBodiesReadThroughTheStreamGiveWhatTheParserAloneGives() throws IOException {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        for (int body = 0; body < 150; body++) {
            diverted.clear();
            StringBuilder json = new StringBuilder("{");
            appendField(json, random, "prompt", quoted(randomText(random)));
            appendField(json, random, "image", quoted(escapedBase64(random)));
            appendField(json, random, "references", "[{\"weight\": 0.5, \"image\":" + quoted(escapedBase64(random))
                    + "}, {\"image\" :" + quoted(escapedBase64(random)) + "}]");
            appendField(json, random, "nested", "{\"image\": " + quoted(escapedBase64(random)) + ", \"n\": [1, {}]}");
            appendField(json, random, "mask", quoted(escapedBase64(random)));
            json.setCharAt(json.length() - 1, '}');
            String text = json.toString();

            JsonNode direct = JSON.readTree(text);
            JsonNode streamed = JSON.readTree(through(text, IMAGE_PATHS, 1 + random.nextInt(20_000)));

            for (String pointer : List.of("/image", "/mask", "/references/0/image", "/references/1/image")) {
                String sent = direct.at(pointer).asText();
                String read = streamed.at(pointer).asText();
                if (diverted.containsKey(read)) {
                    assertThat(Files.readAllBytes(file(read))).as("seed %d, body %d, %s", seed, body, pointer)
                            .isEqualTo(Base64.getDecoder().decode(sent));
                } else {
                    assertThat(read).as("seed %d, body %d, %s", seed, body, pointer).isEqualTo(sent);
                    assertThat(sent.length()).isLessThanOrEqualTo(Base64FieldStream.PASS_BYTES);
                }
            }
            // what is not a base64 field reaches the parser as sent, also an "image" elsewhere in the body
            assertThat(streamed.get("prompt")).as("seed %d", seed).isEqualTo(direct.get("prompt"));
            assertThat(streamed.get("nested")).as("seed %d", seed).isEqualTo(direct.get("nested"));
            assertThat(streamed.at("/references/0/weight")).isEqualTo(direct.at("/references/0/weight"));
        }
    }

    private static void appendField(StringBuilder json, Random random, String name, String value) {
        String space = random.nextBoolean() ? "" : " \n\t";
        json.append(space).append('"').append(name).append('"').append(space).append(':').append(space).append(value)
                .append(space).append(',');
    }

    private static String quoted(String escapedContent) {
        return "\"" + escapedContent + "\"";
    }

    /** Base64 of 0-40,000 random bytes as a JSON string's content, some characters escaped as encoders do. */
    private static String escapedBase64(Random random) {
        String base64 = b64(bytes(random.nextInt(40_000), random.nextLong()));
        StringBuilder out = new StringBuilder(base64.length() + 64);
        for (char c : base64.toCharArray()) {
            int roll = random.nextInt(200);
            if (c == '/' && roll < 100) {
                out.append("\\/");
            } else if (roll == 0) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Text with quotes, escapes, multi-byte characters and a surrogate pair, as a JSON string's content. */
    private static String randomText(Random random) {
        String[] pieces = {"a cat", "\\\"", "\\n", "é", "日本", "\\ud83d\\ude00", "😀", "/", "\\/", "{\\\"image\\\":1}"};
        StringBuilder out = new StringBuilder();
        for (int i = random.nextInt(3000); i > 0; i--) {
            out.append(pieces[random.nextInt(pieces.length)]);
        }
        return out.toString();
    }

    @Test
    void aBodyThatBreaksOffMidFieldLeavesNoFileBehind() throws IOException {
        byte[] body = ("{\"image\":\"" + b64(bytes(300_000, 13)) + "\"}").getBytes(StandardCharsets.US_ASCII);
        InputStream breaking = new InputStream() {
            int sent;

            @Override
            public int read() throws IOException {
                if (sent == 100_000) {
                    throw new IOException("connection reset");
                }
                return body[sent++];
            }
        };

        try (InputStream stream = new Base64FieldStream(breaking, IMAGE_PATHS, spools)) {
            assertThatThrownBy(stream::readAllBytes).hasMessage("connection reset");
            assertThat(opened).hasSize(1);
            assertThat(opened.getFirst()).doesNotExist();
        }
        assertThat(diverted).isEmpty();
    }

    @Test
    void aBodyThatEndsMidFieldLeavesNoFileBehind() throws IOException {
        byte[] body = ("{\"image\":\"" + b64(bytes(300_000, 14)) + "\"}").getBytes(StandardCharsets.US_ASCII);
        InputStream stream = new Base64FieldStream(new ByteArrayInputStream(body, 0, 100_000), IMAGE_PATHS, spools);
        assertThat(new String(stream.readNBytes(9), StandardCharsets.UTF_8)).isEqualTo("{\"image\":");
        byte[] rest = new byte[10];
        // the source ends inside the field: the parser gets an unterminated string and refuses it
        assertThat(stream.read(rest)).isEqualTo(1);
        assertThat(opened).hasSize(1).allSatisfy(f -> assertThat(f).doesNotExist());
        stream.close();
    }

    @Test
    void theFieldsOfEachRequestTypeAreNamedFromTheMappersOwnView() {
        ObjectMapper mapper = new ObjectMapper();
        new Base64InputFields().customize(mapper);

        assertThat(Base64InputFields.pathsOf(mapper, ImageRequest.class))
                .containsExactlyInAnyOrder("image", "mask", "references[].image");
        assertThat(Base64InputFields.pathsOf(mapper, VideoRequest.class))
                .containsExactlyInAnyOrder("image", "last_image", "video");
        assertThat(Base64InputFields.pathsOf(mapper, TextRequest.class))
                .containsExactlyInAnyOrder("images[]", "videos[]");
        assertThat(Base64InputFields.pathsOf(mapper, WorkflowRequest.class)).isEmpty();
        assertThat(Base64InputFields.pathsOf(mapper, String.class)).isEmpty();
    }

    private void assertRefused(String body, String message) {
        assertThatThrownBy(() -> JSON.readTree(through(body, IMAGE_PATHS, 8192)))
                .as(body.length() > 60 ? body.substring(0, 60) : body)
                .isInstanceOf(JsonParseException.class).hasMessageContaining(message);
    }

    private Path file(String token) {
        return ((Base64Spool.Decoded) diverted.get(token)).file();
    }

    /** The body through the stream, its source handing out at most {@code piece} bytes per read. */
    private InputStream through(String body, Set<String> paths, int piece) {
        return through(body.getBytes(StandardCharsets.UTF_8), paths, piece);
    }

    private InputStream through(byte[] body, Set<String> paths, int piece) {
        InputStream source = new ByteArrayInputStream(body) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, piece));
            }
        };
        return new Base64FieldStream(source, paths, spools);
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static byte[] bytes(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }
}
