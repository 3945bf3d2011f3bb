package io.ddiffusion.app;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The process's OpenTelemetry: the SDK exporting spans over OTLP/HTTP when {@code OTEL_EXPORTER_OTLP_ENDPOINT} (or
 * {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}) is set, and otherwise nothing at all: the API's no-op, no SDK, no
 * exporter thread, no cost. The SDK is configured by OpenTelemetry's own autoconfiguration from the standard
 * {@code OTEL_*} variables (or their {@code otel.*} system properties), with these defaults of ours: the service name
 * of the role ({@code ddiffusion-api}, {@code -worker}, {@code -serve}), the {@code http/protobuf} protocol (the only
 * one this build sends: gRPC would need another HTTP stack), and traces only (metrics go to Prometheus, logs to the
 * console).
 */
public final class Telemetry implements AutoCloseable {
    private final OpenTelemetrySdk sdk;

    private Telemetry(OpenTelemetrySdk sdk) {
        this.sdk = sdk;
    }

    /** Configured from the environment and system properties, for a process of {@code service} (its default name). */
    public static Telemetry start(String service) {
        return start(service, Map.of());
    }

    /**
     * As {@link #start(String)}, with {@code settings} ({@code otel.*} property names) taking precedence over the
     * environment (a blank one counts as unset): for tests, which cannot set a process's environment.
     */
    public static Telemetry start(String service, Map<String, String> settings) {
        Function<String, Optional<String>> read = reader(settings);
        boolean endpoint = read.apply("otel.exporter.otlp.endpoint").isPresent()
                || read.apply("otel.exporter.otlp.traces.endpoint").isPresent();
        boolean disabled = read.apply("otel.sdk.disabled").map(Boolean::parseBoolean).orElse(false)
                || read.apply("otel.traces.exporter").map(v -> v.equalsIgnoreCase("none")).orElse(false);
        if (!endpoint || disabled) {
            return new Telemetry(null);
        }
        checkProtocol(read);
        Map<String, String> defaults = new HashMap<>();
        defaults.put("otel.exporter.otlp.protocol", "http/protobuf");
        defaults.put("otel.metrics.exporter", "none");
        defaults.put("otel.logs.exporter", "none");
        // why not when the resource attributes name one: otel.service.name would win over them
        if (!read.apply("otel.resource.attributes").orElse("").contains("service.name=")) {
            defaults.put("otel.service.name", service);
        }
        try {
            OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
                    .addPropertiesSupplier(() -> defaults)
                    .addPropertiesCustomizer(config -> settings)
                    // why: the process closes it after its worker stopped, so the last runs' spans are sent
                    .disableShutdownHook()
                    .build().getOpenTelemetrySdk();
            return new Telemetry(sdk);
        } catch (RuntimeException e) {
            throw new StartupException("OpenTelemetry settings (OTEL_*) are invalid: " + e.getMessage());
        }
    }

    /** Refuses a protocol this build cannot send, before anything starts (the launcher checks it early). */
    public static void checkProtocol() {
        checkProtocol(reader(Map.of()));
    }

    private static void checkProtocol(Function<String, Optional<String>> read) {
        String protocol = read.apply("otel.exporter.otlp.traces.protocol")
                .or(() -> read.apply("otel.exporter.otlp.protocol")).orElse("http/protobuf");
        if (!protocol.equals("http/protobuf")) {
            throw new StartupException("OTEL_EXPORTER_OTLP_PROTOCOL=" + protocol + " is not supported by this build: "
                    + "use http/protobuf (the collector's port 4318)");
        }
    }

    /** {@code otel.*} settings: {@code settings}, else the system property, else the environment variable. */
    private static Function<String, Optional<String>> reader(Map<String, String> settings) {
        return name -> Optional.ofNullable(settings.get(name))
                .or(() -> Optional.ofNullable(System.getProperty(name)))
                .or(() -> Optional.ofNullable(System.getenv(name.toUpperCase(Locale.ROOT).replace('.', '_'))))
                .map(String::trim).filter(v -> !v.isEmpty());
    }

    /** The SDK, or the no-op when tracing is off. */
    public OpenTelemetry openTelemetry() {
        return sdk == null ? OpenTelemetry.noop() : sdk;
    }

    /** Whether spans are exported. */
    public boolean enabled() {
        return sdk != null;
    }

    /** Sends the spans still buffered and stops the exporter (waits up to 10 s). */
    @Override
    public void close() {
        if (sdk != null) {
            CompletableResultCode done = sdk.shutdown();
            done.join(10, TimeUnit.SECONDS);
        }
    }
}
