package io.ddiffusion.app;

import io.ddiffusion.core.config.Env;
import io.quarkus.logging.LoggingFilter;
import java.util.Map;
import java.util.logging.Filter;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.handlers.ConsoleHandler;

/**
 * {@code DDIFFUSION_LOG_FORMAT=json} for the roles that run Quarkus ({@code api}, {@code serve}): gives Quarkus'
 * console handler the {@link JsonLogFormatter} the worker uses. Quarkus sets no formatter of ours (that would take
 * {@code quarkus-logging-json}, not available to this build), but it does install the console's filter
 * ({@code quarkus.log.console.filter}) before the console writes anything: so this filter, asked about the first
 * record, swaps the formatter that then formats it, and lets every record through.
 */
@LoggingFilter(name = "ddiffusion-log-format")
public final class ConsoleLogFormat implements Filter {
    private final boolean json;
    private volatile boolean applied;

    public ConsoleLogFormat(@ConfigProperty(name = LogFormat.VARIABLE, defaultValue = "text") String format) {
        this.json = LogFormat.from(Env.of(Map.of(LogFormat.VARIABLE, format))) == LogFormat.JSON;
    }

    @Override
    public boolean isLoggable(LogRecord record) {
        if (!applied) {
            applied = true;
            if (json) {
                use(Logger.getLogger("").getHandlers(), new JsonLogFormatter());
            }
        }
        return true;
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
