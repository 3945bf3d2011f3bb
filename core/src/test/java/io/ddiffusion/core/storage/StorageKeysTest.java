package io.ddiffusion.core.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
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

    @Test
    void segmentsOfUpTo200CharactersAndKeysOfUpTo512() {
        String segment = "a".repeat(200);
        assertThat(StorageKeys.isValid(segment)).isTrue();
        assertThat(StorageKeys.isValid(segment + "b")).isFalse();
        assertThat(StorageKeys.isValid(segment + "/" + segment + "/" + "c".repeat(110))).isTrue();
        assertThat(StorageKeys.isValid(segment + "/" + segment + "/" + "c".repeat(111))).isFalse();
    }

    /** The rule as a regular expression, written the plain way: the scan must decide every key as it does. */
    @Test
    void decidesLikeTheRuleWrittenAsARegularExpression() {
        String segment = "[A-Za-z0-9][A-Za-z0-9._-]{0,199}";
        Pattern rule = Pattern.compile("(?!.*\\.\\.)" + segment + "(?:/" + segment + ")*");
        String alphabet = "aZ09._-/ .\\%:";
        Random random = new Random(20261207);
        for (int i = 0; i < 200_000; i++) {
            StringBuilder key = new StringBuilder();
            int length = random.nextInt(12);
            for (int j = 0; j < length; j++) {
                key.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String k = key.toString();
            boolean expected = !k.isEmpty() && k.length() <= 512 && rule.matcher(k).matches();
            assertThat(StorageKeys.isValid(k)).as("'%s'", k).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"png:image/png", "mp4:video/mp4", "exr:image/x-exr", "JPG:image/jpeg",
        "bin:application/octet-stream"})
    void contentTypeFollowsTheExtension(String pair) {
        String[] p = pair.split(":");
        assertThat(StorageKeys.contentType("x/file." + p[0])).isEqualTo(p[1]);
    }
}
