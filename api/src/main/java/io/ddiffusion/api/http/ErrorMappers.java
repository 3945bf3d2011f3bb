package io.ddiffusion.api.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.ddiffusion.core.queue.BrokerUnavailableException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToLongFunction;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place exceptions become HTTP answers. Validation problems of every origin (Bean Validation, malformed
 * JSON, wrong types, our own checks) become 422 {@code {detail: [{loc, msg, type}]}}; everything else
 * {@code {detail: "..."}}. Nothing from inside the server (exception text, stack traces) reaches a client.
 */
public class ErrorMappers {
    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @Inject
    BodyShifts shifts;

    @ServerExceptionMapper
    public Response api(ApiException e) {
        Response.ResponseBuilder b = Response.status(e.status()).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorResponses.Detail(e.getMessage()));
        e.headers().forEach(b::header);
        return b.build();
    }

    @ServerExceptionMapper
    public Response validation(ValidationException e) {
        return unprocessable(e.problems());
    }

    @ServerExceptionMapper
    public Response constraints(ConstraintViolationException e) {
        List<ValidationProblem> problems = new ArrayList<>();
        for (ConstraintViolation<?> v : e.getConstraintViolations()) {
            problems.add(new ValidationProblem(location(v.getPropertyPath()), v.getMessage(), constraintType(v)));
        }
        problems.sort(Comparator.comparing(p -> p.loc().toString()));
        return unprocessable(problems);
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        return unprocessable(List.of(jsonProblem(e, shifts::column)));
    }

    /** Quarkus maps this one to an empty 400 by itself; the more specific mapper here wins. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public Response invalidFormat(InvalidFormatException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public Response invalidField(InvalidFieldException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException json) {
            return json(json);
        }
        int status = e.getResponse().getStatus();
        String detail = switch (status) {
            case 400 -> "Bad request: the body must be JSON matching the schema";
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 406 -> "Not acceptable: this route answers application/json";
            case 413 -> "Request body too large";
            case 415 -> "Unsupported media type: send Content-Type: application/json";
            default -> status >= 500 ? "Internal server error" : "Request failed";
        };
        if (status >= 500) {
            LOG.error("Request failed", e);
        }
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorResponses.Detail(detail)).build();
    }

    /** As the REST mapper answers {@code e}, for callers outside a REST request (MCP). */
    public Response unexpected(Throwable e) {
        return unexpected(e, null);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, HttpServerRequest request) {
        if (fromBroker(e)) {
            // why: Redis down or unreachable is not the client's fault and not a bug: tell them to come back
            LOG.errorf("Broker unavailable: %s", e.getMessage());
            return Response.status(503).type(MediaType.APPLICATION_JSON_TYPE).header("Retry-After", "5")
                    .entity(new ErrorResponses.Detail("The task broker is unavailable; please retry shortly"))
                    .build();
        }
        if (closedByClient(e)) {
            // why: a client that hangs up mid-body (or whose broken chunked body made us hang up) is no server error
            JunkLog.refused("closed-mid-request", "A request was dropped: its connection closed before its body "
                    + "was read");
            return Response.status(400).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new ErrorResponses.Detail("Bad request: the connection closed before the body was read"))
                    .build();
        }
        if (e instanceof java.io.IOException && answeredTooLarge(request)) {
            // why: the transport refused a chunked body over the limit and has answered 413 itself (ChunkGuard gives
            // that answer our body); the reader only learns of it now, and nothing of this goes out
            return Response.status(413).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new ErrorResponses.Detail("Request body too large")).build();
        }
        if (malformedMultipart(e)) {
            // why: the form parser ends a body that stops before its closing boundary with a bare IOException
            JunkLog.refused("malformed-multipart", "A multipart request was refused: its body is not complete "
                    + "multipart/form-data");
            return Response.status(400).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new ErrorResponses.Detail("Bad request: the body is not complete multipart/form-data "
                            + "(parts separated by the boundary of its Content-Type, ending with the closing "
                            + "boundary)"))
                    .build();
        }
        // why: the client gets no exception text, the log gets everything
        LOG.error("Unexpected error", e);
        return Response.status(500).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorResponses.Detail("Internal server error")).build();
    }

    /** An I/O error raised by the server's multipart form parser: the body, not the server, is broken. */
    private static boolean malformedMultipart(Throwable e) {
        if (!(e instanceof java.io.IOException)) {
            return false;
        }
        for (StackTraceElement frame : e.getStackTrace()) {
            if (frame.getClassName().contains(".multipart.MultiPartParserDefinition")) {
                return true;
            }
        }
        return false;
    }

    /** Whether the transport has already answered this request with 413 (a streamed body over the limit). */
    private static boolean answeredTooLarge(HttpServerRequest request) {
        return request != null && request.response().headWritten()
                && request.response().getStatusCode() == 413;
    }

    /**
     * The connection closed under a body being read: the client hung up, or the transport closed it after refusing a
     * chunked body over the limit (a reader that starts then finds the channel closed).
     */
    private static boolean closedByClient(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof HttpClosedException || t instanceof java.nio.channels.ClosedChannelException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code e} says the broker is away: translated at the broker's edge, or (for a call that bypassed the
     * translation) straight from the Redis client, which the api module does not depend on, so by package.
     */
    static boolean fromBroker(Throwable e) {
        if (BrokerUnavailableException.isCause(e)) {
            return true;
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getClass().getName().startsWith("io.lettuce.core.")) {
                return true;
            }
        }
        return false;
    }

    static Response unprocessable(List<ValidationProblem> problems) {
        return Response.status(422).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorResponses.ValidationDetail(problems)).build();
    }

    /** {@code create.request.references[0].image} → {@code ["body", "references", 0, "image"]}. */
    static List<Object> location(Path path) {
        List<Object> loc = new ArrayList<>();
        int depth = 0;
        String where = "body";
        for (Path.Node node : path) {
            depth++;
            if (depth == 1) {
                continue; // the method name
            }
            if (depth == 2) {
                where = parameterLocation(node.getName());
                loc.add(where);
                if (!where.equals("body")) {
                    loc.add(node.getName());
                }
                continue;
            }
            if (node.getIndex() != null && node.getName() != null && node.getKind() != jakarta.validation.ElementKind
                    .CONTAINER_ELEMENT) {
                loc.add(node.getIndex());
            }
            if (node.getName() != null && !node.getName().startsWith("<")) {
                loc.add(snake(node.getName()));
            } else if (node.getIndex() != null) {
                loc.add(node.getIndex());
            }
        }
        if (loc.isEmpty()) {
            loc.add(where);
        }
        return List.copyOf(loc);
    }

    private static String parameterLocation(String name) {
        return switch (name) {
            case "id", "keyId", "path" -> "path";
            case "name", "expires", "sig" -> "query";
            default -> "body";
        };
    }

    private static String constraintType(ConstraintViolation<?> v) {
        String annotation = v.getConstraintDescriptor().getAnnotation().annotationType().getSimpleName();
        return switch (annotation) {
            case "Min", "DecimalMin" -> "greater_than_equal";
            case "Max", "DecimalMax" -> "less_than_equal";
            case "Size" -> "length";
            case "NotNull", "NotBlank", "NotEmpty" -> "missing";
            case "Pattern" -> "string_pattern_mismatch";
            default -> "value_error";
        };
    }

    public static ValidationProblem jsonProblem(JsonProcessingException e) {
        return jsonProblem(e, JsonLocation::getColumnNr);
    }

    /** @param column the column of a location in the text as the client sent it */
    private static ValidationProblem jsonProblem(JsonProcessingException e, ToLongFunction<JsonLocation> column) {
        List<Object> loc = new ArrayList<>();
        loc.add("body");
        if (e instanceof JsonMappingException m) {
            for (JsonMappingException.Reference ref : m.getPath()) {
                if (ref.getFieldName() != null) {
                    loc.add(ref.getFieldName());
                } else if (ref.getIndex() >= 0) {
                    loc.add(ref.getIndex());
                }
            }
        }
        if (e instanceof com.fasterxml.jackson.core.exc.InputCoercionException
                || e.getCause() instanceof com.fasterxml.jackson.core.exc.InputCoercionException) {
            return new ValidationProblem(loc, "is out of range", "number_out_of_range");
        }
        if (e instanceof InvalidFieldException f) {
            return new ValidationProblem(loc, f.getOriginalMessage(), f.type());
        }
        if (e instanceof ValueInstantiationException vi && vi.getCause() instanceof IllegalArgumentException iae) {
            return new ValidationProblem(loc, iae.getMessage(), "enum");
        }
        if (e instanceof InvalidFormatException f) {
            Class<?> target = f.getTargetType();
            if (target != null && target.isEnum()) {
                return new ValidationProblem(loc, "must be one of " + enumValues(target) + ", got '" + f.getValue()
                        + "'", "enum");
            }
            return new ValidationProblem(loc, "must be " + typeName(target) + ", got '" + f.getValue() + "'",
                    "type_error");
        }
        if (e instanceof MismatchedInputException mi) {
            Class<?> target = mi.getTargetType();
            if (loc.size() == 1) {
                return new ValidationProblem(loc, "the body must be a JSON object", "model_attributes_type");
            }
            return new ValidationProblem(loc, "must be " + typeName(target), "type_error");
        }
        if (e instanceof JsonMappingException) {
            return new ValidationProblem(loc, "invalid value", "value_error");
        }
        String location = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                + column.applyAsLong(e.getLocation());
        return new ValidationProblem(List.of("body"), "malformed JSON" + location, "json_invalid");
    }

    private static String enumValues(Class<?> type) {
        List<String> names = new ArrayList<>();
        for (Object c : type.getEnumConstants()) {
            try {
                var m = type.getMethod("id");
                names.add("'" + m.invoke(c) + "'");
            } catch (ReflectiveOperationException ex) {
                names.add("'" + ((Enum<?>) c).name() + "'");
            }
        }
        return String.join(", ", names);
    }

    private static String typeName(Class<?> t) {
        if (t == null) {
            return "a valid value";
        }
        if (t == Integer.class || t == int.class || t == Long.class || t == long.class) {
            return "an integer";
        }
        if (t == Double.class || t == double.class || t == Float.class) {
            return "a number";
        }
        if (t == Boolean.class || t == boolean.class) {
            return "a boolean";
        }
        if (t == String.class) {
            return "a string";
        }
        if (List.class.isAssignableFrom(t)) {
            return "a list";
        }
        if (java.util.Map.class.isAssignableFrom(t) || t.isRecord()) {
            return "an object";
        }
        return "a valid " + t.getSimpleName();
    }

    private static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
