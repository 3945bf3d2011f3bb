package io.ddiffusion.api.http;

import io.ddiffusion.core.keys.ApiKey;
import io.ddiffusion.schema.common.Identity;
import jakarta.enterprise.context.RequestScoped;

/**
 * Who is calling, set for each request by the entrance that authenticated it ({@link AuthFilter} for REST, the MCP
 * gate for tool calls): a user key and the identity headers.
 */
@RequestScoped
public class Caller {
    private ApiKey key;
    private Identity identity;

    public void set(Authenticated who) {
        this.key = who.key();
        this.identity = who.identity();
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
