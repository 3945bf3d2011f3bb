package io.ddiffusion.worker.models;

import io.ddiffusion.worker.models.hub.ProgressListener;
import java.util.function.Consumer;

/**
 * Turns download progress into log lines a task log can hold: one line each time another tenth of the file is done
 * (the first update included, so a resumed download says where it resumed), whatever the update rate.
 */
final class ProgressLines implements ProgressListener {

    private final String label;
    private final Consumer<String> log;
    private int lastTenth = -1;

    ProgressLines(String label, Consumer<String> log) {
        this.label = label;
        this.log = log;
    }

    @Override
    public void progress(long done, long total) {
        int tenth = total <= 0 ? 10 : (int) Math.min(10, done * 10 / total);
        if (tenth > lastTenth) {
            lastTenth = tenth;
            log.accept(label + ": " + (tenth * 10) + "% of " + ByteSize.human(total));
        }
    }
}
