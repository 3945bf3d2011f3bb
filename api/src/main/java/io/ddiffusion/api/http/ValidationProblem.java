package io.ddiffusion.api.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** One entry of a 422 answer, shaped like the original's: where, what, and a machine-readable kind. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ValidationProblem(List<Object> loc, String msg, String type) {

    public static ValidationProblem body(String msg, String type, Object... path) {
        List<Object> loc = new java.util.ArrayList<>();
        loc.add("body");
        loc.addAll(List.of(path));
        return new ValidationProblem(List.copyOf(loc), msg, type);
    }
}
