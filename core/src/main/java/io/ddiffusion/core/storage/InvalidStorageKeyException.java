package io.ddiffusion.core.storage;

/** A storage key is malformed or tries to leave the storage root. */
public class InvalidStorageKeyException extends IllegalArgumentException {
    public InvalidStorageKeyException(String message) {
        super(message);
    }
}
