package io.ddiffusion.core.keys;

import java.util.List;
import java.util.Optional;

/** User API keys: create (the token is shown once), verify, list, revoke. Thread-safe. */
public interface KeyStore extends AutoCloseable {

    /**
     * @throws DuplicateKeyNameException when a key with this name exists
     * @throws IllegalArgumentException when the name does not match {@link ApiKeyTokens#NAME}
     */
    CreatedKey create(String name);

    /** The key a token belongs to, when the token is well-formed, known and its secret matches. */
    Optional<ApiKey> verify(String token);

    /** Every key, oldest first. */
    List<ApiKey> list();

    /** Revokes a key at once; false when unknown. */
    boolean delete(String keyId);

    @Override
    default void close() {
    }
}
