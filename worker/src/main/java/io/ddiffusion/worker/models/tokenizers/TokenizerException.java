package io.ddiffusion.worker.models.tokenizers;

/** Tokenizer files are missing or malformed; the message names the file and what is wrong with it. */
public class TokenizerException extends RuntimeException {

    public TokenizerException(String message) {
        super(message);
    }

    public TokenizerException(String message, Throwable cause) {
        super(message, cause);
    }
}
