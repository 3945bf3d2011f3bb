package io.ddiffusion.api.http;

import java.util.List;

/** A request failed a check the API makes itself (capabilities, inputs); answered 422 like Bean Validation errors. */
public class ValidationException extends RuntimeException {
    private final List<ValidationProblem> problems;

    public ValidationException(List<ValidationProblem> problems) {
        super(problems.isEmpty() ? "invalid request" : problems.getFirst().msg(), null, false, false);
        this.problems = List.copyOf(problems);
    }

    public ValidationException(ValidationProblem problem) {
        this(List.of(problem));
    }

    public List<ValidationProblem> problems() {
        return problems;
    }
}
