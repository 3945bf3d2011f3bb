package io.ddiffusion.app.cli;

import io.ddiffusion.app.Infrastructure;
import io.ddiffusion.app.PlainLogging;
import io.ddiffusion.app.SharedSettings;
import io.ddiffusion.core.config.Env;
import io.ddiffusion.core.keys.ApiKey;
import io.ddiffusion.core.keys.CreatedKey;
import io.ddiffusion.core.keys.DuplicateKeyNameException;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * API keys from the command line, on the same key store the API uses (the key file in the data directory, or Redis):
 * works while a server runs, without the admin key.
 */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Create, list and delete API keys.",
        subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Delete.class})
final class KeysCommand {

    static Infrastructure open() {
        PlainLogging.install();
        return Infrastructure.open(SharedSettings.from(Env.system()), Clock.systemUTC());
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a key; prints it once.")
    static final class Create implements Callable<Integer> {
        @Parameters(paramLabel = "NAME", description = "3-50 letters, digits, spaces, '_' or '-'")
        String name;
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try (Infrastructure infra = open()) {
                CreatedKey key = infra.keys().create(name);
                spec.commandLine().getOut().println(key.token());
                spec.commandLine().getErr().println("Created key '" + key.key().name() + "' (id "
                        + key.key().keyId() + "). It is shown only now: use it as 'Authorization: Bearer <key>'.");
                return 0;
            } catch (DuplicateKeyNameException e) {
                spec.commandLine().getErr().println("error: a key named '" + name + "' exists already");
                return 1;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List keys (never their secrets).")
    static final class ListKeys implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try (Infrastructure infra = open()) {
                for (ApiKey k : infra.keys().list()) {
                    spec.commandLine().getOut().printf("%s\t%s\t%s%n", k.keyId(), k.createdAt(), k.name());
                }
                return 0;
            }
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Revoke a key at once.")
    static final class Delete implements Callable<Integer> {
        @Parameters(paramLabel = "KEY_ID")
        String keyId;
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try (Infrastructure infra = open()) {
                if (!infra.keys().delete(keyId)) {
                    spec.commandLine().getErr().println("error: no key with id " + keyId);
                    return 1;
                }
                spec.commandLine().getErr().println("Deleted key " + keyId);
                return 0;
            }
        }
    }
}
