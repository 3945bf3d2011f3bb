package io.ddiffusion.core.media;

/**
 * A string is not acceptable base64; the message is a predicate meant to follow the field name, e.g.
 * {@code "is not valid base64 (illegal character '%' at position 17)"}.
 */
public class InvalidBase64Exception extends Exception {
    public InvalidBase64Exception(String message) {
        super(message);
    }
}
