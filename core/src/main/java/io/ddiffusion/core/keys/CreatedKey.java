package io.ddiffusion.core.keys;

/** A new key: the full token {@code dd_<id>_<secret>} is shown this one time only. */
public record CreatedKey(String token, ApiKey key) {
}
