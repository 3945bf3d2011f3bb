package io.ddiffusion.worker.providers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultipartBodyTest {
    @Test
    void fieldsAndBinaryFilesSurviveAStrictParserInOrder() {
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i; // includes CR, LF and dashes
        }
        MultipartBody body = new MultipartBody().field("prompt", "a \"quoted\"\r\nprompt — ünïcode")
                .file("image[]", "a.png", "image/png", binary).field("size", "1024x1024");

        List<MultipartParser.Part> parts = MultipartParser.parse(body.contentType(), body.bytes());

        assertThat(parts).extracting(MultipartParser.Part::name).containsExactly("prompt", "image[]", "size");
        assertThat(parts.get(0).text()).isEqualTo("a \"quoted\"\r\nprompt — ünïcode");
        assertThat(parts.get(0).filename()).isNull();
        assertThat(parts.get(1).filename()).isEqualTo("a.png");
        assertThat(parts.get(1).contentType()).isEqualTo("image/png");
        assertThat(parts.get(1).data()).isEqualTo(binary);
        assertThat(parts.get(2).text()).isEqualTo("1024x1024");
    }

    @Test
    void quotesAndLineBreaksInNamesCannotBreakOutOfTheHeader() {
        MultipartBody body = new MultipartBody().file("file", "evil\"\r\nX-Injected: 1.png", "image/png",
                new byte[] {1});

        String text = new String(body.bytes(), StandardCharsets.UTF_8);

        assertThat(text).doesNotContain("\r\nX-Injected").contains("filename=\"evil%22%0D%0AX-Injected: 1.png\"");
    }

    @Test
    void aSingleFilePartHasTheExactFramingOfReplicatesFilesApi() {
        MultipartBody body = new MultipartBody().file("content", "image.png", "image/png", new byte[] {1, 2, 3});
        String boundary = body.contentType().substring("multipart/form-data; boundary=".length());

        assertThat(body.bytes()).isEqualTo(concat(("--" + boundary + "\r\nContent-Disposition: form-data; "
                + "name=\"content\"; filename=\"image.png\"\r\nContent-Type: image/png\r\n\r\n").getBytes(
                StandardCharsets.US_ASCII), new byte[] {1, 2, 3}, ("\r\n--" + boundary + "--\r\n").getBytes(
                StandardCharsets.US_ASCII)));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
