package io.ddiffusion.worker.videos.external;

/** The original's mapping of the requested length (⌊frames / 24⌋ s) onto the durations each provider offers. */
final class Durations {
    private Durations() {
    }

    /** 5 s up to 5 s requested, else 10 s (Runway, Seedance, Kling). */
    static int fiveOrTen(int seconds) {
        return seconds <= 5 ? 5 : 10;
    }

    /** 4 s up to 4 s requested, else 8 s (Veo). */
    static int fourOrEight(int seconds) {
        return seconds <= 4 ? 4 : 8;
    }

    /** 6 s up to 5 s requested, else 10 s (Hailuo). */
    static int sixOrTen(int seconds) {
        return seconds <= 5 ? 6 : 10;
    }
}
