package io.ddiffusion.api.http;

import io.ddiffusion.core.keys.ApiKey;
import io.ddiffusion.schema.common.Identity;
import jakarta.enterprise.context.RequestScoped;

/** Who is calling, set by {@link AuthFilter} for each request: a user key and the identity headers. */
@RequestScoped
public class Caller {
    private ApiKey key;
    private Identity identity;

    void set(ApiKey key, Identity identity) {
        this.key = key;
        this.identity = identity;
    }

    /** The key that authenticated this request. */
    public ApiKey key() {
        if (key == null) {
            throw new ApiException(401, "Not authenticated");
        }
        return key;
    }

    public Identity identity() {
        return identity;
    }
}
