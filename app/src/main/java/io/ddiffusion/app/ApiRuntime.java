package io.ddiffusion.app;

import io.ddiffusion.api.events.EventStreamSettings;
import io.ddiffusion.api.http.AdminKey;
import io.ddiffusion.api.http.ApiSettings;
import io.ddiffusion.api.tasks.InputSettings;
import io.ddiffusion.api.webhooks.WebhookSettings;
import io.ddiffusion.core.config.ComfySettings;
import io.ddiffusion.core.config.Env;
import io.ddiffusion.core.config.ProviderSettings;
import io.ddiffusion.core.config.StorageSettings;
import io.ddiffusion.core.events.TaskEvents;
import io.ddiffusion.core.keys.CachingKeyStore;
import io.ddiffusion.core.metrics.TaskMetrics;
import io.ddiffusion.core.keys.KeyStore;
import io.ddiffusion.core.queue.BrokerHealth;
import io.ddiffusion.core.queue.TaskQueue;
import io.ddiffusion.core.storage.BlobStorage;
import io.ddiffusion.core.storage.SignedUrls;
import io.ddiffusion.core.store.RecentTasks;
import io.ddiffusion.core.store.TaskIntake;
import io.ddiffusion.core.store.TaskSnapshots;
import io.ddiffusion.core.store.TaskStore;
import io.ddiffusion.core.uploads.UploadRegistry;
import io.ddiffusion.core.webhooks.WebhookOutbox;
import io.ddiffusion.schema.common.Queue;
import io.ddiffusion.worker.runtime.HandlerRegistry;
import io.ddiffusion.worker.runtime.Janitor;
import io.ddiffusion.worker.runtime.Worker;
import io.ddiffusion.worker.runtime.WorkerOptions;
import io.ddiffusion.worker.runtime.WorkerTracing;
import io.opentelemetry.api.OpenTelemetry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Wires the API process: settings from the environment (through MicroProfile Config, so profiles apply), the
 * implementations chosen by {@link Infrastructure}, and in the {@code ALL} role an in-process worker for every queue
 * plus the janitor.
 */
@Singleton // why: not @ApplicationScoped, whose client proxy would run this constructor (and open everything) twice
public class ApiRuntime {
    private static final Logger LOG = Logger.getLogger(ApiRuntime.class);

    private final Env env;
    private final SharedSettings settings;
    private final ApiSettings api;
    private final Clock clock = Clock.systemUTC();
    private final Infrastructure infrastructure;
    private final AdminKey adminKey;
    private final WebhookSettings webhookSettings;
    private final Telemetry telemetry;
    private WorkerOptions workerOptions;
    private Worker worker;
    private Janitor janitor;
    private IdleHeapTrim heapTrim;

    @Inject
    MeterRegistry registry;
    private TaskMetrics metrics;

    public ApiRuntime() {
        this.env = new Env(name -> ConfigProvider.getConfig().getOptionalValue(name, String.class));
        this.settings = SharedSettings.from(env);
        this.api = ApiSettings.from(env);
        this.adminKey = new AdminKey(AdminKeys.resolve(settings, LOG::info));
        this.webhookSettings = WebhookSettings.from(env, WebhookSecrets.generated(env, settings, LOG::info));
        this.infrastructure = Infrastructure.open(settings, clock);
        this.telemetry = Telemetry.start(Role.current() == Role.ALL ? "ddiffusion-serve" : "ddiffusion-api");
    }

    void start(@Observes StartupEvent event) {
        Role role = Role.current();
        metrics = taskMetrics();
        LOG.infof("deferred-diffusion %s mode, role %s, storage %s, signed URLs at %s",
                settings.distributed() ? "distributed (Redis)" : "embedded", role,
                Infrastructure.describeStorage(settings.storage()), settings.storage().storageAddress());
        KnownVariables.warnUnknown(System.getenv(), LOG::warn);
        infrastructure.watchBroker();
        metrics.queues(infrastructure.queue(), clock);
        if (telemetry.enabled()) {
            LOG.info("Traces exported over OTLP (OTEL_EXPORTER_OTLP_ENDPOINT)");
        }
        if (role == Role.ALL) {
            // why: one SDK for the whole process, so the in-process worker's spans join the API's traces
            WorkerTracing.install(telemetry.openTelemetry());
            workerOptions = WorkerOptions.from(env, EnumSet.allOf(Queue.class));
            worker = new Worker(WorkerIds.next("embedded"), infrastructure.queue(), infrastructure.store(),
                    infrastructure.storage(), HandlerRegistry.load(env), workerOptions, clock, metrics);
            worker.start();
            janitor = new Janitor(infrastructure.store(), infrastructure.storage(), settings.storage()
                    .resultRetention(), clock, infrastructure.uploads());
            janitor.start(Duration.ofHours(1));
        }
        heapTrim = IdleHeapTrim.start().orElse(null);
    }

