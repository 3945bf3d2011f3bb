package io.ddiffusion.worker.images.local.sam;

import java.util.Locale;

/**
 * One object the detector found: its box in image pixels, its score (the highest token probability) and the prompt
 * words that matched it (the tokens over the text threshold; for logs).
 */
public record Detection(Box box, float score, String phrase) {

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%.2f %s%s", score, box, phrase.isEmpty() ? "" : " '" + phrase + "'");
    }
}
