package io.ddiffusion.api.http;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses a request whose {@code Content-Type} header is not one media type (such as {@code application/json,
 * text/plain}) with 415 before any route is chosen. Where two methods share a path and differ by what they consume
 * ({@code POST /api/uploads}: a raw body or a form), the framework parses the header to choose, and an unparseable
 * one used to escape as a 500.
 */
public class ContentTypeCheck {

    @ServerRequestFilter(preMatching = true)
    public void singleMediaType(ContainerRequestContext ctx) {
        String header = ctx.getHeaderString("Content-Type");
        if (header == null || header.isBlank()) {
            return;
        }
        try {
            MediaType.valueOf(header);
        } catch (IllegalArgumentException e) {
            throw new ApiException(415, "Unsupported media type: the Content-Type header is not a single media type "
                    + "(send one, such as application/json)");
        }
    }
}
