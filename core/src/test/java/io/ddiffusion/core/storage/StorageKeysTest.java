package io.ddiffusion.core.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StorageKeysTest {
    @ParameterizedTest
    @ValueSource(strings = {"images/sd-xl/0f8e-0.png", "videos/kling-2/a-0.mp4", "inputs/abc/references_0.png",
        "a.txt"})
    void wellFormedKeysAreAccepted(String key) {
        assertThat(StorageKeys.isValid(key)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"../etc/passwd", "images/../../etc/passwd", "/etc/passwd", "images//x.png", "images/./x",
        "images/x.png/", "..", ".hidden", "images\\x.png", "images/%2e%2e/x", "images/x y.png", "", "a/..b/c",
        "images/\u0000.png", "C:/windows"})
    void keysThatCouldEscapeOrNeedEncodingAreRefused(String key) {
        assertThat(StorageKeys.isValid(key)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"png:image/png", "mp4:video/mp4", "exr:image/x-exr", "JPG:image/jpeg",
        "bin:application/octet-stream"})
    void contentTypeFollowsTheExtension(String pair) {
        String[] p = pair.split(":");
        assertThat(StorageKeys.contentType("x/file." + p[0])).isEqualTo(p[1]);
    }
}
