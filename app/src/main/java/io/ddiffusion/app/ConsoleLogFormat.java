package io.ddiffusion.app;

import io.ddiffusion.core.config.Env;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.handlers.ConsoleHandler;

/**
 * {@code DDIFFUSION_LOG_FORMAT=json} for the roles that run Quarkus ({@code api}, {@code serve}): Quarkus' console
 * handler gets the {@link JsonLogFormatter} the worker uses, before any other start-up observer runs (JSON from the
 * application's first line on; only Quarkus' own messages from before the application starts, if any, stay text).
 * {@code quarkus-logging-json} would do this at build time, but is not available to this build.
 */
@Singleton
public class ConsoleLogFormat {

    static void apply(@Observes @Priority(1) StartupEvent event) {
        Env env = new Env(name -> ConfigProvider.getConfig().getOptionalValue(name, String.class));
        if (LogFormat.from(env) == LogFormat.JSON) {
            use(Logger.getLogger("").getHandlers(), new JsonLogFormatter());
        }
    }

    /** Sets {@code formatter} on every console handler, also inside Quarkus' wrapping (delayed, async) handlers. */
    static void use(Handler[] handlers, Formatter formatter) {
        for (Handler h : handlers) {
            if (h instanceof ConsoleHandler) {
                h.setFormatter(formatter);
            } else if (h instanceof ExtHandler ext) {
                use(ext.getHandlers(), formatter);
            }
        }
    }
}
