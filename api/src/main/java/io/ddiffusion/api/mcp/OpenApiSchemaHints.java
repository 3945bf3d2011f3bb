package io.ddiffusion.api.mcp;

import com.github.victools.jsonschema.generator.FieldScope;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import io.quarkiverse.mcp.server.runtime.SchemaGeneratorConfigCustomizer;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Carries what the records tell OpenAPI ({@code @Schema} descriptions, defaults, base64 format) into the MCP tool
 * schemas too, so both kinds of client read the same documentation from one place.
 */
@Singleton
public class OpenApiSchemaHints implements SchemaGeneratorConfigCustomizer {

    @Override
    public void customize(SchemaGeneratorConfigBuilder builder) {
        builder.forFields()
                .withDescriptionResolver(field -> schema(field).map(Schema::description).filter(d -> !d.isBlank())
                        .orElse(null))
                .withDefaultResolver(field -> schema(field).map(Schema::defaultValue).filter(d -> !d.isEmpty())
                        .map(d -> typed(d, field.getType().getErasedType())).orElse(null))
                .withInstanceAttributeOverride((node, field, context) -> {
                    if (schema(field).map(s -> s.format().equals("byte")).orElse(false)) {
                        node.put("contentEncoding", "base64");
                    }
                });
    }

    private static Optional<Schema> schema(FieldScope field) {
        return Optional.ofNullable(field.getAnnotationConsideringFieldAndGetter(Schema.class));
    }

    /** The default as its JSON type: {@code "720"} on an Integer field is the number 720. */
    static Object typed(String value, Class<?> type) {
        try {
            if (type == Integer.class || type == int.class) {
                return Integer.valueOf(value);
            }
            if (type == Long.class || type == long.class) {
                return Long.valueOf(value);
            }
            if (type == Double.class || type == double.class || type == Float.class || type == float.class) {
                return Double.valueOf(value);
            }
            if (type == Boolean.class || type == boolean.class) {
                return Boolean.valueOf(value);
            }
        } catch (NumberFormatException e) {
            return value;
        }
        return value;
    }
}
