package io.ddiffusion.core.config;

/** A setting has a value the system cannot use; the message names the variable and what it expects. */
public class InvalidSettingException extends IllegalArgumentException {
    public InvalidSettingException(String message) {
        super(message);
    }
}
