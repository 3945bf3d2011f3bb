package io.ddiffusion.api.system;

import io.ddiffusion.core.queue.BrokerHealth;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Liveness, readiness and the way to the docs; no key needed. */
@Path("/")
@Tag(name = "System")
@SecurityRequirements
public class SystemResource {
    /** What a 503 from {@code /health/ready} says; never the client library's text, never the broker's address. */
    static final String BROKER_UNREACHABLE = "the task broker (Redis) is not reachable";
    /** Seconds a load balancer may wait before asking again. */
    static final String RETRY_AFTER = "5";

    @Inject
    Readiness readiness;

    /** The health answer, as the original's. */
    public record Health(String status) {
    }

    /**
     * The API can take requests.
     *
     * @param status {@code ready}
     * @param broker {@code redis} or {@code embedded}
     * @param persistence what the broker keeps across its restart: {@code aof}, {@code rdb}, {@code none},
     *        {@code unknown} or {@code embedded}
     * @param warnings for the operator, e.g. that a Redis restart would lose every task and API key
     */
    public record Ready(
            @Schema(enumeration = "ready") String status,
            @Schema(enumeration = {"redis", "embedded"}) String broker,
            @Schema(enumeration = {"aof", "rdb", "none", "unknown", "embedded"}) String persistence,
            List<String> warnings) {
    }

    /** The API cannot take requests now. */
    public record Unavailable(@Schema(enumeration = "unavailable") String status, String detail) {
    }

    @GET
    @Path("health")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "health_health_get", summary = "Health")
    public Health health() {
        return new Health("healthy");
    }

    /**
     * Readiness for load balancers: 200 while the broker answers a short PING (asked at most once a second), 503
     * with {@code Retry-After} while it does not. {@code /health} stays liveness: it never asks the broker.
     */
    @GET
    @Path("health/ready")
    @Produces(MediaType.APPLICATION_JSON)
    @RunOnVirtualThread
    @Operation(operationId = "health_ready", summary = "Readiness",
            description = "200 while the task broker answers; 503 with Retry-After while it does not. Also says "
                    + "whether the broker keeps tasks and API keys across its restart (persistence) and warns when "
                    + "it does not. /health is liveness only.")
    @APIResponse(responseCode = "200", description = "Ready: the task broker answers",
            content = @Content(schema = @Schema(implementation = Ready.class)))
    @APIResponse(responseCode = "503", description = "Not ready: the task broker is not reachable",
            headers = @Header(name = "Retry-After", description = "seconds to wait before asking again",
                    schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(schema = @Schema(implementation = Unavailable.class)))
    public Response ready() {
        if (!readiness.brokerReachable()) {
            return Response.status(Response.Status.SERVICE_UNAVAILABLE).type(MediaType.APPLICATION_JSON_TYPE)
                    .header("Retry-After", RETRY_AFTER)
                    .entity(new Unavailable("unavailable", BROKER_UNREACHABLE)).build();
        }
        BrokerHealth broker = readiness.broker();
        BrokerHealth.Durability durability = broker.durability();
        return Response.ok(new Ready("ready", broker.broker(), durability.persistence().id(), durability.warnings()))
                .type(MediaType.APPLICATION_JSON_TYPE).build();
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

    /** The admin's dashboard is a static page under /dashboard/ (its relative links need the slash). */
    @GET
    @Path("dashboard")
    @Operation(hidden = true)
    public Response dashboard() {
        return Response.temporaryRedirect(URI.create("/dashboard/")).build();
    }
}
