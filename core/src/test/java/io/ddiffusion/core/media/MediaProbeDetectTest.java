package io.ddiffusion.core.media;

import static io.ddiffusion.core.media.MediaSamples.ascii;
import static io.ddiffusion.core.media.MediaSamples.be32;
import static io.ddiffusion.core.media.MediaSamples.bytes;
import static io.ddiffusion.core.media.MediaSamples.concat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MediaProbeDetectTest {

    @Test
    void realPngJpegAndTiffFilesAreRecognised() {
        assertThat(MediaProbe.detect(MediaSamples.imageIo("png", 4, 3))).contains(MediaFormat.PNG);
        assertThat(MediaProbe.detect(MediaSamples.imageIo("jpeg", 4, 3))).contains(MediaFormat.JPEG);
        assertThat(MediaProbe.detect(MediaSamples.imageIo("tiff", 4, 3))).contains(MediaFormat.TIFF);
    }

    @Test
    void handBuiltHeadersAreRecognised() {
        assertThat(MediaProbe.detect(MediaSamples.webpVp8(8, 8))).contains(MediaFormat.WEBP);
        assertThat(MediaProbe.detect(MediaSamples.webpVp8l(8, 8))).contains(MediaFormat.WEBP);
        assertThat(MediaProbe.detect(MediaSamples.webpVp8x(8, 8))).contains(MediaFormat.WEBP);
        assertThat(MediaProbe.detect(MediaSamples.tiffLittleEndian(8, 8))).contains(MediaFormat.TIFF);
        assertThat(MediaProbe.detect(MediaSamples.exr(0, 0, 7, 7))).contains(MediaFormat.EXR);
    }

    @Test
    void onlyTheFirstBytesAreNeeded() {
        byte[] png = MediaSamples.imageIo("png", 4, 3);
        assertThat(MediaProbe.detect(Arrays.copyOf(png, 8))).contains(MediaFormat.PNG);
        assertThat(MediaProbe.detect(bytes(0xFF, 0xD8, 0xFF))).contains(MediaFormat.JPEG);
        assertThat(MediaProbe.detect(bytes('M', 'M', 0, 42))).contains(MediaFormat.TIFF);
        assertThat(MediaProbe.detect(bytes(0x76, 0x2F, 0x31, 0x01))).contains(MediaFormat.EXR);
    }

    @ParameterizedTest
    @ValueSource(strings = {"isom", "iso2", "mp41", "mp42", "avc1", "M4V ", "dash", "zzzz"})
    void anyFtypBrandOtherThanQuickTimeIsMp4(String brand) {
        assertThat(MediaProbe.detect(MediaSamples.ftyp(brand))).contains(MediaFormat.MP4);
    }

    @Test
    void ftypWithQuickTimeBrandIsMov() {
        assertThat(MediaProbe.detect(MediaSamples.ftyp("qt  "))).contains(MediaFormat.MOV);
    }

    @ParameterizedTest
    @ValueSource(strings = {"moov", "mdat", "wide", "free", "skip", "pnot"})
    void quickTimeWithoutFtypIsRecognisedByItsFirstAtom(String atom) {
        assertThat(MediaProbe.detect(MediaSamples.quickTimeAtom(atom))).contains(MediaFormat.MOV);
    }

    @Test
    void quickTimeAtomWithImpossibleSizeIsNotMov() {
        assertThat(MediaProbe.detect(concat(be32(4), ascii("moov"), new byte[8]))).isEmpty();
        assertThat(MediaProbe.detect(concat(be32(0), ascii("moov")))).contains(MediaFormat.MOV);
    }

    @Test
    void otherFormatsAndNearMissesAreNotRecognised() {
        assertThat(MediaProbe.detect(ascii("GIF89a\u0001\0\u0001\0"))).isEmpty();
        assertThat(MediaProbe.detect(concat(ascii("RIFF"), be32(100), ascii("WAVEfmt ")))).isEmpty();
        assertThat(MediaProbe.detect(bytes('I', 'I', 43, 0, 8, 0, 0, 0))).as("BigTIFF").isEmpty();
        assertThat(MediaProbe.detect(bytes(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x00))).isEmpty();
        assertThat(MediaProbe.detect(bytes(0xFF, 0xD8, 0x00))).isEmpty();
        assertThat(MediaProbe.detect(ascii("%PDF-1.7\n%\u00e2\u00e3"))).isEmpty();
        assertThat(MediaProbe.detect(ascii("{\"prompt\": \"a cat\"}"))).isEmpty();
        assertThat(MediaProbe.detect(concat(be32(24), ascii("ftypmp4")))).as("ftyp without a whole brand").isEmpty();
    }

    @Test
    void nullEmptyAndTruncatedSignaturesAreNotRecognised() {
        assertThat(MediaProbe.detect(null)).isEmpty();
        assertThat(MediaProbe.detect(new byte[0])).isEmpty();
        for (byte[] sample : new byte[][] {
                MediaSamples.imageIo("png", 4, 3), bytes(0xFF, 0xD8, 0xFF), MediaSamples.webpVp8(2, 2),
                bytes('I', 'I', 42, 0), bytes(0x76, 0x2F, 0x31, 0x01), MediaSamples.ftyp("isom")}) {
            Optional<MediaFormat> full = MediaProbe.detect(sample);
            assertThat(full).isPresent();
            int signature = full.get() == MediaFormat.PNG ? 8 : full.get() == MediaFormat.JPEG ? 3
                    : full.get() == MediaFormat.TIFF || full.get() == MediaFormat.EXR ? 4 : 12;
            assertThat(MediaProbe.detect(Arrays.copyOf(sample, signature - 1))).as(full.get().name()).isEmpty();
        }
    }
}
