package io.ddiffusion.worker.providers;

/**
 * A provider call failed. The message names the provider, the model, the HTTP status (when there was one) and the
 * provider's own message, so it can go to the task's {@code error_message} as it is. Never holds credentials.
 */
public class ProviderException extends RuntimeException {
    private final String provider;
    private final String model;
    private final int status;

    public ProviderException(String provider, String model, int status, String providerMessage) {
        super(compose(provider, model, status, providerMessage));
        this.provider = provider;
        this.model = model;
        this.status = status;
    }

    public ProviderException(String provider, String model, String message, Throwable cause) {
        super(compose(provider, model, 0, message), cause);
        this.provider = provider;
        this.model = model;
        this.status = 0;
    }

    public String provider() {
        return provider;
    }

    public String model() {
        return model;
    }

    /** The HTTP status, or 0 when the call failed before a response. */
    public int status() {
        return status;
    }

    private static String compose(String provider, String model, int status, String message) {
        return provider + " " + model + (status > 0 ? " failed with HTTP " + status : " failed") + ": " + message;
    }
}
