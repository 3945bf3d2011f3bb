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
 * Reads a field that carries base64 media. During a request the JSON string goes straight from the parser through
 * the base64 decoder into a temporary file, and the field gets a placeholder (see {@link SpooledInputs}): a 5 MiB
 * image never becomes a 7-million-character String plus copies. Outside a request it is a plain string.
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
