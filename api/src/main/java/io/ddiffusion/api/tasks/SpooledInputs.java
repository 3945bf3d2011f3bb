package io.ddiffusion.api.tasks;

import com.fasterxml.jackson.core.JsonParser;
import io.ddiffusion.api.http.InvalidFieldException;
import io.ddiffusion.core.media.Base64DecodingWriter;
import io.ddiffusion.core.media.InvalidBase64Exception;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The base64 inputs of the request being read, decoded into temporary files while its JSON was parsed (see
 * {@link Base64InputDeserializer}). In the request record each one is a placeholder string; a {@link Submission}
 * finds the file by that string's identity, never by its text, so no client can name a file by sending text. Files
 * that no submission took (the request was refused first) are deleted when the request ends.
 */
@RequestScoped
public class SpooledInputs {
    private static final Logger LOG = Logger.getLogger(SpooledInputs.class);

    @Inject
    TaskSubmitter tasks;

    private final Map<String, SpooledInput> byPlaceholder = Collections.synchronizedMap(new IdentityHashMap<>());

    /** This request's spool, or null outside a request (then base64 fields are read as plain strings). */
    static SpooledInputs current() {
        ArcContainer arc = Arc.container();
        if (arc == null || !arc.requestContext().isActive()) {
            return null;
        }
        return arc.instance(SpooledInputs.class).get();
    }

    /**
     * Streams the string value at the parser's current token through the base64 decoder into a temporary file.
     *
     * @return the placeholder that stands for the input in the request record
     * @throws InvalidFieldException when the text is longer than {@code maxChars} (what {@code @Size} says on these
     *     fields, which cannot see the placeholder's length)
     */
    String spool(JsonParser parser, long maxChars) throws IOException {
        Path file = tasks.tempFile();
        Base64DecodingWriter writer;
        String problem = null;
        try {
            String reference;
            try (OutputStream out = Files.newOutputStream(file)) {
                writer = new Base64DecodingWriter(out);
                ReferenceSniffingWriter sniffer = new ReferenceSniffingWriter(writer);
                parser.getText(sniffer);
                reference = sniffer.reference();
                if (sniffer.tooLong()) {
                    throw new InvalidFieldException(parser, "must be at most " + InputReference.MAX_CHARS
                            + " characters when it is an upload reference or a URL", "length");
                }
                if (reference == null) {
                    try {
                        writer.finish();
                    } catch (InvalidBase64Exception e) {
                        problem = e.getMessage();
                    }
                }
            }
            if (reference != null) {
                // why: an upload reference or a URL is resolved by the submission; it is the field's value as sent
                delete(file);
                return reference;
            }
            if (writer.chars() > maxChars) {
                throw new InvalidFieldException(parser, "must be at most " + maxChars + " base64 characters",
                        "length");
            }
        } catch (IOException | RuntimeException | Error e) {
            delete(file);
            throw e;
        }
        if (problem != null) {
            delete(file);
        }
        String placeholder = "<base64 input of " + writer.chars() + " characters, decoded while parsing>";
        byPlaceholder.put(placeholder, new SpooledInput(problem == null ? file : null, problem));
        return placeholder;
    }

    /** The input {@code value} stands for when it is one of this request's placeholders; the caller owns its file. */
    Optional<SpooledInput> take(String value) {
        return Optional.ofNullable(byPlaceholder.remove(value));
    }

    @PreDestroy
    void deleteUntaken() {
        List<SpooledInput> left;
        synchronized (byPlaceholder) {
            left = new ArrayList<>(byPlaceholder.values());
            byPlaceholder.clear();
        }
        for (SpooledInput input : left) {
            if (input.file() != null) {
                delete(input.file());
            }
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debugf("cannot delete %s (the janitor will): %s", file, e.getMessage());
        }
    }

    /** A decoded input in {@code file}, or the {@code problem} that makes it unacceptable base64. */
    record SpooledInput(Path file, String problem) {
    }
}
