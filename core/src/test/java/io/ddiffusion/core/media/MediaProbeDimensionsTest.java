package io.ddiffusion.core.media;

import static io.ddiffusion.core.media.MediaSamples.ascii;
import static io.ddiffusion.core.media.MediaSamples.be16;
import static io.ddiffusion.core.media.MediaSamples.bytes;
import static io.ddiffusion.core.media.MediaSamples.concat;
import static io.ddiffusion.core.media.MediaSamples.le32;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MediaProbeDimensionsTest {

    private static Optional<ImageDimensions> dims(byte[] head) {
        return MediaProbe.dimensions(MediaProbe.detect(head).orElseThrow(), head);
    }

    @Test
    void realPngJpegAndTiffFilesReportTheirSize() {
        assertThat(dims(MediaSamples.imageIo("png", 37, 19))).contains(new ImageDimensions(37, 19));
        assertThat(dims(MediaSamples.imageIo("jpeg", 41, 23))).contains(new ImageDimensions(41, 23));
        assertThat(dims(MediaSamples.imageIo("tiff", 13, 7))).contains(new ImageDimensions(13, 7));
    }

    @Test
    void pngHeaderDeclaringHugeSizeIsReadWithoutDecoding() {
        byte[] bomb = MediaSamples.pngHeader(100_000, 100_000);

        Optional<ImageDimensions> dims = assertTimeoutPreemptively(Duration.ofSeconds(1), () -> dims(bomb));

        assertThat(bomb).hasSize(33);
        assertThat(dims).contains(new ImageDimensions(100_000, 100_000));
        assertThat(dims.orElseThrow().pixels()).isEqualTo(10_000_000_000L);
    }

    @Test
    void pngSizesOutsideOneToIntMaxAreRejected() {
        assertThat(dims(MediaSamples.pngHeader(0, 10))).isEmpty();
        assertThat(dims(MediaSamples.pngHeader(10, 0x8000_0000L))).isEmpty();
        assertThat(dims(MediaSamples.pngHeader(Integer.MAX_VALUE, 1))).contains(new ImageDimensions(Integer.MAX_VALUE, 1));
    }

    @Test
    void pngWhoseFirstChunkIsNotIhdrIsRejected() {
        byte[] png = MediaSamples.pngHeader(10, 10);
        png[12] = 'i';
        assertThat(dims(png)).isEmpty();
    }

    @Test
    void jpegWalkSkipsFillBytesStandaloneMarkersAndTablesThatLookLikeFrames() {
        byte[] jpeg = handMadeJpeg();
        assertThat(dims(jpeg)).contains(new ImageDimensions(640, 480));
    }

    @Test
    void jpegSizeBehindLargeMetadataSegmentsIsFound() {
        byte[] app1 = new byte[65_533];
        Arrays.fill(app1, (byte) 0xFF); // looks like markers if the walk wrongly scanned inside segments
        byte[] jpeg = concat(bytes(0xFF, 0xD8), bytes(0xFF, 0xE1), be16(65_535), app1, bytes(0xFF, 0xE2), be16(65_535), app1,
                sof(0xC0, 3000, 4000));
        assertThat(dims(jpeg)).contains(new ImageDimensions(4000, 3000));
    }

    @Test
    void jpegWithoutFrameBeforeScanOrWithBadSegmentsIsRejected() {
        byte[] soi = bytes(0xFF, 0xD8);
        assertThat(dims(concat(soi, bytes(0xFF, 0xDA, 0, 8, 1, 2, 3, 4, 5, 6), sof(0xC0, 10, 10)))).as("SOS first").isEmpty();
        assertThat(dims(concat(soi, bytes(0xFF, 0xE0, 0, 1), sof(0xC0, 10, 10)))).as("length below 2").isEmpty();
        assertThat(dims(concat(soi, bytes(0xFF, 0xE0, 0, 2, 0x12), sof(0xC0, 10, 10)))).as("junk between").isEmpty();
        assertThat(dims(concat(soi, bytes(0xFF, 0xD9), sof(0xC0, 10, 10)))).as("EOI first").isEmpty();
        assertThat(dims(concat(soi, sof(0xC0, 0, 10)))).as("height deferred to DNL").isEmpty();
        assertThat(dims(concat(soi, bytes(0xFF, 0xC1, 0, 5, 8, 0, 10)))).as("frame header too short").isEmpty();
        assertThat(dims(concat(soi, bytes(0xFF, 0xFF, 0xFF)))).as("only fill bytes").isEmpty();
        assertThat(dims(concat(soi, sof(0xC0, 10, 10)))).contains(new ImageDimensions(10, 10));
    }

    @Test
    void webpLossyLosslessAndExtendedHeadersReportTheirSize() {
        assertThat(dims(MediaSamples.webpVp8(1920, 1080))).contains(new ImageDimensions(1920, 1080));
        assertThat(dims(MediaSamples.webpVp8(16383, 1))).contains(new ImageDimensions(16383, 1));
        assertThat(dims(MediaSamples.webpVp8l(1, 16384))).contains(new ImageDimensions(1, 16384));
        assertThat(dims(MediaSamples.webpVp8l(777, 333))).contains(new ImageDimensions(777, 333));
        assertThat(dims(MediaSamples.webpVp8x(1 << 24, 3))).contains(new ImageDimensions(1 << 24, 3));
        assertThat(dims(MediaSamples.webpVp8x(4096, 2160))).contains(new ImageDimensions(4096, 2160));
    }

    @Test
    void webpWithWrongFrameSignaturesOrUnknownChunkIsRejected() {
        byte[] interFrame = MediaSamples.webpVp8(100, 100);
        interFrame[20] |= 1;
        byte[] badStartCode = MediaSamples.webpVp8(100, 100);
        badStartCode[24] = 0x02;
        byte[] badLosslessSignature = MediaSamples.webpVp8l(100, 100);
        badLosslessSignature[20] = 0x2E;
        byte[] zeroSize = MediaSamples.webpVp8(0, 100);

        assertThat(dims(interFrame)).isEmpty();
        assertThat(dims(badStartCode)).isEmpty();
        assertThat(dims(badLosslessSignature)).isEmpty();
        assertThat(dims(zeroSize)).isEmpty();
        assertThat(dims(MediaSamples.riffWebp("ALPH", new byte[16]))).isEmpty();
    }

    @Test
    void tiffInBothByteOrdersWithShortOrLongSizesReportsItsSize() {
        byte[] bigEndian = MediaSamples.imageIo("tiff", 300, 200);
        assertThat(bigEndian[0]).as("ImageIO writes big-endian TIFF").isEqualTo((byte) 'M');
        assertThat(dims(bigEndian)).contains(new ImageDimensions(300, 200));
        assertThat(dims(MediaSamples.tiffLittleEndian(65535, 70_000))).contains(new ImageDimensions(65535, 70_000));
    }

    @Test
    void tiffWithIfdOutsideTheHeadOrWithoutBothSizeTagsIsRejected() {
        byte[] tiff = MediaSamples.tiffLittleEndian(10, 10);
        ByteBuffer b = ByteBuffer.wrap(tiff).order(ByteOrder.LITTLE_ENDIAN);

        assertThat(dims(b.putInt(4, 4).array().clone())).as("IFD inside the header").isEmpty();
        assertThat(dims(b.putInt(4, 1 << 30).array().clone())).as("IFD past the end").isEmpty();
        b.putInt(4, 8);
        assertThat(dims(b.putShort(8, (short) 1).array().clone())).as("only the first entry counted").isEmpty();
        b.putShort(8, (short) 4);
        assertThat(dims(b.putShort(24, (short) 5).array().clone())).as("width of type RATIONAL").isEmpty();
        b.putShort(24, (short) 3);
        assertThat(dims(b.putInt(26, 2).array().clone())).as("two width values").isEmpty();
        b.putInt(26, 1);
        assertThat(dims(b.putShort(8, (short) 0xFFFF).array().clone())).as("entry count past the end, sizes first")
                .contains(new ImageDimensions(10, 10));
    }

    @Test
    void exrDataWindowGivesTheSizeEvenWithNegativeOrigin() {
        assertThat(dims(MediaSamples.exr(0, 0, 1919, 1079))).contains(new ImageDimensions(1920, 1080));
        assertThat(dims(MediaSamples.exr(-5, -10, 4, 9))).contains(new ImageDimensions(10, 20));
    }

    @Test
    void exrWithoutUsableDataWindowIsRejected() {
        byte[] magic = concat(bytes(0x76, 0x2F, 0x31, 0x01), le32(2));
        byte[] window = concat(le32(0), le32(0), le32(9), le32(9));

        assertThat(dims(MediaSamples.exr(10, 0, 9, 9))).as("xMax < xMin").isEmpty();
        assertThat(dims(MediaSamples.exr(Integer.MIN_VALUE, 0, Integer.MAX_VALUE, 0))).as("width overflows int").isEmpty();
        assertThat(dims(concat(magic, MediaSamples.exrAttribute("dataWindow", "box2f", window), bytes(0)))).isEmpty();
        assertThat(dims(concat(magic, MediaSamples.exrAttribute("dataWindowX", "box2i", window), bytes(0)))).isEmpty();
        assertThat(dims(concat(magic, bytes(0), MediaSamples.exrAttribute("dataWindow", "box2i", window))))
                .as("after the end of the header").isEmpty();
        assertThat(dims(concat(magic, ascii("owner\0string\0"), le32(-1), ascii("x"),
                MediaSamples.exrAttribute("dataWindow", "box2i", window)))).as("attribute size 4 GiB").isEmpty();
        assertThat(dims(concat(magic, ascii("owner\0string\0"), le32(Integer.MAX_VALUE),
                MediaSamples.exrAttribute("dataWindow", "box2i", window)))).as("attribute past the head").isEmpty();
        assertThat(dims(concat(magic, ascii("x".repeat(300)), bytes(0)))).as("unterminated name").isEmpty();
    }

    @Test
    void videosAndMismatchedFormatsHaveNoDimensions() {
        byte[] png = MediaSamples.pngHeader(10, 10);
        assertThat(MediaProbe.dimensions(MediaFormat.MP4, MediaSamples.ftyp("isom"))).isEmpty();
        assertThat(MediaProbe.dimensions(MediaFormat.MOV, MediaSamples.ftyp("qt  "))).isEmpty();
        for (MediaFormat other : MediaFormat.values()) {
            if (other != MediaFormat.PNG) {
                assertThat(MediaProbe.dimensions(other, png)).as(other.name()).isEmpty();
            }
        }
        assertThat(MediaProbe.dimensions(MediaFormat.PNG, png)).isPresent();
        assertThat(MediaProbe.dimensions(MediaFormat.PNG, null)).isEmpty();
        assertThat(MediaProbe.dimensions(null, png)).isEmpty();
    }

    @Test
    void truncatedHeadersGiveNothingUntilTheSizeFieldsAreComplete() {
        byte[] jpeg = handMadeJpeg();
        int sof2 = indexOf(jpeg, bytes(0xFF, 0xC2)) + 2;
        assertShortestPrefixWithDimensions(MediaSamples.pngHeader(100_000, 100_000), 24);
        assertShortestPrefixWithDimensions(jpeg, sof2 + 7);
        assertShortestPrefixWithDimensions(MediaSamples.webpVp8(320, 240), 30);
        assertShortestPrefixWithDimensions(MediaSamples.webpVp8l(320, 240), 25);
        assertShortestPrefixWithDimensions(MediaSamples.webpVp8x(320, 240), 30);
        assertShortestPrefixWithDimensions(MediaSamples.tiffLittleEndian(320, 240), 8 + 2 + 3 * 12);
        byte[] exr = MediaSamples.exr(0, 0, 319, 239);
        assertShortestPrefixWithDimensions(exr, indexOf(exr, ascii("dataWindow")) + 17 + 4 + 16);
    }

    @Test
    void garbageAfterAValidSignatureNeverThrowsOrHangs() {
        Random random = new Random(42);
        byte[][] samples = {MediaSamples.pngHeader(5, 5), handMadeJpeg(), MediaSamples.webpVp8(5, 5),
                MediaSamples.webpVp8l(5, 5), MediaSamples.webpVp8x(5, 5), MediaSamples.tiffLittleEndian(5, 5),
                MediaSamples.imageIo("tiff", 5, 5), MediaSamples.exr(0, 0, 4, 4)};
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            int found = 0;
            for (int round = 0; round < 20_000; round++) {
                byte[] sample = samples[round % samples.length];
                MediaFormat format = MediaProbe.detect(sample).orElseThrow();
                byte[] mutated = round % 2 == 0 ? mutate(sample, random) : randomAfterSignature(sample, random);
                Optional<ImageDimensions> dims = MediaProbe.dimensions(format, mutated);
                if (dims.isPresent()) {
                    found++;
                    assertThat(dims.get().width()).isPositive();
                    assertThat(dims.get().height()).isPositive();
                }
            }
            assertThat(found).as("mutations that keep the size fields intact still parse").isPositive();
        });
    }

    @Test
    void imageDimensionsMustBePositiveAndCountPixelsBeyondIntRange() {
        assertThat(new ImageDimensions(65_536, 65_536).pixels()).isEqualTo(4_294_967_296L);
        assertThat(new ImageDimensions(3, 2)).hasToString("3x2");
        assertThatIllegalArgumentException().isThrownBy(() -> new ImageDimensions(0, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> new ImageDimensions(1, -1));
    }

    private static void assertShortestPrefixWithDimensions(byte[] sample, int expectedLength) {
        MediaFormat format = MediaProbe.detect(sample).orElseThrow();
        Optional<ImageDimensions> full = MediaProbe.dimensions(format, sample);
        assertThat(full).as(format.name()).isPresent();
        for (int length = 0; length <= sample.length; length++) {
            Optional<ImageDimensions> prefix = MediaProbe.dimensions(format, Arrays.copyOf(sample, length));
            if (length < expectedLength) {
                assertThat(prefix).as("%s cut to %d bytes", format, length).isEmpty();
            } else {
                assertThat(prefix).as("%s cut to %d bytes", format, length).isEqualTo(full);
            }
        }
    }

    /** SOI, APP0, fill bytes, a DHT, JPG and DAC (whose bodies would decode as 34x17), TEM, RST0, then SOF2 640x480. */
    private static byte[] handMadeJpeg() {
        byte[] looksLikeAFrame = bytes(0, 8, 8, 0, 0x11, 0, 0x22, 0);
        return concat(
                bytes(0xFF, 0xD8),
                bytes(0xFF, 0xE0, 0, 16), ascii("JFIF\0"), bytes(1, 1, 0, 0, 1, 0, 1, 0, 0),
                bytes(0xFF, 0xFF, 0xFF, 0xC4), looksLikeAFrame,
                bytes(0xFF, 0xC8), looksLikeAFrame,
                bytes(0xFF, 0xCC), looksLikeAFrame,
                bytes(0xFF, 0x01, 0xFF, 0xD0),
                sof(0xC2, 480, 640),
                bytes(0xFF, 0xDA, 0, 8, 1, 1, 0, 0, 0x3F, 0));
    }

    private static byte[] sof(int marker, int height, int width) {
        return concat(bytes(0xFF, marker, 0, 11, 8), be16(height), be16(width), bytes(1, 1, 0x11, 0));
    }

    private static byte[] mutate(byte[] sample, Random random) {
        byte[] copy = sample.clone();
        int flips = 1 + random.nextInt(4);
        for (int i = 0; i < flips; i++) {
            copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
        }
        return Arrays.copyOf(copy, random.nextInt(copy.length + 1));
    }

    private static byte[] randomAfterSignature(byte[] sample, Random random) {
        byte[] garbage = new byte[random.nextInt(200)];
        random.nextBytes(garbage);
        return concat(Arrays.copyOf(sample, Math.min(sample.length, 12)), garbage);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
