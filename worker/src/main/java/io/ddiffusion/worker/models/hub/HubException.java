package io.ddiffusion.worker.models.hub;

/** A Hub download failed; the message names the repo and file. */
public class HubException extends RuntimeException {

    public HubException(String message) {
        super(message);
    }

    public HubException(String message, Throwable cause) {
        super(message, cause);
    }
}
