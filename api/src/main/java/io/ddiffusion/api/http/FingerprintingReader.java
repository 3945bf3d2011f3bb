package io.ddiffusion.api.http;

import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.IOException;
import java.io.InputStream;

/**
 * Hashes the body of a create that carries an Idempotency-Key while the JSON reader reads it (see
 * {@link RequestFingerprint}); every other body is read exactly as before.
 */
@Provider
public class FingerprintingReader implements ReaderInterceptor {
    @Inject
    IdempotentRequest request;

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext ctx) throws IOException, WebApplicationException {
        if (request.key().isEmpty()) {
            return ctx.proceed();
        }
        RequestFingerprint fingerprint = RequestFingerprint.of(request.method(), request.path());
        InputStream hashed = fingerprint.reading(ctx.getInputStream());
        ctx.setInputStream(hashed);
        Object body = ctx.proceed();
        request.fingerprinted(fingerprint.finish(hashed));
        return body;
    }
}
