package io.ddiffusion.app;

/** The process cannot start as configured; the message says what to change. */
public class StartupException extends RuntimeException {
    public StartupException(String message) {
        super(message);
    }
}
