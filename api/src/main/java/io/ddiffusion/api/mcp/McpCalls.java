package io.ddiffusion.api.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ddiffusion.api.http.ApiException;
import io.ddiffusion.api.http.Authenticated;
import io.ddiffusion.api.http.Backlog;
import io.ddiffusion.api.http.Caller;
import io.ddiffusion.api.http.ErrorMappers;
import io.ddiffusion.api.http.ValidationException;
import io.ddiffusion.api.http.ValidationProblem;
import io.quarkiverse.mcp.server.RawMessage;
import io.quarkiverse.mcp.server.ToolCallException;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs a tool call the way a REST request runs: as the caller {@link McpGate} admitted, through the REST resource's
 * own method (so the same Bean Validation, capability rules, base64 decoding and ownership checks apply), with any
 * failure answered as a tool error that carries the REST status and body.
 */
@ApplicationScoped
public class McpCalls {
    @Inject
    CurrentVertxRequest request;
    @Inject
    Caller caller;
    @Inject
    Backlog backlog;
    @Inject
    ObjectMapper json;

    /** A read, a cancel or a listing. */
    public <T> T run(Supplier<T> call) {
        try {
            Authenticated who = McpGate.admitted(request.getCurrent());
            if (who == null) {
                throw new ApiException(401, "Not authenticated: send the header 'Authorization: Bearer <api key>'");
            }
            caller.set(who);
            return call.get();
        } catch (RuntimeException e) {
            throw new ToolCallException(ErrorAnswer.of(e).toJson(json));
        }
    }

    /**
     * A submit: the backlog guard, then the tool's arguments read into {@code type} by the same JSON mapper as a REST
     * body, then the resource's create.
     */
    public <R, T> T submit(RawMessage message, Class<R> type, Function<R, T> create) {
        return run(() -> {
            backlog.check();
            return create.apply(arguments(message, type));
        });
    }

    private <R> R arguments(RawMessage message, Class<R> type) {
        JsonObject params = message.asJsonObject().getJsonObject("params");
        Object arguments = params == null ? null : params.getValue("arguments");
        if (arguments != null && !(arguments instanceof JsonObject)) {
            throw new ValidationException(ValidationProblem.body("the arguments must be a JSON object",
                    "model_attributes_type"));
        }
        try {
            return json.readValue(arguments == null ? "{}" : ((JsonObject) arguments).encode(), type);
        } catch (JsonProcessingException e) {
            throw new ValidationException(ErrorMappers.jsonProblem(e));
        }
    }
}
