package io.ddiffusion.app.cli;

import picocli.CommandLine.Command;

/** {@code ddiffusion}: one distribution, several roles. */
@Command(name = "ddiffusion", mixinStandardHelpOptions = true, version = "deferred-diffusion 0.1.0",
        description = "Self-hosted AI inference: a typed task API, a broker and stateless workers.",
        subcommands = {ServeCommand.class, ApiCommand.class, WorkerCommand.class, KeysCommand.class,
                ModelsCommand.class})
public final class RootCommand {
}