    void stop(@Observes ShutdownEvent event) {
        if (worker != null) {
            worker.shutdown(workerOptions.shutdownGrace());
        }
        if (janitor != null) {
            janitor.close();
        }
        if (heapTrim != null) {
            heapTrim.close();
        }
        if (worker != null) {
            WorkerTracing.install(OpenTelemetry.noop());
        }
        telemetry.close();
        infrastructure.close();
    }

    /** The process's OpenTelemetry (a no-op unless an OTLP endpoint is configured), for the API's submit spans. */
    @Produces
    @Singleton
    OpenTelemetry openTelemetry() {
        return telemetry.openTelemetry();
    }

    /** The domain metrics, on the registry Quarkus exports at {@code /metrics} on the metrics port. */
    @Produces
    @Singleton
    TaskMetrics taskMetrics() {
        if (metrics == null) {
            metrics = new TaskMetrics(registry);
            // why: provider clients record on the global registry (see TaskMetrics.global), which is Quarkus' root
            // registry already unless something replaced it
            if (registry != io.micrometer.core.instrument.Metrics.globalRegistry) {
                io.micrometer.core.instrument.Metrics.addRegistry(registry);
            }
        }
        return metrics;
    }

    @Produces
    @Singleton
    ApiSettings apiSettings() {
        return api;
    }

    @Produces
    @Singleton
    EventStreamSettings eventStreamSettings() {
        return EventStreamSettings.from(env);
    }

    @Produces
    @Singleton
    TaskEvents events() {
        return infrastructure.events();
    }

    @Produces
    @Singleton
    StorageSettings storageSettings() {
        return settings.storage();
    }

    @Produces
    @Singleton
    ProviderSettings providerSettings() {
        return ProviderSettings.from(env);
    }

    @Produces
    @Singleton
    ComfySettings comfySettings() {
        return ComfySettings.from(env);
    }

    @Produces
    @Singleton
    Clock clock() {
        return clock;
    }

    @Produces
    @Singleton
    AdminKey adminKey() {
        return adminKey;
    }

    @Produces
    @Singleton
    TaskQueue queue() {
        return infrastructure.queue();
    }

    @Produces
    @Singleton
    BrokerHealth brokerHealth() {
        return infrastructure.brokerHealth();
    }

    @Produces
    @Singleton
    TaskStore store() {
        return infrastructure.store();
    }

    @Produces
    @Singleton
    TaskIntake intake() {
        return infrastructure.intake();
    }

    @Produces
    @Singleton
    TaskSnapshots snapshots() {
        return infrastructure.snapshots();
    }

    @Produces
    @Singleton
    RecentTasks recentTasks() {
        return infrastructure.recentTasks();
    }

    @Produces
    @Singleton
    BlobStorage storage() {
        return infrastructure.storage();
    }

    @Produces
    @Singleton
    UploadRegistry uploads() {
        return infrastructure.uploads();
    }

    @Produces
    @Singleton
    WebhookOutbox webhookOutbox() {
        return infrastructure.webhooks();
    }

    @Produces
    @Singleton
    WebhookSettings webhookSettings() {
        return webhookSettings;
    }

    @Produces
    @Singleton
    InputSettings inputSettings() {
        return InputSettings.from(env);
    }

    @Produces
    @Singleton
    KeyStore keys() {
        // why: most requests verify a key; a short cache spares Redis a round trip per request
        return new CachingKeyStore(infrastructure.keys(), Duration.ofSeconds(2), clock);
    }

    @Produces
    @Singleton
    SignedUrls signedUrls() {
        SignedUrls urls = new SignedUrls(settings.keys().signingKey().orElse(adminKey.value()), settings.storage()
                .storageAddress(), settings.storage().signedUrlExpiry(), clock);
        // why: presigned mode hands out the store's links; /api/files still serves the API's links given out before
        return infrastructure.directLinks().map(urls::withDirectLinks).orElse(urls);
    }
}
