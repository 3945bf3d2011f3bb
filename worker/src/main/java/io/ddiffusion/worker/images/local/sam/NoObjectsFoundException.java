package io.ddiffusion.worker.images.local.sam;

import java.util.Locale;

/** The detector found nothing over the box threshold for the prompt; the task fails with this message. */
public final class NoObjectsFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NoObjectsFoundException(String prompt, float boxThreshold) {
        super(String.format(Locale.ROOT, "No objects matching '%s' were found in the image (no detection scored over "
                + "the box threshold %.2f); try naming the object differently", prompt, boxThreshold));
    }
}
