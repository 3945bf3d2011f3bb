package io.ddiffusion.app;

import java.util.Locale;

/** What a process of the one distribution does. */
public enum Role {
    /** API and workers for every queue in one process (the embedded default of {@code ddiffusion serve}). */
    ALL,
    /** The REST API only; workers run elsewhere on the same Redis. */
    API;

    /** The system property the CLI sets before starting Quarkus. */
    public static final String PROPERTY = "ddiffusion.role";

    /** The role the CLI chose (a system property), or one a test profile sets through configuration. */
    public static Role current() {
        String role = org.eclipse.microprofile.config.ConfigProvider.getConfig().getOptionalValue(PROPERTY,
                String.class).orElse("all");
        return valueOf(role.toUpperCase(Locale.ROOT));
    }
}
