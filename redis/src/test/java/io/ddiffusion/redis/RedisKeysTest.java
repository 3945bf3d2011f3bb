package io.ddiffusion.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddiffusion.schema.common.Queue;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RedisKeysTest {
    private final RedisKeys keys = new RedisKeys("dd:");

    @Test
    void everyKeyLivesUnderThePrefix() {
        UUID id = UUID.fromString("00000000-0000-0000-0000-000000000001");

        assertThat(keys.queue(Queue.GPU)).isEqualTo("dd:queue:gpu");
        assertThat(keys.queue(Queue.COMFY)).isEqualTo("dd:queue:comfy");
        assertThat(keys.task(id)).isEqualTo("dd:task:00000000-0000-0000-0000-000000000001");
        assertThat(keys.taskLogs(id)).isEqualTo("dd:task:00000000-0000-0000-0000-000000000001:logs");
        assertThat(keys.worker("w-1")).isEqualTo("dd:worker:w-1").startsWith(keys.workerPrefix());
        assertThat(keys.apiKey("abc")).isEqualTo("dd:apikey:abc").startsWith(keys.apiKeyPrefix());
        assertThat(keys.apiKeyNames()).isEqualTo("dd:apikey-names");
        assertThat(keys.group()).isEqualTo("workers");
    }

    @Test
    void theScanPatternMatchesThePrefixLiterally() {
        assertThat(new RedisKeys("dd:").pattern()).isEqualTo("dd:*");
        assertThat(new RedisKeys("a*b?[c]\\:").pattern()).isEqualTo("a\\*b\\?\\[c\\]\\\\:*");
    }
}
