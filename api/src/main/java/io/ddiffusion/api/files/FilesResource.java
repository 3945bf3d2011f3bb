package io.ddiffusion.api.files;

import io.ddiffusion.api.http.ApiException;
import io.ddiffusion.api.http.ValidationException;
import io.ddiffusion.api.http.ValidationProblem;
import io.ddiffusion.core.metrics.TaskMetrics;
import io.ddiffusion.core.storage.BlobStorage;
import io.ddiffusion.core.storage.SignedUrls;
import io.ddiffusion.core.storage.StorageKeys;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.resteasy.reactive.PathPart;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Serves stored files to whoever holds a valid signed URL: no API key, so clients can hand links to other tools.
 * Checks the signature, then the path, then streams the file with its content type and byte ranges.
 */
@Path("/api/files")
@Tag(name = "files")
@RunOnVirtualThread
@SecurityRequirements
public class FilesResource {
    @Inject
    TaskMetrics metrics;
    @Inject
    SignedUrls signedUrls;
    @Inject
    BlobStorage storage;

    @GET
    @Path("/{file_id: .+}")
    @Produces(MediaType.WILDCARD)
    @APIResponse(responseCode = "200", description = "The file (image/png, video/mp4, …)",
            content = @Content(mediaType = MediaType.WILDCARD, schema = @Schema(type = SchemaType.STRING,
                    format = "binary")))
    @APIResponse(responseCode = "206", description = "The requested byte range",
            content = @Content(mediaType = MediaType.WILDCARD, schema = @Schema(type = SchemaType.STRING,
                    format = "binary")))
    @Operation(operationId = "files_get", summary = "Download a file through a signed URL")
    public Response get(@PathParam("file_id") String path,
            @QueryParam("expires") @Parameter(required = true)
            @Schema(type = SchemaType.INTEGER, format = "int64") String expires,
            @QueryParam("sig") @Parameter(required = true) String sig,
            @HeaderParam("Range") String range) throws IOException {
        List<ValidationProblem> missing = new ArrayList<>();
        Long expiresAt = null;
        if (expires == null || expires.isBlank()) {
            missing.add(new ValidationProblem(List.of("query", "expires"), "is required", "missing"));
        } else {
            try {
                expiresAt = Long.parseLong(expires.trim());
            } catch (NumberFormatException e) {
                // why: JAX-RS answers 404 for a query parameter it cannot convert; this is a client error
                missing.add(new ValidationProblem(List.of("query", "expires"), "must be an integer", "int_parsing"));
            }
        }
        if (sig == null || sig.isBlank()) {
            missing.add(new ValidationProblem(List.of("query", "sig"), "is required", "missing"));
        }
        if (!missing.isEmpty()) {
            throw new ValidationException(missing);
        }
        if (!signedUrls.verify(path, expiresAt, sig)) {
            throw ApiException.forbidden("Invalid or expired signature");
        }
        if (!StorageKeys.isValid(path)) {
            throw ApiException.forbidden("Invalid file path");
        }
        BlobStorage.Blob blob = storage.open(path).orElseThrow(() -> ApiException.notFound(
                "File not found: " + path + " (it may have expired)"));
        long size = blob.size();
        Optional<ByteRange> r;
        try {
            r = ByteRange.parse(range, size);
        } catch (ByteRange.UnsatisfiableRangeException e) {
            return Response.status(416).header("Content-Range", "bytes */" + size).build();
        }
        ByteRange span = r.orElse(new ByteRange(0, size - 1));
        long length = Math.max(0, span.length());
        // why: a local file goes out with sendfile; other storages stream
        Object body = blob.localFile().<Object>map(f -> new PathPart(f, span.start(), length))
                .orElse(blob.open(span.start(), length));
        Response.ResponseBuilder b = Response.status(r.isPresent() ? 206 : 200)
                .entity(body)
                .type(blob.contentType())
                .header("Accept-Ranges", "bytes")
                .header("Content-Length", r.isPresent() ? span.length() : size)
                .header("X-Content-Type-Options", "nosniff")
                .header("Cache-Control", "private, max-age=300")
                .header("Content-Disposition", "inline; filename=\"" + path.substring(path.lastIndexOf('/') + 1)
                        + "\"");
        r.ifPresent(x -> b.header("Content-Range", "bytes " + x.start() + "-" + x.end() + "/" + size));
        metrics.bytes(TaskMetrics.Direction.DOWNLOADED, "files", length);
        return b.build();
    }
}
