package io.ddiffusion.app;

import com.sun.net.httpserver.HttpServer;
import io.ddiffusion.core.config.Env;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Executors;

/**
 * Prometheus metrics of a worker process, which has no HTTP server of its own: {@code GET /metrics} (and a liveness
 * {@code GET /health}, for orchestrators' probes) on
 * {@code DDIFFUSION_METRICS_PORT} (and {@code DDIFFUSION_METRICS_HOST}), in Prometheus' text format, with the JVM's
 * figures and the domain metrics ({@link io.ddiffusion.core.metrics.TaskMetrics}). The API serves the same names on
 * Quarkus' management interface, on the same variables.
 */
public final class MetricsServer implements AutoCloseable {
    public static final String PORT = "DDIFFUSION_METRICS_PORT";
    public static final String HOST = "DDIFFUSION_METRICS_HOST";
    /** Prometheus' text exposition format, the one every scraper reads. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;
    private final HttpServer server;

    private MetricsServer(PrometheusMeterRegistry registry, HttpServer server) {
        this.registry = registry;
        this.server = server;
    }

    /**
     * A registry for the process, exported on the metrics port when {@code DDIFFUSION_METRICS_PORT} is set (0: any free
     * port); empty when it is not, and then nothing is recorded.
     */
    public static Optional<MetricsServer> start(Env env) {
        Optional<String> port = env.optional(PORT);
        if (port.isEmpty()) {
            return Optional.empty();
        }
        int p = env.integer(PORT, 0, 0);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(host(env), p), 16);
            server.createContext("/metrics", ex -> {
                try (ex) {
                    if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
                        ex.getResponseHeaders().set("Allow", "GET, HEAD");
                        ex.sendResponseHeaders(405, -1);
                        return;
                    }
                    byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
                    ex.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
                    ex.sendResponseHeaders(200, ex.getRequestMethod().equals("HEAD") ? -1 : body.length);
                    if (ex.getRequestMethod().equals("GET")) {
                        try (OutputStream out = ex.getResponseBody()) {
                            out.write(body);
                        }
                    }
                }
            });
            // why: a worker has no other HTTP port; orchestrators' liveness probes ask here whether the process serves
            server.createContext("/health", ex -> {
                try (ex) {
                    byte[] body = "{\"status\":\"healthy\"}".getBytes(StandardCharsets.UTF_8);
                    ex.getResponseHeaders().set("Content-Type", "application/json");
                    ex.sendResponseHeaders(200, body.length);
                    try (OutputStream out = ex.getResponseBody()) {
                        out.write(body);
                    }
                }
            });
            server.setExecutor(Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("metrics")
                    .factory()));
            server.start();
            // why: provider clients record on the global registry (see TaskMetrics.global)
            Metrics.addRegistry(registry);
            return Optional.of(new MetricsServer(registry, server));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve metrics on " + PORT + "=" + p + ": " + e.getMessage(), e);
        }
    }

    /** {@code DDIFFUSION_METRICS_HOST}, else the API's {@code DDIFFUSION_HOST}, else every interface. */
    public static String host(Env env) {
        return env.optional(HOST).or(() -> env.optional("DDIFFUSION_HOST")).orElse("0.0.0.0");
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The port it listens on (the chosen one when {@code DDIFFUSION_METRICS_PORT=0}). */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        Metrics.removeRegistry(registry);
        registry.close();
    }
}
