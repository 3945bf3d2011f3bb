package io.ddiffusion.api.http;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Refuses a body whose Content-Length is over DDIFFUSION_MAX_BODY_MB with a 413 that says so. It runs just before
 * the transport's own limit (the same size, see application.properties), which would answer an empty 413 first and
 * keep {@link AuthFilter#limitBody} from ever seeing the request.
 */
@ApplicationScoped
public class BodyLimitRoute {

    void install(@Observes Router router, ApiSettings settings) {
        long limit = settings.maxBodyBytes();
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(ctx -> {
            String length = ctx.request().getHeader("Content-Length");
            if (length != null) {
                try {
                    if (Long.parseLong(length.trim()) > limit) {
                        ctx.response().setStatusCode(413)
                                .putHeader("Content-Type", "application/json")
                                .putHeader("Connection", "close")
                                .end(new JsonObject().put("detail", AuthFilter.tooLarge(length.trim(), limit))
                                        .encode());
                        return;
                    }
                } catch (NumberFormatException e) {
                    // left to AuthFilter#limitBody, which answers 400
                }
            }
            ctx.next();
        });
    }
}
