package io.ddiffusion.app.cli;

import io.quarkus.runtime.annotations.QuarkusMain;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * The distribution's entry point: {@code serve}, {@code api}, {@code worker}, {@code keys} and {@code models}. Roles with an HTTP
 * server start Quarkus; a worker and the key commands run without it, so they start fast and stay small.
 */
@QuarkusMain
public final class Main {
    Main() {
    }

    public static void main(String... args) {
        // why: System.exit below would drop unflushed output, such as the reason a command refused to start
        CommandLine cli = commandLine(new RootCommand(), new PrintWriter(System.out, true),
                new PrintWriter(System.err, true));
        int code = cli.execute(args.length == 0 ? new String[] {"serve"} : args);
        System.exit(code);
    }

    /** The command line as the distribution runs it: a failing command prints its message, not a stack trace. */
    static CommandLine commandLine(Object command, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(command);
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("error: " + e.getMessage());
            return 1;
        });
        return cli;
    }
}
