package io.ddiffusion.app.api;

import io.ddiffusion.app.tracing.OtlpReceiver;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The API alone (the test starts its worker), exporting traces to an {@link OtlpReceiver} the profile starts.
 * OpenTelemetry reads its settings from the environment and {@code otel.*} system properties, not from Quarkus'
 * configuration, so the receiver's address is a system property while this profile's app runs.
 */
public class TracingProfile implements QuarkusTestProfile {
    static final Map<String, String> OTEL = Map.of("otel.bsp.schedule.delay", "50");

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("ddiffusion.role", "api", "DDIFFUSION_ENABLED_PROVIDERS", "openai,replicate");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Collector.class));
    }

    /** Starts the receiver and points the process's OpenTelemetry at it; undoes both when the app stops. */
    public static class Collector implements QuarkusTestResourceLifecycleManager {
        static volatile OtlpReceiver receiver;

        @Override
        public Map<String, String> start() {
            try {
                receiver = new OtlpReceiver();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            System.setProperty("otel.exporter.otlp.endpoint", receiver.endpoint());
            OTEL.forEach(System::setProperty);
            return Map.of();
        }

        @Override
        public void stop() {
            System.clearProperty("otel.exporter.otlp.endpoint");
            OTEL.keySet().forEach(System::clearProperty);
            receiver.close();
        }
    }
}
