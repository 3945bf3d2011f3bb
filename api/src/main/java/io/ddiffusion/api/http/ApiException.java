package io.ddiffusion.api.http;

import java.util.Map;

/**
 * An error a client can act on, answered as {@code {"detail": "..."}} with its status and headers. The message is
 * written for the client: it never holds exception text from inside the server.
 */
public class ApiException extends RuntimeException {
    private final int status;
    private final Map<String, String> headers;

    public ApiException(int status, String detail) {
        this(status, detail, Map.of());
    }

    public ApiException(int status, String detail, Map<String, String> headers) {
        super(detail, null, false, false);
        this.status = status;
        this.headers = Map.copyOf(headers);
    }

    public int status() {
        return status;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public static ApiException notFound(String detail) {
        return new ApiException(404, detail);
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(403, detail);
    }
}
