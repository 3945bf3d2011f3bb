package io.ddiffusion.worker.providers.replicate;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddiffusion.core.config.Settings;
import io.ddiffusion.schema.common.Provider;
import io.ddiffusion.schema.common.ModelSpec;
import io.ddiffusion.schema.images.ImageModel;
import io.ddiffusion.schema.videos.VideoModel;
import io.ddiffusion.worker.providers.ProviderClients;
import io.ddiffusion.worker.runtime.HandlerRegistry;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ReplicateHandlersTest {
    @Test
    void everyReplicateModelInTheRegistriesHasExactlyOneHandlerAndNothingElseIsRegistered() {
        HandlerRegistry.Builder builder = HandlerRegistry.builder();
        ReplicateHandlers.register(builder, ProviderClients.create(Settings.from(name -> Optional.empty())
                .providers()));

        var expected = Stream.concat(Stream.of(ImageModel.values()), Stream.of(VideoModel.values()))
                .filter(m -> m.provider() == Provider.REPLICATE).map(ModelSpec::taskName).toList();
        assertThat(builder.build().taskNames()).containsExactlyInAnyOrderElementsOf(expected).hasSize(13);
    }
}
