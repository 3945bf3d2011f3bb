package io.ddiffusion.bench;

import java.io.IOException;

/** An answer with an unexpected status; the load runner counts these by status. */
final class HttpStatusException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int status;

    HttpStatusException(String what, int status, String body) {
        super(what + " answered " + status + ": " + (body.length() > 300 ? body.substring(0, 300) + "…" : body));
        this.status = status;
    }

    int status() {
        return status;
    }
}
