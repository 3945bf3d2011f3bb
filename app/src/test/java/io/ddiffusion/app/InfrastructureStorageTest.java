package io.ddiffusion.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddiffusion.core.config.Env;
import io.ddiffusion.core.config.InvalidSettingException;
import io.ddiffusion.core.config.StorageSettings;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the storage is chosen and described, where no object store needs to answer. */
class InfrastructureStorageTest {
    private static StorageSettings settings(String... pairs) {
        Map<String, String> env = new HashMap<>(Map.of("DDIFFUSION_STORAGE_URL", "s3://media/dd",
                "DDIFFUSION_S3_ENDPOINT", "http://minio:9000", "AWS_ACCESS_KEY_ID", "AKIA1",
                "AWS_SECRET_ACCESS_KEY", "very-secret"));
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return StorageSettings.from(Env.of(env));
    }

    @Test
    void presignedLinksCannotOutliveWhatS3Allows() {
        assertThatThrownBy(() -> Infrastructure.checkStorage(settings("DDIFFUSION_STORAGE_SIGNED_URLS", "presigned",
                "SIGNED_URL_EXPIRY_SECONDS", "700000"))).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("SIGNED_URL_EXPIRY_SECONDS may be at most 604800");
    }

    @Test
    void theStartLineNamesBucketPrefixEndpointAndModeButNoCredential() {
        assertThat(Infrastructure.describeStorage(settings("DDIFFUSION_STORAGE_SIGNED_URLS", "presigned")))
                .isEqualTo("s3://media/dd/ at http://minio:9000 (presigned links)");
        assertThat(Infrastructure.describeStorage(settings())).doesNotContain("very-secret").doesNotContain("AKIA1");
        assertThat(Infrastructure.describeStorage(StorageSettings.from(Env.of(Map.of("DDIFFUSION_STORAGE_DIRECTORY",
                "/srv/dd"))))).isEqualTo("/srv/dd");
    }
}
