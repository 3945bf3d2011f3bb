package io.ddiffusion.app.cli;

import io.ddiffusion.app.Role;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** API and workers for every queue in one process; embedded broker and store unless a Redis URL is set. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the API and workers for every queue in one process (embedded unless "
                + "DDIFFUSION_REDIS_URL is set).")
final class ServeCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return QuarkusLauncher.run(Role.ALL);
    }
}
