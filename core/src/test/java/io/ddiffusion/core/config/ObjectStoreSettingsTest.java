package io.ddiffusion.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ObjectStoreSettingsTest {
    private static Optional<ObjectStoreSettings> read(String... pairs) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return ObjectStoreSettings.from(Env.of(env));
    }

    @Test
    void withoutAStorageUrlBlobsStayOnTheFilesystem() {
        assertThat(read()).isEmpty();
        assertThat(read("AWS_ACCESS_KEY_ID", "AKIA", "AWS_REGION", "eu-west-1")).isEmpty();
    }

    @Test
    void anS3UrlWithAnEndpointGivesBucketPrefixPathStyleAndTheAwsVariables() {
        ObjectStoreSettings s = read("DDIFFUSION_STORAGE_URL", "s3://media-bucket/dd/prod/",
                "AWS_ENDPOINT_URL", "http://minio:9000", "AWS_REGION", "eu-west-1",
                "AWS_ACCESS_KEY_ID", "AKIA1", "AWS_SECRET_ACCESS_KEY", "s3cr3t").orElseThrow();

        assertThat(s.bucket()).isEqualTo("media-bucket");
        assertThat(s.prefix()).isEqualTo("dd/prod/");
        assertThat(s.endpoint()).contains(URI.create("http://minio:9000"));
        assertThat(s.region()).isEqualTo("eu-west-1");
        assertThat(s.pathStyle()).isTrue();
        assertThat(s.credentials().orElseThrow().accessKeyId()).isEqualTo("AKIA1");
        assertThat(s.links()).isEqualTo(ObjectStoreSettings.LinkMode.API);
    }

    @Test
    void onAwsTheDefaultsAreVirtualHostsUsEast1AndTheSdksCredentialChain() {
        ObjectStoreSettings s = read("DDIFFUSION_STORAGE_URL", "s3://media-bucket").orElseThrow();

        assertThat(s.prefix()).isEmpty();
        assertThat(s.endpoint()).isEmpty();
        assertThat(s.region()).isEqualTo("us-east-1");
        assertThat(s.pathStyle()).isFalse();
        assertThat(s.credentials()).isEmpty();
    }

    @Test
    void ourEndpointVariableWinsOverTheAwsOnesAndPathStyleCanBeTurnedOff() {
        ObjectStoreSettings s = read("DDIFFUSION_STORAGE_URL", "s3://b-1/x", "DDIFFUSION_S3_ENDPOINT",
                "https://ceph:7480", "AWS_ENDPOINT_URL", "http://other:9000", "DDIFFUSION_S3_PATH_STYLE", "false",
                "DDIFFUSION_STORAGE_SIGNED_URLS", "presigned").orElseThrow();

        assertThat(s.endpoint()).contains(URI.create("https://ceph:7480"));
        assertThat(s.pathStyle()).isFalse();
        assertThat(s.links()).isEqualTo(ObjectStoreSettings.LinkMode.PRESIGNED);
    }

    @Test
    void malformedValuesAreRefusedNamingTheVariable() {
        assertThatThrownBy(() -> read("DDIFFUSION_STORAGE_URL", "https://bucket/x"))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("DDIFFUSION_STORAGE_URL")
                .hasMessageContaining("s3://bucket/prefix");
        assertThatThrownBy(() -> read("DDIFFUSION_STORAGE_URL", "s3://Bad_Bucket/x"))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("invalid bucket");
        assertThatThrownBy(() -> read("DDIFFUSION_STORAGE_URL", "s3://bucket/a/../b"))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("invalid prefix");
        assertThatThrownBy(() -> read("DDIFFUSION_STORAGE_URL", "s3://bucket", "DDIFFUSION_S3_ENDPOINT", "minio:9000"))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("DDIFFUSION_S3_ENDPOINT");
        assertThatThrownBy(() -> read("DDIFFUSION_STORAGE_URL", "s3://bucket", "DDIFFUSION_STORAGE_SIGNED_URLS", "s3"))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("api or presigned");
        assertThatThrownBy(() -> read("DDIFFUSION_STORAGE_URL", "s3://bucket", "AWS_ACCESS_KEY_ID", "AKIA"))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("AWS_SECRET_ACCESS_KEY");
    }

    @Test
    void presignedLinksNeedAnObjectStore() {
        assertThatThrownBy(() -> read("DDIFFUSION_STORAGE_SIGNED_URLS", "presigned"))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("DDIFFUSION_STORAGE_URL");
    }

    @Test
    void theSecretAndTokenNeverAppearInTheSettingsText() {
        ObjectStoreSettings s = read("DDIFFUSION_STORAGE_URL", "s3://bucket", "AWS_ACCESS_KEY_ID", "AKIA1",
                "AWS_SECRET_ACCESS_KEY", "very-secret", "AWS_SESSION_TOKEN", "token-xyz").orElseThrow();

        assertThat(s.toString()).contains("AKIA1").doesNotContain("very-secret").doesNotContain("token-xyz");
    }
}
