package io.ddiffusion.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import org.junit.jupiter.api.Test;

class JsonBuffersTest {
    record Sample(String a) {
    }

    @Test
    void theMapperLendsItsBuffersFromOneSharedPoolNotOnePerThread() {
        // why: a thread-local pool would keep buffers for every virtual thread that ever parsed (a worker's tasks)
        assertThat(Json.MAPPER.getFactory()._getRecyclerPool())
                .isNotInstanceOf(JsonRecyclerPools.ThreadLocalPool.class)
                .isSameAs(JsonRecyclerPools.sharedConcurrentDequePool());
        assertThat(Json.read(Json.write(new Sample("x")), Sample.class)).isEqualTo(new Sample("x"));
    }
}
