package io.ddiffusion.worker.models.onnx;

/** A model failed to load or run; the message names the model and says what went wrong. */
public class InferenceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InferenceException(String message) {
        super(message);
    }

    public InferenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
