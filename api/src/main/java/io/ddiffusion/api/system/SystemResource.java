package io.ddiffusion.api.system;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Liveness and the way to the docs; no key needed. */
@Path("/")
@Tag(name = "System")
@SecurityRequirements
public class SystemResource {

    /** The health answer, as the original's. */
    public record Health(String status) {
    }

    @GET
    @Path("health")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "health_health_get", summary = "Health")
    public Health health() {
        return new Health("healthy");
    }

    @GET
    @Operation(operationId = "root__get", summary = "Swagger UI")
    public Response root() {
        return Response.temporaryRedirect(URI.create("/docs")).build();
    }

    /** The original's clients open {@code /redoc} from their Documentation buttons; the docs live at /docs. */
    @GET
    @Path("redoc")
    @Operation(hidden = true)
    public Response redoc() {
        return Response.temporaryRedirect(URI.create("/docs")).build();
    }
}
