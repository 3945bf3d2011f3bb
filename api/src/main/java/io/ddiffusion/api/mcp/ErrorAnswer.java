package io.ddiffusion.api.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddiffusion.api.http.ApiException;
import io.ddiffusion.api.http.ErrorMappers;
import io.ddiffusion.api.http.ErrorResponses;
import io.ddiffusion.api.http.ValidationException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the REST API answers for an exception (status, headers, body), taken from the same {@link ErrorMappers}, so an
 * MCP client reads the same messages a REST client does, and nothing from inside the server.
 */
record ErrorAnswer(int status, Map<String, String> headers, Object body) {

    static ErrorAnswer of(Throwable e) {
        ErrorMappers mappers = new ErrorMappers();
        Response r = switch (e) {
            case ApiException api -> mappers.api(api);
            case ValidationException validation -> mappers.validation(validation);
            case ConstraintViolationException constraints -> mappers.constraints(constraints);
            case JsonProcessingException json -> mappers.json(json);
            default -> mappers.unexpected(e);
        };
        Map<String, String> headers = new LinkedHashMap<>();
        r.getStringHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type")) {
                headers.put(name, String.join(", ", values));
            }
        });
        return new ErrorAnswer(r.getStatus(), Map.copyOf(headers), r.getEntity());
    }

    /** The REST body with the status in front: {@code {"status": 422, "detail": [...]}}. */
    String toJson(ObjectMapper json) {
        ObjectNode node = json.createObjectNode().put("status", status);
        JsonNode rest = json.valueToTree(body);
        node.set("detail", rest.get("detail"));
        return node.toString();
    }

    /** One line for people: the detail, or the first validation problem. */
    String message() {
        return switch (body) {
            case ErrorResponses.Detail d -> d.detail();
            case ErrorResponses.ValidationDetail v when !v.detail().isEmpty() -> v.detail().getFirst().loc() + " "
                    + v.detail().getFirst().msg();
            default -> "Request failed";
        };
    }
}
