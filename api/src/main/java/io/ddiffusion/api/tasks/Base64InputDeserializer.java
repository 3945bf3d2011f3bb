package io.ddiffusion.api.tasks;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.ddiffusion.schema.common.Limits;
import java.io.IOException;

/**
 * Reads a field that carries base64 media. During a request the field gets a placeholder for its decoded file (see
 * {@link SpooledInputs}): a long input was decoded by {@link Base64FieldStream} before the parser saw it, and the
 * parser reads its token; a short one (or one the stream did not know) goes from the parser through the base64
 * decoder. A 5 MiB image never becomes a 7-million-character String. Outside a request it is a plain string.
 */
public final class Base64InputDeserializer extends StdDeserializer<String> {

    public Base64InputDeserializer() {
        super(String.class);
    }

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        if (!parser.hasToken(JsonToken.VALUE_STRING)) {
            // why: numbers, booleans, arrays get the same answer as on any other string field
            return StringDeserializer.instance.deserialize(parser, context);
        }
        SpooledInputs spool = SpooledInputs.current();
        return spool == null ? parser.getText() : spool.spool(parser, Limits.MAX_BASE64_CHARS);
    }

    @Override
    public LogicalType logicalType() {
        return LogicalType.Textual;
    }
}
