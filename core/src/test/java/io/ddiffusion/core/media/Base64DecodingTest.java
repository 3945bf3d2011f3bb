package io.ddiffusion.core.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Base64DecodingTest {

    @TempDir
    Path dir;

    @Test
    void roundTripsEveryRemainderWithAndWithoutPadding() throws Exception {
        Random random = new Random(7);
        for (int length = 1; length <= 64; length++) {
            byte[] data = new byte[length];
            random.nextBytes(data);
            String padded = Base64.getEncoder().encodeToString(data);
            String unpadded = Base64.getEncoder().withoutPadding().encodeToString(data);

            assertThat(Base64Decoding.decode(padded)).as("padded, %d bytes", length).isEqualTo(data);
            assertThat(Base64Decoding.decode(unpadded)).as("unpadded, %d bytes", length).isEqualTo(data);
        }
    }

    @Test
    void dataUrlPrefixIsStripped() throws Exception {
        byte[] png = MediaSamples.pngHeader(3, 3);
        String encoded = Base64.getEncoder().encodeToString(png);

        assertThat(Base64Decoding.decode("data:image/png;base64," + encoded)).isEqualTo(png);
        assertThat(Base64Decoding.decode("DATA:image/png;name=a.png;BASE64," + encoded)).isEqualTo(png);
        assertThat(Base64Decoding.decode("data:;base64," + encoded)).isEqualTo(png);
    }

    @Test
    void dataUrlThatIsNotBase64IsRejected() {
        assertThatThrownBy(() -> Base64Decoding.decode("data:text/plain,hello"))
                .isInstanceOf(InvalidBase64Exception.class)
                .hasMessage("is a data URL that is not base64-encoded (missing ';base64')");
        assertThatThrownBy(() -> Base64Decoding.decode("data:image/png;base64"))
                .isInstanceOf(InvalidBase64Exception.class)
                .hasMessage("is a data URL without a ',' before its data");
    }

    @Test
    void illegalCharacterIsReportedWithItsPosition() {
        assertThatThrownBy(() -> Base64Decoding.decode("QUJDREVGR0hJSktMTU5PU%FSU1RV"))
                .isInstanceOf(InvalidBase64Exception.class)
                .hasMessage("is not valid base64 (illegal character '%' at position 21)");
    }

    @Test
    void positionCountsTheDataUrlPrefix() {
        assertThatThrownBy(() -> Base64Decoding.decode("data:image/png;base64,QUJD*"))
                .hasMessage("is not valid base64 (illegal character '*' at position 26)");
    }

    @Test
    void lineBreaksSpacesAndUrlSafeCharactersAreRejected() {
        String mime = Base64.getMimeEncoder().encodeToString(new byte[100]);
        assertThat(mime).contains("\r\n");

        assertThatThrownBy(() -> Base64Decoding.decode(mime))
                .hasMessage("is not valid base64 (illegal character U+000D at position 76)");
        assertThatThrownBy(() -> Base64Decoding.decode(" QUJD"))
                .hasMessage("is not valid base64 (illegal character U+0020 at position 0)");
        assertThatThrownBy(() -> Base64Decoding.decode("QU-_"))
                .hasMessage("is not valid base64 (illegal character '-' at position 2)");
        assertThatThrownBy(() -> Base64Decoding.decode("QUJ\u00e9"))
                .hasMessage("is not valid base64 (illegal character U+00E9 at position 3)");
    }

    @Test
    void trailingWhitespaceIsTolerated() throws Exception {
        assertThat(Base64Decoding.decode("QUJD\n")).containsExactly('A', 'B', 'C');
        assertThat(Base64Decoding.decode("QUI= \r\n\t")).containsExactly('A', 'B');
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\n", "data:image/png;base64,", "data:image/png;base64,\n"})
    void emptyInputIsRejectedAsEmpty(String input) {
        assertThatThrownBy(() -> Base64Decoding.decode(input))
                .isInstanceOf(InvalidBase64Exception.class)
                .hasMessage("is empty");
    }

    @Test
    void nullIsRejectedAsEmpty() {
        assertThatThrownBy(() -> Base64Decoding.decode(null)).hasMessage("is empty");
        assertThatThrownBy(() -> Base64Decoding.decodeToFile(null, dir.resolve("x"))).hasMessage("is empty");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "QUJDR       | is not valid base64 (truncated: the last group has a single character)",
        "Q===        | is not valid base64 (unexpected '=' at position 3)",
        "QQ=A        | is not valid base64 (unexpected '=' at position 2)",
        "QUJD=QUJD   | is not valid base64 (unexpected '=' at position 4)",
        "QQ=         | is not valid base64 (incorrect padding at the end)",
        "QUJD=       | is not valid base64 (incorrect padding at the end)",
        "QUJDRQ===   | is not valid base64 (unexpected '=' at position 8)",
        "==          | is not valid base64 (incorrect padding at the end)"})
    void misplacedPaddingAndImpossibleLengthsAreRejected(String input, String message) {
        assertThatThrownBy(() -> Base64Decoding.decode(input))
                .isInstanceOf(InvalidBase64Exception.class)
                .hasMessage(message);
    }

    @Test
    void decodeToFileOfFiveMebibytesEqualsTheSource() throws Exception {
        byte[] source = new byte[5 * 1024 * 1024 + 1]; // not a multiple of 3: the last group is padded
        new Random(11).nextBytes(source);
        String encoded = Base64.getEncoder().encodeToString(source);
        Path target = dir.resolve("payload.bin");

        long written = Base64Decoding.decodeToFile(encoded, target);

        assertThat(written).isEqualTo(source.length);
        assertThat(Files.readAllBytes(target)).isEqualTo(source);
    }

    @Test
    void decodeToFileAcceptsDataUrlsAndMissingPaddingAcrossChunks() throws Exception {
        byte[] source = new byte[200_000]; // spans several 64 KiB chunks of characters; 200000 % 3 == 2
        new Random(12).nextBytes(source);
        String encoded = "data:application/octet-stream;base64,"
                + Base64.getEncoder().withoutPadding().encodeToString(source) + "\n";
        Path target = dir.resolve("payload.bin");

        assertThat(Base64Decoding.decodeToFile(encoded, target)).isEqualTo(source.length);
        assertThat(Files.readAllBytes(target)).isEqualTo(source);
    }

    @Test
    void decodeToFileTruncatesAnExistingFile() throws Exception {
        Path target = dir.resolve("existing.bin");
        Files.write(target, new byte[1000]);

        assertThat(Base64Decoding.decodeToFile("QUJD", target)).isEqualTo(3);
        assertThat(Files.readAllBytes(target)).containsExactly('A', 'B', 'C');
    }

    @Test
    void invalidInputLeavesNoPartialFileBehind() throws Exception {
        Path fresh = dir.resolve("fresh.bin");
        Path existing = dir.resolve("existing.bin");
        Files.write(existing, new byte[] {42});
        String badAtTheEnd = "QUJD".repeat(100_000) + "!"; // the first chunks decode fine

        assertThatThrownBy(() -> Base64Decoding.decodeToFile(badAtTheEnd, fresh))
                .hasMessage("is not valid base64 (illegal character '!' at position 400000)");
        assertThatThrownBy(() -> Base64Decoding.decodeToFile(badAtTheEnd, existing))
                .isInstanceOf(InvalidBase64Exception.class);
        assertThat(fresh).doesNotExist();
        assertThat(existing).doesNotExist();
    }

    @Test
    void targetThatCannotBeOpenedIsNotDeleted() throws Exception {
        Path directory = Files.createDirectory(dir.resolve("a-directory"));

        assertThatThrownBy(() -> Base64Decoding.decodeToFile("QUJD", directory)).isInstanceOf(IOException.class);
        assertThat(directory).isDirectory();
    }

    @Test
    void paddingAtTheEndOfAnInnerChunkIsStillPaddingInTheMiddle() {
        String padded = "QUJD".repeat(16_383) + "QQ=="; // exactly one 64 Ki-character chunk
        String twoChunks = padded + "QUJD";

        assertThatThrownBy(() -> Base64Decoding.decodeToFile(twoChunks, dir.resolve("out")))
                .hasMessage("is not valid base64 (unexpected '=' at position 65534)");
        assertThatThrownBy(() -> Base64Decoding.decode(twoChunks))
                .hasMessage("is not valid base64 (unexpected '=' at position 65534)");
    }

    @Test
    void charactersBeyondLatin1AreNotTruncatedIntoValidOnes() {
        // U+0141 narrowed to a byte would be 0x41, 'A'
        assertThatThrownBy(() -> Base64Decoding.decode("QUJ\u0141"))
                .hasMessage("is not valid base64 (illegal character U+0141 at position 3)");
        assertThatThrownBy(() -> Base64Decoding.decodeToFile("QUJD".repeat(20_000) + "QUJ\u0141", dir.resolve("out")))
                .hasMessage("is not valid base64 (illegal character U+0141 at position 80003)");
    }
}
