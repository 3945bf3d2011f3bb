package io.ddiffusion.app;

import io.ddiffusion.core.config.Env;
import io.ddiffusion.core.metrics.TaskMetrics;
import io.ddiffusion.schema.common.Queue;
import io.ddiffusion.worker.runtime.HandlerRegistry;
import io.ddiffusion.worker.runtime.Janitor;
import io.ddiffusion.worker.runtime.Worker;
import io.ddiffusion.worker.runtime.WorkerOptions;
import io.ddiffusion.worker.runtime.WorkerTracing;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.jboss.logging.Logger;

/** A worker process without an HTTP server: takes tasks from Redis until it is told to stop (SIGTERM/SIGINT). */
public final class WorkerProcess {
    private static final Logger LOG = Logger.getLogger(WorkerProcess.class);

    private WorkerProcess() {
    }

    /** Runs until the JVM is asked to stop; returns the exit code. */
    public static int run(Env env, Set<Queue> queues) {
        SharedSettings settings = SharedSettings.from(env);
        if (!settings.distributed()) {
            throw new StartupException("a separate worker needs the broker: set DDIFFUSION_REDIS_URL (or use "
                    + "'serve' to run API and workers in one process)");
        }
        KnownVariables.warnUnknown(System.getenv(), LOG::warn);
        WorkerOptions options = WorkerOptions.from(env, queues);
        Clock clock = Clock.systemUTC();
        Infrastructure infra = Infrastructure.open(settings, clock);
        LOG.infof("Storage: %s", Infrastructure.describeStorage(settings.storage()));
        infra.watchBroker();
        Telemetry telemetry = Telemetry.start("ddiffusion-worker");
        WorkerTracing.install(telemetry.openTelemetry());
        if (telemetry.enabled()) {
            LOG.info("Traces exported over OTLP (OTEL_EXPORTER_OTLP_ENDPOINT)");
        }
        Optional<MetricsServer> metrics = MetricsServer.start(env);
        TaskMetrics taskMetrics = metrics.map(m -> new TaskMetrics(m.registry())).orElseGet(TaskMetrics::discarding);
        metrics.ifPresent(m -> LOG.infof("Metrics at http://%s:%d/metrics", MetricsServer.host(env), m.port()));
        Worker worker = new Worker(WorkerIds.next("worker"), infra.queue(), infra.store(), infra.storage(),
                HandlerRegistry.load(env), options, clock, taskMetrics);
        Janitor janitor = new Janitor(infra.store(), infra.storage(), settings.storage().resultRetention(), clock,
                infra.uploads());
        CountDownLatch stopped = new CountDownLatch(1);
        Optional<IdleHeapTrim> heapTrim = IdleHeapTrim.start();
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
            heapTrim.ifPresent(IdleHeapTrim::close);
            worker.shutdown(options.shutdownGrace());
            telemetry.close();
            janitor.close();
            infra.close();
            metrics.ifPresent(MetricsServer::close);
            stopped.countDown();
        }));
        worker.start();
        janitor.start(Duration.ofHours(1));
        LOG.infof("Worker %s ready", worker.id());
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
