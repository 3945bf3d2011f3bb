package io.ddiffusion.api.tasks;

import io.ddiffusion.core.media.Base64DecodingWriter;
import io.ddiffusion.core.media.InvalidBase64Exception;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One base64 field's text on its way into a temporary file, handed over in pieces: it turns out to be an
 * {@link InputReference} (kept as text, the file deleted) or base64, decoded into the file as it comes. Write the
 * text, then {@link #finish()}; on any failure before that, {@link #abandon()}.
 */
final class Base64Spool extends Writer {
    private final Path file;
    private final OutputStream out;
    private final Base64DecodingWriter decoder;
    private final ReferenceSniffingWriter sniffer;

    Base64Spool(Path file) throws IOException {
        this.file = file;
        this.out = Files.newOutputStream(file);
        this.decoder = new Base64DecodingWriter(out);
        this.sniffer = new ReferenceSniffingWriter(decoder);
    }

    @Override
    public void write(char[] text, int offset, int length) throws IOException {
        sniffer.write(text, offset, length);
    }

    /** What the text was. The file belongs to the caller only in a {@link Decoded} without a problem. */
    Outcome finish() throws IOException {
        String reference;
        String problem = null;
        try (out) {
            reference = sniffer.reference();
            if (reference == null) {
                try {
                    decoder.finish();
                } catch (InvalidBase64Exception e) {
                    problem = e.getMessage();
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            delete(file);
            throw e;
        }
        if (reference != null) {
            delete(file);
            return new Reference(reference, sniffer.tooLong());
        }
        if (problem != null) {
            delete(file);
        }
        return new Decoded(problem == null ? file : null, decoder.chars(), problem);
    }

    /** Closes and deletes the file (the text will not be finished). */
    void abandon() {
        try {
            out.close();
        } catch (IOException e) {
            // why: the file goes anyway; the janitor removes what a failed delete leaves
        }
        delete(file);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }

    static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // why: temporary files that cannot be deleted now are the janitor's (it sweeps the folder)
        }
    }

    /** What a field's text turned out to be. */
    sealed interface Outcome permits Reference, Decoded {
    }

    /**
     * An upload reference or URL, as sent; {@code tooLong} when it was longer than {@link InputReference#MAX_CHARS}
     * (then {@code text} is cut there).
     */
    record Reference(String text, boolean tooLong) implements Outcome {
    }

    /** Base64 of {@code chars} characters, decoded into {@code file}, or the {@code problem} that refused it. */
    record Decoded(Path file, long chars, String problem) implements Outcome {
    }
}
