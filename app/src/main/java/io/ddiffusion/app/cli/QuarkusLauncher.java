package io.ddiffusion.app.cli;

import io.ddiffusion.app.AdminKeys;
import io.ddiffusion.app.Infrastructure;
import io.ddiffusion.app.LogFormat;
import io.ddiffusion.app.Role;
import io.ddiffusion.app.StartupException;
import io.ddiffusion.app.Telemetry;
import io.ddiffusion.app.SharedSettings;
import io.ddiffusion.core.config.Env;
import io.ddiffusion.core.config.InvalidSettingException;
import io.quarkus.runtime.Quarkus;

/** Starts Quarkus for a role with an HTTP server, after checking what would make it fail later. */
final class QuarkusLauncher {
    private QuarkusLauncher() {
    }

    static int run(Role role) {
        SharedSettings settings = SharedSettings.from(Env.system());
        try {
            AdminKeys.validate(settings);
            // why here: a bad value found while Quarkus sets up its logging would end in a stack trace
            LogFormat.from(Env.system());
            Telemetry.checkProtocol();
            if (role == Role.API && !settings.distributed()) {
                throw new StartupException("'api' runs the API alone, so workers must reach it through Redis: set "
                        + "DDIFFUSION_REDIS_URL (or use 'serve' to run everything in one process)");
            }
            // why: a wrong bucket or endpoint is one line here, not a stack trace from inside the server's start
            Infrastructure.checkStorage(settings.storage());
        } catch (StartupException | InvalidSettingException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        }
        System.setProperty(Role.PROPERTY, role.name().toLowerCase(java.util.Locale.ROOT));
        Quarkus.run();
        return 0;
    }
}
