package io.ddiffusion.app;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Priorities;
import jakarta.annotation.Priority;

/**
 * Turns Quarkus' CORS filter on exactly when DDIFFUSION_CORS_ORIGINS names origins (application.properties maps the
 * list and the allowed methods and headers). Unset, there is no CORS filter at all, as before: an enabled filter
 * without origins would refuse every request whose Origin differs, Swagger UI behind a proxy included.
 */
@Priority(Priorities.APPLICATION)
public class CorsSwitch implements ConfigSourceInterceptor {
    static final String ENABLED = "quarkus.http.cors.enabled";
    static final String ORIGINS = "DDIFFUSION_CORS_ORIGINS";

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        if (ENABLED.equals(name)) {
            // why: restart, not proceed, so the origins resolve through every source and profile (env, tests)
            ConfigValue origins = context.restart(ORIGINS);
            if (origins != null && origins.getValue() != null && !origins.getValue().isBlank()) {
                return ConfigValue.builder().withName(name).withValue("true").withConfigSourceName(ORIGINS)
                        .build();
            }
        }
        return context.proceed(name);
    }
}
