package io.ddiffusion.app.cli;

import io.quarkus.runtime.annotations.QuarkusMain;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * The distribution's entry point: {@code serve}, {@code api}, {@code worker} and {@code keys}. Roles with an HTTP
 * server start Quarkus; a worker and the key commands run without it, so they start fast and stay small.
 */
@QuarkusMain
public final class Main {
    Main() {
    }

    public static void main(String... args) {
        CommandLine cli = new CommandLine(new RootCommand());
        // why: System.exit below would drop unflushed output, such as the reason a command refused to start
        cli.setOut(new PrintWriter(System.out, true));
        cli.setErr(new PrintWriter(System.err, true));
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("error: " + e.getMessage());
            return 1;
        });
        int code = cli.execute(args.length == 0 ? new String[] {"serve"} : args);
        System.exit(code);
    }
}
