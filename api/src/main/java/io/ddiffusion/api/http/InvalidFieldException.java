package io.ddiffusion.api.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonMappingException;

/**
 * A field refused while the body is still being parsed. Jackson adds the field's path as the exception travels out,
 * and {@link ErrorMappers} answers 422 at that location with this message and type, like a constraint violation.
 */
public class InvalidFieldException extends JsonMappingException {
    private final String type;

    public InvalidFieldException(JsonParser parser, String message, String type) {
        super(parser, message);
        this.type = type;
    }

    public String type() {
        return type;
    }
}
