package io.ddiffusion.api.http;

import io.ddiffusion.schema.common.ModelSpec;
import io.ddiffusion.schema.images.ImageModel;
import io.ddiffusion.schema.texts.TextModel;
import io.ddiffusion.schema.videos.VideoModel;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * Completes the OpenAPI document from the code's own tables: the model registries as Markdown tables on the create
 * routes (as the original's), the API-key security scheme, and the error answers every route can give.
 */
public class ApiDocumentation implements OASFilter {
    static final String SCHEME = "APIKeyHeader";

    @Override
    public void filterOpenAPI(OpenAPI api) {
        api.getComponents().addSecurityScheme(SCHEME, OASFactory.createSecurityScheme()
                .type(SecurityScheme.Type.APIKEY).in(SecurityScheme.In.HEADER).name("Authorization")
                .description("An API key: 'Bearer dd_<id>_<secret>'. Admin routes take the admin key."));
        api.getComponents().addSchema("ValidationProblem", OASFactory.createSchema()
                .type(List.of(org.eclipse.microprofile.openapi.models.media.Schema.SchemaType.OBJECT))
                .addProperty("loc", OASFactory.createSchema().type(List.of(
                        org.eclipse.microprofile.openapi.models.media.Schema.SchemaType.ARRAY)))
                .addProperty("msg", OASFactory.createSchema().type(List.of(
                        org.eclipse.microprofile.openapi.models.media.Schema.SchemaType.STRING)))
                .addProperty("type", OASFactory.createSchema().type(List.of(
                        org.eclipse.microprofile.openapi.models.media.Schema.SchemaType.STRING))));
        if (api.getPaths() == null) {
            return;
        }
        api.getPaths().getPathItems().forEach((path, item) -> item.getOperations().forEach((method, op) -> {
            if (!path.startsWith("/api/")) {
                return;
            }
            describe(op);
            if (path.endsWith("/events")) {
                describeEvents(op);
            }
            if (!path.startsWith("/api/files/")) {
                op.addSecurityRequirement(OASFactory.createSecurityRequirement().addScheme(SCHEME));
                addError(op, "401", "Missing API key");
                addError(op, "403", path.startsWith("/api/admin") ? "Not the admin key" : "Invalid or revoked key");
            } else {
                op.setSecurity(List.<SecurityRequirement>of());
                addError(op, "403", "Invalid or expired signature, or invalid path");
                addError(op, "404", "File not found");
                addError(op, "416", "Range not satisfiable");
            }
            addValidation(op);
            if (path.contains("{id}") || path.contains("{key_id}")) {
                addError(op, "404", "Not found, expired, or not yours");
            }
            if (method == org.eclipse.microprofile.openapi.models.PathItem.HttpMethod.POST && path.split("/")
                    .length == 3) {
                boolean task = !path.equals("/api/uploads"); // why: an upload is no task: no key, no backlog
                if (task) {
                    describeIdempotency(op);
                }
                addError(op, "413", "Request body too large");
                if (task) {
                    addError(op, "429", "Too many waiting tasks; retry after the Retry-After header's seconds");
                }
            }
        }));
    }

    /**
     * A task's event stream (every domain's and the admin's): the stream itself, in place of the empty answer the
     * generator gives a method that writes to an SSE sink, and the stream limit's 429.
     */
    private static void describeEvents(Operation op) {
        op.getResponses().removeAPIResponse("204");
        op.getResponses().addAPIResponse("200", OASFactory.createAPIResponse()
                .description("The task's events (text/event-stream)")
                .content(OASFactory.createContent().addMediaType("text/event-stream", OASFactory.createMediaType()
                        .schema(OASFactory.createSchema().type(List.of(
                                org.eclipse.microprofile.openapi.models.media.Schema.SchemaType.STRING))))));
        op.getResponses().addAPIResponse("429", OASFactory.createAPIResponse()
                .description("Too many open event streams"));
    }

    /** The optional Idempotency-Key header of every create, and the header a replay carries. */
    private static void describeIdempotency(Operation op) {
        op.addParameter(OASFactory.createParameter().name(IdempotencyKeys.HEADER)
                .in(org.eclipse.microprofile.openapi.models.parameters.Parameter.In.HEADER).required(false)
                .description("Optional. Makes retries safe: a create with the same key, the same method, path and "
                        + "body bytes from the same API key within DDIFFUSION_IDEMPOTENCY_TTL_HOURS (24 h) answers "
                        + "the first create's task id (202, with Idempotent-Replayed: true) and creates nothing. The "
                        + "same key with a different body: 422 at [\"header\", \"Idempotency-Key\"]. 1 to "
                        + IdempotencyKeys.MAX_CHARS + " characters of " + IdempotencyKeys.ALLOWED + ".")
                .schema(OASFactory.createSchema().type(List.of(
                        org.eclipse.microprofile.openapi.models.media.Schema.SchemaType.STRING))
                        .minLength(1).maxLength(IdempotencyKeys.MAX_CHARS).pattern("^[A-Za-z0-9._~+/=:-]+$")));
        APIResponse accepted = op.getResponses() == null ? null : op.getResponses().getAPIResponse("202");
        if (accepted != null) {
            accepted.addHeader(IdempotencyKeys.REPLAYED_HEADER, OASFactory.createHeader()
                    .description("'true' when the answer is a replay: an earlier create with this Idempotency-Key "
                            + "made the task, this one made none. Absent otherwise.")
                    .schema(OASFactory.createSchema().type(List.of(
                            org.eclipse.microprofile.openapi.models.media.Schema.SchemaType.STRING))
                            .enumeration(List.of("true"))));
        }
    }

    private static void describe(Operation op) {
        Map<String, Function<Void, String>> tables = Map.of(
                "images_create", v -> table(ImageModel.values(), List.of("T2I", "I2I", "Inpaint", "Refs"),
                        m -> flags(((ImageModel) m).textToImage(), ((ImageModel) m).imageToImage(),
                                ((ImageModel) m).inpainting(), ((ImageModel) m).references())),
                "texts_create", v -> table(TextModel.values(), List.of("Videos"),
                        m -> flags(((TextModel) m).videos())),
                "videos_create", v -> table(VideoModel.values(), List.of("T2V", "I2V", "V2V", "Last image", "Audio"),
                        m -> flags(((VideoModel) m).textToVideo(), ((VideoModel) m).imageToVideo(),
                                ((VideoModel) m).videoToVideo(), ((VideoModel) m).lastImage(),
                                ((VideoModel) m).audio())));
        Function<Void, String> t = tables.get(op.getOperationId());
        if (t != null) {
            op.setDescription(t.apply(null));
        }
    }

    private static String table(ModelSpec[] models, List<String> columns, Function<ModelSpec, String> cells) {
        StringBuilder sb = new StringBuilder("| Model | Provider | External | Queue | ");
        columns.forEach(c -> sb.append(c).append(" | "));
        sb.append("Description |\n|").append("---|".repeat(5 + columns.size())).append('\n');
        for (ModelSpec m : models) {
            sb.append("| ").append(m.id()).append(" | ").append(m.provider().id()).append(" | ")
                    .append(m.external() ? "yes" : "no").append(" | ").append(m.queue().id()).append(" | ")
                    .append(cells.apply(m)).append(m.description()).append(" |\n");
        }
        return sb.toString();
    }

    private static String flags(boolean... values) {
        StringBuilder sb = new StringBuilder();
        for (boolean v : values) {
            sb.append(v ? "✓" : "✗").append(" | ");
        }
        return sb.toString();
    }

    private static void addValidation(Operation op) {
        if (op.getResponses() == null || op.getResponses().hasAPIResponse("422")) {
            return;
        }
        op.getResponses().addAPIResponse("422", OASFactory.createAPIResponse()
                .description("Validation error: {detail: [{loc, msg, type}]}")
                .content(json(OASFactory.createSchema().type(List.of(
                        org.eclipse.microprofile.openapi.models.media.Schema.SchemaType.OBJECT))
                        .addProperty("detail", OASFactory.createSchema().type(List.of(
                                org.eclipse.microprofile.openapi.models.media.Schema.SchemaType.ARRAY))
                                .items(OASFactory.createSchema().ref("ValidationProblem"))))));
    }

    private static void addError(Operation op, String code, String description) {
        if (op.getResponses() == null || op.getResponses().hasAPIResponse(code)) {
            return;
        }
        APIResponse r = OASFactory.createAPIResponse().description(description + ": {detail: \"...\"}")
                .content(json(OASFactory.createSchema().type(List.of(
                        org.eclipse.microprofile.openapi.models.media.Schema.SchemaType.OBJECT))
                        .addProperty("detail", OASFactory.createSchema().type(List.of(
                                org.eclipse.microprofile.openapi.models.media.Schema.SchemaType.STRING)))));
        op.getResponses().addAPIResponse(code, r);
    }

    private static Content json(org.eclipse.microprofile.openapi.models.media.Schema schema) {
        MediaType mt = OASFactory.createMediaType().schema(schema);
        return OASFactory.createContent().addMediaType("application/json", mt);
    }
}
