package io.ddiffusion.schema.common;

/** Structured progress reported by a handler: step {@code step} of {@code total}. */
public record Progress(long step, long total) {
    public Progress {
        if (total < 0 || step < 0) {
            throw new IllegalArgumentException("progress must not be negative");
        }
    }

    public double fraction() {
        return total == 0 ? 0 : Math.min(1.0, (double) step / total);
    }
}
