package io.ddiffusion.app;

import io.ddiffusion.core.config.Env;
import java.util.Locale;

/** How every role writes its log to the console: {@code DDIFFUSION_LOG_FORMAT}. */
public enum LogFormat {
    /** One readable line per record, as always (the default). */
    TEXT,
    /** One JSON object per line ({@link JsonLogFormatter}), for log collectors. */
    JSON;

    public static final String VARIABLE = "DDIFFUSION_LOG_FORMAT";

    public static LogFormat from(Env env) {
        String value = env.string(VARIABLE, "text");
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "text" -> TEXT;
            case "json" -> JSON;
            default -> throw new StartupException(VARIABLE + " must be text or json, not '" + value + "'");
        };
    }
}
