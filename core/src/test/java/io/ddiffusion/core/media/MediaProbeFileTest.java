package io.ddiffusion.core.media;

import static io.ddiffusion.core.media.MediaSamples.be16;
import static io.ddiffusion.core.media.MediaSamples.bytes;
import static io.ddiffusion.core.media.MediaSamples.concat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MediaProbeFileTest {

    @TempDir
    Path dir;

    @Test
    void probingARealPngReportsFormatSizeAndDimensions() throws Exception {
        Path file = Files.write(dir.resolve("in.png"), MediaSamples.imageIo("png", 64, 48));

        ProbedMedia probed = MediaProbe.probe(file);

        assertThat(probed.format()).isEqualTo(MediaFormat.PNG);
        assertThat(probed.size()).isEqualTo(Files.size(file)).isPositive();
        assertThat(probed.dimensions()).contains(new ImageDimensions(64, 48));
    }

    @Test
    void probingAVideoReportsNoDimensions() throws Exception {
        Path mp4 = Files.write(dir.resolve("in.mp4"), MediaSamples.ftyp("isom"));
        Path mov = Files.write(dir.resolve("in.mov"), MediaSamples.quickTimeAtom("moov"));

        assertThat(MediaProbe.probe(mp4)).isEqualTo(new ProbedMedia(MediaFormat.MP4, 40, Optional.empty()));
        assertThat(MediaProbe.probe(mov).format()).isEqualTo(MediaFormat.MOV);
    }

    @Test
    void sizeIsTheWholeFileEvenBeyondTheHeadThatIsRead() throws Exception {
        byte[] png = MediaSamples.pngHeader(100_000, 100_000);
        Path file = Files.write(dir.resolve("bomb.png"), concat(png, new byte[3 * MediaProbe.MAX_HEAD]));

        ProbedMedia probed = MediaProbe.probe(file);

        assertThat(probed.size()).isEqualTo(png.length + 3L * MediaProbe.MAX_HEAD);
        assertThat(probed.dimensions()).contains(new ImageDimensions(100_000, 100_000));
    }

    @Test
    void jpegFrameHeaderBeyondTheFirstMebibyteIsNotLookedFor() throws Exception {
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        jpeg.writeBytes(bytes(0xFF, 0xD8));
        for (int i = 0; i < 17; i++) { // 17 maximal APP2 segments: just over 1 MiB
            jpeg.writeBytes(concat(bytes(0xFF, 0xE2), be16(65_535), new byte[65_533]));
        }
        jpeg.writeBytes(concat(bytes(0xFF, 0xC0, 0, 11, 8), be16(10), be16(20), bytes(1, 1, 0x11, 0)));
        byte[] all = jpeg.toByteArray();
        Path file = Files.write(dir.resolve("big.jpg"), all);

        ProbedMedia probed = MediaProbe.probe(file);

        assertThat(all.length).isGreaterThan(MediaProbe.MAX_HEAD);
        assertThat(probed.format()).isEqualTo(MediaFormat.JPEG);
        assertThat(probed.dimensions()).isEmpty();
        assertThat(MediaProbe.dimensions(MediaFormat.JPEG, all)).contains(new ImageDimensions(20, 10));
    }

    @Test
    void aHeaderWithinTheFirstBytesIsReadWithoutTheRestOfTheMebibyte() throws Exception {
        byte[] png = concat(MediaSamples.pngHeader(640, 480), new byte[3 * MediaProbe.MAX_HEAD]);
        ByteArrayInputStream in = new ByteArrayInputStream(png);

        byte[] head = MediaProbe.readHead(in);

        assertThat(head).hasSize(MediaProbe.FIRST_HEAD);
        assertThat(in.available()).as("the stream goes on right after the head")
                .isEqualTo(png.length - MediaProbe.FIRST_HEAD);
        assertThat(MediaProbe.dimensions(MediaFormat.PNG, head)).contains(new ImageDimensions(640, 480));
    }

    @Test
    void aJpegWhoseFrameHeaderComesAfterLargeMetadataIsStillMeasured() throws Exception {
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        jpeg.writeBytes(bytes(0xFF, 0xD8));
        for (int i = 0; i < 4; i++) { // 4 maximal APP2 segments (an ICC profile, say): 256 KiB before the size
            jpeg.writeBytes(concat(bytes(0xFF, 0xE2), be16(65_535), new byte[65_533]));
        }
        jpeg.writeBytes(concat(bytes(0xFF, 0xC0, 0, 11, 8), be16(10), be16(20), bytes(1, 1, 0x11, 0)));
        jpeg.writeBytes(new byte[2 * MediaProbe.MAX_HEAD]);
        Path file = Files.write(dir.resolve("icc.jpg"), jpeg.toByteArray());

        assertThat(MediaProbe.probe(file).dimensions()).contains(new ImageDimensions(20, 10));
        byte[] head = MediaProbe.readHead(new ByteArrayInputStream(jpeg.toByteArray()));
        assertThat(head).as("read on to the mebibyte").hasSize(MediaProbe.MAX_HEAD);
        assertThat(head).isEqualTo(Arrays.copyOf(jpeg.toByteArray(), MediaProbe.MAX_HEAD));
    }

    @Test
    void aShortFileIsReadWhole() throws Exception {
        byte[] png = MediaSamples.imageIo("png", 8, 8);

        assertThat(MediaProbe.readHead(new ByteArrayInputStream(png))).isEqualTo(png);
    }

    @Test
    void unsupportedFileIsRejectedWithTheListOfFormats() throws Exception {
        Path gif = Files.write(dir.resolve("in.gif"), "GIF89a\u0001\0\u0001\0".getBytes(StandardCharsets.ISO_8859_1));

        assertThatThrownBy(() -> MediaProbe.probe(gif))
                .isInstanceOf(UnsupportedMediaException.class)
                .hasMessage("is not a supported image or video (PNG, JPEG, WebP, TIFF, EXR, MP4, MOV)");
    }

    @Test
    void emptyFileIsRejectedAsEmpty() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty"));

        assertThatThrownBy(() -> MediaProbe.probe(empty))
                .isInstanceOf(UnsupportedMediaException.class)
                .hasMessage("is empty");
    }

    @Test
    void missingFileIsAnIoError() {
        assertThatThrownBy(() -> MediaProbe.probe(dir.resolve("missing"))).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void decodedDataUrlProbesAsTheImageItCarries() throws Exception {
        byte[] jpeg = MediaSamples.imageIo("jpeg", 30, 20);
        String request = "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(jpeg);
        Path file = dir.resolve("input");

        long written = Base64Decoding.decodeToFile(request, file);
        ProbedMedia probed = MediaProbe.probe(file);

        assertThat(probed).isEqualTo(new ProbedMedia(MediaFormat.JPEG, written, Optional.of(new ImageDimensions(30, 20))));
        assertThat(written).isEqualTo(jpeg.length);
    }
}
