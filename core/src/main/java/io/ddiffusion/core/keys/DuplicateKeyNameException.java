package io.ddiffusion.core.keys;

/** A key with the requested name exists already. */
public class DuplicateKeyNameException extends RuntimeException {
    public DuplicateKeyNameException(String name) {
        super("Key name already exists: " + name);
    }
}
