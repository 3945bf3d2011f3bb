package io.ddiffusion.core.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MediaFormatTest {

    @Test
    void everyFormatHasItsRegisteredMimeTypeAndUsualExtension() {
        Map<MediaFormat, String> mime = Map.of(
                MediaFormat.PNG, "image/png",
                MediaFormat.JPEG, "image/jpeg",
                MediaFormat.WEBP, "image/webp",
                MediaFormat.TIFF, "image/tiff",
                MediaFormat.EXR, "image/x-exr",
                MediaFormat.MP4, "video/mp4",
                MediaFormat.MOV, "video/quicktime");
        Map<MediaFormat, String> extension = Map.of(
                MediaFormat.PNG, "png",
                MediaFormat.JPEG, "jpg",
                MediaFormat.WEBP, "webp",
                MediaFormat.TIFF, "tiff",
                MediaFormat.EXR, "exr",
                MediaFormat.MP4, "mp4",
                MediaFormat.MOV, "mov");

        assertThat(MediaFormat.values()).hasSize(7);
        for (MediaFormat format : MediaFormat.values()) {
            assertThat(format.mimeType()).as(format.name()).isEqualTo(mime.get(format));
            assertThat(format.extension()).as(format.name()).isEqualTo(extension.get(format));
        }
    }

    @Test
    void onlyMp4AndMovAreVideosAndEverythingElseIsAnImage() {
        assertThat(Arrays.stream(MediaFormat.values()).filter(MediaFormat::isVideo))
                .containsExactlyInAnyOrder(MediaFormat.MP4, MediaFormat.MOV);
        assertThat(Arrays.stream(MediaFormat.values()).filter(MediaFormat::isImage))
                .containsExactlyInAnyOrder(MediaFormat.PNG, MediaFormat.JPEG, MediaFormat.WEBP, MediaFormat.TIFF,
                        MediaFormat.EXR);
    }
}
