package io.ddiffusion.api.http;

import java.util.List;

/** The two error bodies: {@code {"detail": "..."}} and {@code {"detail": [{loc, msg, type}]}}. */
public final class ErrorResponses {
    private ErrorResponses() {
    }

    /** Any error other than validation. */
    public record Detail(String detail) {
    }

    /** Validation errors, as the original (and FastAPI) answer them. */
    public record ValidationDetail(List<ValidationProblem> detail) {
    }
}
