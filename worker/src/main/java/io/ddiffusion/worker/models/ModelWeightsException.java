package io.ddiffusion.worker.models;

/** The weights of a local model cannot be made available; the message names the model and what to do about it. */
public class ModelWeightsException extends RuntimeException {

    public ModelWeightsException(String message) {
        super(message);
    }

    public ModelWeightsException(String message, Throwable cause) {
        super(message, cause);
    }
}
