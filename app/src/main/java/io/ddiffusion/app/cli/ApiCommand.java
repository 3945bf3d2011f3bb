package io.ddiffusion.app.cli;

import io.ddiffusion.app.Role;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** The REST API alone; workers run as separate processes on the same Redis. */
@Command(name = "api", mixinStandardHelpOptions = true,
        description = "Run the REST API only (needs DDIFFUSION_REDIS_URL; workers run elsewhere).")
final class ApiCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return QuarkusLauncher.run(Role.API);
    }
}
