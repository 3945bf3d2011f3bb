package io.ddiffusion.app.cli;

import io.ddiffusion.app.PlainLogging;
import io.ddiffusion.app.WorkerProcess;
import io.ddiffusion.core.config.Env;
import io.ddiffusion.schema.common.Queue;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** A worker process for some queues, on Redis. */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = "Run a worker (needs DDIFFUSION_REDIS_URL). Concurrency and time limits per queue come from "
                + "DDIFFUSION_<QUEUE>_CONCURRENCY, _SOFT_TIME_LIMIT and _HARD_TIME_LIMIT.")
final class WorkerCommand implements Callable<Integer> {
    @Option(names = {"-q", "--queues"}, split = ",", description = "Queues to serve: gpu, cpu, comfy "
            + "(default: all).")
    List<String> queues;

    @Override
    public Integer call() {
        PlainLogging.install();
        Set<Queue> served = EnumSet.noneOf(Queue.class);
        if (queues == null || queues.isEmpty()) {
            served.addAll(EnumSet.allOf(Queue.class));
        } else {
            queues.forEach(q -> served.add(Queue.fromId(q)));
        }
        return WorkerProcess.run(Env.system(), served);
    }
}
