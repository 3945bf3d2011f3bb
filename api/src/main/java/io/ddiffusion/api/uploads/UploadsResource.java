package io.ddiffusion.api.uploads;

import io.ddiffusion.api.http.Caller;
import io.ddiffusion.api.http.ValidationException;
import io.ddiffusion.api.http.ValidationProblem;
import io.ddiffusion.api.tasks.Uploads;
import io.ddiffusion.core.uploads.Upload;
import io.ddiffusion.schema.uploads.UploadResponse;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * Uploads an input file once, without base64: the body streams to storage (never held in memory) and is checked like
 * a base64 input from its first bytes. Tasks of the same API key then name it as {@code "upload:<id>"}.
 */
@Path("/api/uploads")
@Tag(name = "Uploads")
@RunOnVirtualThread
@Produces(MediaType.APPLICATION_JSON)
public class UploadsResource {
    static final String DESCRIPTION = "Stores an image (PNG, JPEG, WebP, TIFF, EXR) or video (MP4, MOV) for later "
            + "tasks, sent as the raw body (any Content-Type, e.g. image/png or application/octet-stream) or as "
            + "multipart/form-data with exactly one file part. The bytes are recognised by their content, an image "
            + "may declare at most DDIFFUSION_MAX_IMAGE_MEGAPIXELS, and the body at most DDIFFUSION_MAX_BODY_MB "
            + "(413). Send \"upload:<id>\" in any image, video, mask or reference field of a task created with the "
            + "same API key before expires_at (DDIFFUSION_UPLOAD_EXPIRY_MINUTES): the first task that names it "
            + "consumes it (the task keeps its own copy, deleted when the task finishes). An unknown, expired, used "
            + "or other key's upload is refused with 422 naming the field.";

    @Inject
    Uploads uploads;
    @Inject
    Caller caller;

    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(operationId = "uploads_create", summary = "Upload an input file", description = DESCRIPTION)
    @RequestBody(required = true, content = {
        @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM, schema = @Schema(type = SchemaType.STRING,
                format = "binary")),
        @Content(mediaType = MediaType.MULTIPART_FORM_DATA, schema = @Schema(type = SchemaType.OBJECT,
                requiredProperties = {"file"}, properties = @SchemaProperty(name = "file", type = SchemaType.STRING,
                        format = "binary", description = "The file (the part's name may be any)")))})
    @APIResponse(responseCode = "201", description = "Created: name it as \"upload:<id>\"",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = UploadResponse.class)))
    public RestResponse<UploadResponse> create(InputStream body) throws IOException {
        return created(uploads.receive(caller.key().keyId(), body));
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(hidden = true)
    public RestResponse<UploadResponse> createMultipart(@RestForm(FileUpload.ALL) List<FileUpload> files)
            throws IOException {
        if (files == null || files.size() != 1) {
            throw new ValidationException(ValidationProblem.body("must hold exactly one file part, not "
                    + (files == null ? 0 : files.size()), "file_parts", "file"));
        }
        FileUpload file = files.getFirst();
        try (InputStream in = Files.newInputStream(file.uploadedFile())) {
            return created(uploads.receive(caller.key().keyId(), in, file.name()));
        } finally {
            Files.deleteIfExists(file.uploadedFile());
        }
    }

    private static RestResponse<UploadResponse> created(Upload u) {
        return RestResponse.status(RestResponse.Status.CREATED, new UploadResponse(u.id(), u.format().mimeType(),
                u.size(), u.width(), u.height(), u.expiresAt()));
    }
}
