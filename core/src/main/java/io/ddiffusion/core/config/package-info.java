/**
 * Settings every role shares, each group read from environment variables ({@link io.ddiffusion.core.config.Env})
 * where it is used: broker, storage, keys, providers. Role- and model-specific groups live with their code.
 */
package io.ddiffusion.core.config;
