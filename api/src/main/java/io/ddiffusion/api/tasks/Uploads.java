package io.ddiffusion.api.tasks;

import io.ddiffusion.api.http.ApiException;
import io.ddiffusion.api.http.ApiSettings;
import io.ddiffusion.api.http.ValidationException;
import io.ddiffusion.api.http.ValidationProblem;
import io.ddiffusion.core.media.ImageDimensions;
import io.ddiffusion.core.media.MediaFormat;
import io.ddiffusion.core.media.MediaProbe;
import io.ddiffusion.core.media.ProbedMedia;
import io.ddiffusion.core.metrics.TaskMetrics;
import io.ddiffusion.core.storage.BlobStorage;
import io.ddiffusion.core.storage.FilesystemBlobStorage;
import io.ddiffusion.core.uploads.Upload;
import io.ddiffusion.core.uploads.UploadRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Files uploaded ahead of tasks: {@link #receive} streams one to storage, sniffing it like a base64 input from its
 * first bytes; {@link #copyToTemp} hands a task its owner's upload; {@link #consume} deletes what a recorded task
 * used. An upload is single-use: the task that uses it gets its own copy as an input (deleted when the task
 * finishes, like every input), and the upload goes. One that no task uses is deleted by the janitor once it expires.
 */
@ApplicationScoped
public class Uploads {
    private static final Logger LOG = Logger.getLogger(Uploads.class);
    private static final String PREFIX = "uploads/";
    private static final int BUFFER = 64 * 1024;

    @Inject
    BlobStorage storage;
    @Inject
    UploadRegistry registry;
    @Inject
    ApiSettings api;
    @Inject
    InputSettings settings;
    @Inject
    Clock clock;
    @Inject
    TaskMetrics metrics;

    /**
     * Streams {@code body} into storage as a new upload of {@code keyId}. Only its head ({@link MediaProbe#readHead},
     * at most {@link MediaProbe#MAX_HEAD} bytes) is held in memory, to recognise the format and read an image's
     * declared size before the rest is read.
     *
     * @param path where the file was in the request, for error messages ({@code "body"} alone for a raw body)
     * @throws ValidationException (422) when the bytes are not a supported image or video, or an image declares too
     *     many pixels or an unreadable header
     * @throws ApiException (413) when the body grows past DDIFFUSION_MAX_BODY_MB (a chunked body has no length to
     *     refuse it by in advance)
     */
    public Upload receive(String keyId, InputStream body, Object... path) throws IOException {
        byte[] head = read(() -> MediaProbe.readHead(body));
        ProbedMedia media = sniff(head, path);
        Path tmp = tempFile();
        try {
            long size = copy(head, body, tmp);
            String id = Upload.newId();
            String key = PREFIX + id + "." + media.format().extension();
            storage.putFile(key, tmp);
            Instant now = clock.instant();
            Optional<ImageDimensions> dims = media.dimensions();
            Upload upload = new Upload(id, keyId, key, media.format(), size,
                    dims.map(ImageDimensions::width).orElse(null), dims.map(ImageDimensions::height).orElse(null),
                    now, now.plus(settings.uploadExpiry()));
            try {
                registry.record(upload);
            } catch (RuntimeException e) {
                deleteBlob(key);
                throw e;
            }
            metrics.bytes(TaskMetrics.Direction.UPLOADED, "uploads", size);
            return upload;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * The upload {@code id} names, copied into a new temporary file that the caller owns.
     *
     * @throws ValidationException (422) when {@code keyId} has no such upload: unknown, expired, consumed or
     *     another key's all read the same, so nobody learns that another key's upload exists
     */
    Path copyToTemp(String id, String keyId, Object... path) throws IOException {
        Upload upload = registry.find(id).filter(u -> u.usableBy(keyId, clock.instant()))
                .orElseThrow(() -> unknown(id, path));
        Optional<BlobStorage.Blob> blob = storage.open(upload.storageKey());
        if (blob.isEmpty()) {
            throw unknown(id, path);
        }
        Path tmp = tempFile();
        try {
            if (blob.get().localFile().isPresent() && link(blob.get().localFile().get(), tmp)) {
                return tmp;
            }
            try (InputStream in = blob.get().open(0, blob.get().size())) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            return tmp;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    /**
     * Makes {@code tmp} a hard link to the upload's file: the task's input then costs no copy, and deleting the upload
     * later unlinks only its own name. Stored files are never written in place (every write is a new file moved in),
     * so the two names cannot diverge. False where the filesystem has no hard links.
     */
    private static boolean link(Path upload, Path tmp) throws IOException {
        Files.delete(tmp);
        try {
            Files.createLink(tmp, upload);
            return true;
        } catch (UnsupportedOperationException | IOException e) {
            LOG.debugf("no hard link for an upload (%s), copying it", e.getMessage());
            Files.deleteIfExists(tmp);
            return false;
        }
    }

    /** Deletes the uploads a recorded task used (best effort: what is left expires). */
    void consume(Collection<String> ids) {
        for (String id : ids) {
            try {
                registry.find(id).ifPresent(u -> deleteBlob(u.storageKey()));
                registry.delete(id);
            } catch (RuntimeException e) {
                LOG.debugf("upload %s could not be deleted now (it expires): %s", id, e.getMessage());
            }
        }
    }

    /** The same checks as a base64 input's, for a field that takes an image or a video. */
    private ProbedMedia sniff(byte[] head, Object... path) {
        if (head.length == 0) {
            throw new ValidationException(ValidationProblem.body("is empty", "media_type", path));
        }
        MediaFormat format = MediaProbe.detect(head).orElseThrow(() -> new ValidationException(
                ValidationProblem.body("is not " + InputKind.IMAGE_OR_VIDEO.description() + " (PNG, JPEG, WebP, "
                        + "TIFF, EXR, MP4 or MOV)", "media_type", path)));
        ProbedMedia media = new ProbedMedia(format, head.length, MediaProbe.dimensions(format, head));
        Submission.check(InputKind.IMAGE_OR_VIDEO, media, api.maxImagePixels(), null, path);
        return media;
    }

    private long copy(byte[] head, InputStream rest, Path target) throws IOException {
        long limit = api.maxBodyBytes();
        long total = head.length;
        try (OutputStream out = Files.newOutputStream(target)) {
            out.write(head);
            byte[] buf = new byte[BUFFER];
            for (int n; (n = read(() -> rest.read(buf))) >= 0; ) {
                total += n;
                if (total > limit) {
                    throw tooLarge();
                }
                out.write(buf, 0, n);
            }
        }
        return total;
    }

    /** One read of the request body, with the transport's own refusal of a too long body as our 413. */
    private <T> T read(BodyRead<T> read) throws IOException {
        try {
            return read.get();
        } catch (IOException e) {
            // why: the transport counts a chunked body against the same limit (quarkus.http.limits.max-body-size)
            // and may stop it a read before we would; its exception says only this
            if ("Request too large".equals(e.getMessage())) {
                throw tooLarge();
            }
            throw e;
        }
    }

    private interface BodyRead<T> {
        T get() throws IOException;
    }

    private ApiException tooLarge() {
        return new ApiException(413, "Upload exceeds the limit of " + api.maxBodyBytes() + " bytes "
                + "(DDIFFUSION_MAX_BODY_MB)");
    }

    private static ValidationException unknown(String id, Object... path) {
        String shown = id.length() > 64 ? id.substring(0, 64) + "…" : id;
        return new ValidationException(ValidationProblem.body("names no upload of this API key: '" + shown
                + "' is unknown, expired or already used by a task (POST /api/uploads answers the id)",
                "upload_unknown", path));
    }

    private void deleteBlob(String key) {
        try {
            storage.deletePrefix(key);
        } catch (IOException e) {
            LOG.debugf("cannot delete %s now (the janitor will): %s", key, e.getMessage());
        }
    }

    private Path tempFile() throws IOException {
        return storage instanceof FilesystemBlobStorage fs ? fs.tempFile() : Files.createTempFile("dd-upload-",
                ".part");
    }
}
