package io.ddiffusion.api.http;

import io.ddiffusion.core.tracing.TraceNames;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.UUID;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Puts the task id of a request about one task ({@code GET} or {@code DELETE /api/images/{id}}, the admin's task
 * routes) in the log context, so its log lines carry {@code task_id} ({@code DDIFFUSION_LOG_FORMAT=json}); a create
 * gets its own from the submit (see the task submitter). Quarkus keeps the context per request, across the threads
 * that serve it.
 */
public class TaskLogContext {

    @ServerRequestFilter
    public void enter(ContainerRequestContext ctx) {
        String id = ctx.getUriInfo().getPathParameters().getFirst("id");
        if (id != null && isUuid(id)) {
            MDC.put(TraceNames.MDC_TASK_ID, id);
        }
    }

    @ServerResponseFilter
    public void leave() {
        MDC.remove(TraceNames.MDC_TASK_ID);
    }

    private static boolean isUuid(String s) {
        try {
            UUID.fromString(s);
            return s.length() == 36;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
