package io.ddiffusion.app;

import io.ddiffusion.core.config.BrokerSettings;
import io.ddiffusion.core.config.Env;
import io.ddiffusion.core.config.KeySettings;
import io.ddiffusion.core.config.StorageSettings;

/** The settings every process of an installation shares: where tasks and files live, and the keys. */
public record SharedSettings(BrokerSettings broker, StorageSettings storage, KeySettings keys) {

    public static SharedSettings from(Env env) {
        return new SharedSettings(BrokerSettings.from(env), StorageSettings.from(env), KeySettings.from(env));
    }

    /** Whether API and workers share Redis (otherwise everything runs in one process). */
    public boolean distributed() {
        return broker.distributed();
    }
}
