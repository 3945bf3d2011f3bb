package io.ddiffusion.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvTest {
    @Test
    void blankValuesCountAsUnsetAndDefaultsApply() {
        Env env = Env.of(Map.of("A", "  ", "B", " 7 "));

        assertThat(env.optional("A")).isEmpty();
        assertThat(env.integer("B", 1)).isEqualTo(7);
        assertThat(env.string("C", "x")).isEqualTo("x");
        assertThat(env.bool("D", true)).isTrue();
        assertThat(env.list("E")).isEmpty();
    }

    @Test
    void badValuesNameTheVariableAndWhatItExpects() {
        Env env = Env.of(Map.of("N", "-3", "M", "0", "F", "maybe"));

        assertThatThrownBy(() -> env.integer("N", 1)).isInstanceOf(InvalidSettingException.class)
                .hasMessage("N must be a non-negative whole number, got '-3'");
        assertThatThrownBy(() -> env.integer("M", 1, 1)).isInstanceOf(InvalidSettingException.class)
                .hasMessage("M must be at least 1, got 0");
        assertThatThrownBy(() -> env.bool("F", false)).isInstanceOf(InvalidSettingException.class)
                .hasMessage("F must be true or false, got 'maybe'");
    }

    @Test
    void everyNameAskedForIsRemembered() {
        Env env = Env.of(Map.of());
        BrokerSettings.from(env);
        StorageSettings.from(env);

        assertThat(env.names()).contains("DDIFFUSION_REDIS_URL", "DDIFFUSION_REDIS_PREFIX", "DDIFFUSION_DATA_DIR",
                "DDIFFUSION_STORAGE_DIRECTORY", "DDIFFUSION_STORAGE_ADDRESS", "DDIFFUSION_PORT",
                "SIGNED_URL_EXPIRY_SECONDS", "RESULT_EXPIRES_DAYS");
    }

    @Test
    void storageDefaultsFollowTheDataFolderAndThePort() {
        StorageSettings s = StorageSettings.from(Env.of(Map.of("DDIFFUSION_DATA_DIR", "/srv/dd",
                "DDIFFUSION_PORT", "8080")));

        assertThat(s.storageDirectory()).isEqualTo(Path.of("/srv/dd/storage"));
        assertThat(s.storageAddress()).isEqualTo("http://127.0.0.1:8080");
        assertThat(s.signedUrlExpiry()).isEqualTo(Duration.ofHours(1));
        assertThat(s.resultRetention()).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void secretsAreNeverPrinted() {
        Env env = Env.of(Map.of("DDIFFUSION_ADMIN_KEY", "admin-secret-0123456789-0123456789", "OPENAI_API_KEY",
                "sk-secret", "REPLICATE_API_TOKEN", "r8_secret"));

        assertThat(KeySettings.from(env).toString()).doesNotContain("secret").contains("adminKey=set");
        assertThat(ProviderSettings.from(env).toString()).doesNotContain("secret").contains("openAi=set");
    }
}
