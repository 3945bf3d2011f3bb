package io.ddiffusion.api.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.ddiffusion.api.http.ApiException;
import io.ddiffusion.core.keys.ApiKey;
import io.ddiffusion.core.keys.CreatedKey;
import io.ddiffusion.core.keys.DuplicateKeyNameException;
import io.ddiffusion.core.keys.KeyStore;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/** API key management with the admin key: create (the token is shown once), list, revoke. */
@Path("/api/admin/keys")
@Tag(name = "Admin")
@RunOnVirtualThread
@Produces(MediaType.APPLICATION_JSON)
public class KeysResource {
    private static final Logger LOG = Logger.getLogger(KeysResource.class);

    @Inject
    KeyStore keys;

    /** A new key; {@code api_key} is shown this one time. */
    public record KeyCreated(@JsonProperty("api_key") String apiKey, String name,
            @JsonProperty("key_id") String keyId) {
    }

    /** Answer to a revocation. */
    public record KeyDeleted(boolean deleted) {
    }

    @POST
    @Operation(operationId = "keys_create", summary = "Create an API key")
    public KeyCreated create(@QueryParam("name") @NotNull(message = "is required")
            @Pattern(regexp = "^[a-zA-Z0-9 _-]{3,50}$",
                    message = "must be 3-50 letters, digits, spaces, '_' or '-'") String name) {
        try {
            CreatedKey created = keys.create(name);
            LOG.infof("API key created: %s (%s)", created.key().name(), created.key().keyId());
            return new KeyCreated(created.token(), created.key().name(), created.key().keyId());
        } catch (DuplicateKeyNameException e) {
            throw new ApiException(409, "Key name already exists");
        }
    }

    @GET
    @Operation(operationId = "keys_list", summary = "List API keys")
    public List<ApiKey> list() {
        return keys.list();
    }

    @DELETE
    @Path("/{key_id}")
    @Operation(operationId = "keys_delete", summary = "Revoke an API key")
    public KeyDeleted delete(@PathParam("key_id") String keyId) {
        if (!keys.delete(keyId)) {
            throw ApiException.notFound("Key not found");
        }
        LOG.infof("API key revoked: %s", keyId);
        return new KeyDeleted(true);
    }
}
