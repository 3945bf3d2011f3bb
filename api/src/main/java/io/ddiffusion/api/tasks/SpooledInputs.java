package io.ddiffusion.api.tasks;

import com.fasterxml.jackson.core.JsonParser;
import io.ddiffusion.api.http.BodyShifts;
import io.ddiffusion.api.http.InvalidFieldException;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The base64 inputs of the request being read, decoded into temporary files while its JSON was read: long ones by
 * {@link Base64FieldStream} before the parser sees them, others by {@link Base64InputDeserializer}. In the request
 * record each one is a placeholder string; a {@link Submission} finds the file by that string's identity, never by its
 * text, so no client can name a file by sending text. Files that no submission took (the request was refused first)
 * are deleted when the request ends.
 */
@RequestScoped
public class SpooledInputs implements Base64FieldStream.Spools {
    @Inject
    TaskSubmitter tasks;
    @Inject
    BodyShifts shifts;

    private final Map<String, SpooledInput> byPlaceholder = Collections.synchronizedMap(new IdentityHashMap<>());
    /** Outcomes of fields decoded before the parser saw them, by the token that stands in their place. */
    private final Map<String, Base64Spool.Outcome> diverted = new ConcurrentHashMap<>();

    /** This request's spool, or null outside a request (then base64 fields are read as plain strings). */
    static SpooledInputs current() {
        ArcContainer arc = Arc.container();
        if (arc == null || !arc.requestContext().isActive()) {
            return null;
        }
        return arc.instance(SpooledInputs.class).get();
    }

    /**
     * Reads the base64 field at the parser's current token: the input {@link Base64FieldStream} already decoded in
     * its place, or else the string value, streamed through the base64 decoder into a temporary file.
     *
     * @return the placeholder that stands for the input in the request record, or the field's text when it is an
     *     upload reference or a URL
     * @throws InvalidFieldException when the text is longer than {@code maxChars} (what {@code @Size} says on these
     *     fields, which cannot see the placeholder's length)
     */
    String spool(JsonParser parser, long maxChars) throws IOException {
        Base64Spool.Outcome outcome = parser.getTextLength() == Base64FieldStream.TOKEN_LENGTH
                ? diverted.remove(parser.getText()) : null;
        if (outcome == null) {
            Base64Spool spool = open();
            try {
                parser.getText(spool);
            } catch (IOException | RuntimeException | Error e) {
                spool.abandon();
                throw e;
            }
            outcome = spool.finish();
        }
        return accept(parser, outcome, maxChars);
    }

    private String accept(JsonParser parser, Base64Spool.Outcome outcome, long maxChars) throws IOException {
        return switch (outcome) {
            case Base64Spool.Reference r when r.tooLong() -> throw new InvalidFieldException(parser,
                    "must be at most " + InputReference.MAX_CHARS
                            + " characters when it is an upload reference or a URL", "length");
            // why: an upload reference or a URL is resolved by the submission; it is the field's value as sent
            case Base64Spool.Reference r -> r.text();
            case Base64Spool.Decoded d -> {
                if (d.chars() > maxChars) {
                    if (d.file() != null) {
                        Base64Spool.delete(d.file());
                    }
                    throw new InvalidFieldException(parser, "must be at most " + maxChars + " base64 characters",
                            "length");
                }
                String placeholder = "<base64 input of " + d.chars() + " characters, decoded while parsing>";
                byPlaceholder.put(placeholder, new SpooledInput(d.file(), d.problem()));
                yield placeholder;
            }
        };
    }

    /**
     * Opens a spool for a field that {@link Base64FieldStream} decodes before the parser sees it; the outcome comes
     * back through {@link #divert}.
     */
    @Override
    public Base64Spool open() throws IOException {
        return new Base64Spool(tasks.tempFile());
    }

    /**
     * Keeps the outcome of a field decoded by {@link Base64FieldStream} under {@code token}, the text the parser
     * reads in the field's place; a token no field takes (the request was refused first) is cleaned up with the
     * request.
     */
    @Override
    public void divert(String token, Base64Spool.Outcome outcome) {
        diverted.put(token, outcome);
    }

    @Override
    public void removed(long at, long bytes) {
        shifts.removed(at, bytes);
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
                Base64Spool.delete(input.file());
            }
        }
        for (Base64Spool.Outcome outcome : diverted.values()) {
            if (outcome instanceof Base64Spool.Decoded d && d.file() != null) {
                Base64Spool.delete(d.file());
            }
        }
        diverted.clear();
    }

    /** A decoded input in {@code file}, or the {@code problem} that makes it unacceptable base64. */
    record SpooledInput(Path file, String problem) {
    }
}
