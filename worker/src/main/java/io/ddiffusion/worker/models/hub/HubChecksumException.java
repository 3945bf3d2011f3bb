package io.ddiffusion.worker.models.hub;

/** A downloaded file did not match its pinned sha256 (or size); nothing was kept. */
public final class HubChecksumException extends HubException {

    public HubChecksumException(HubFile file, String expected, String actual) {
        super("checksum mismatch for " + file.path() + " in " + file.repo() + " at " + file.revision()
                + ": expected " + expected + ", got " + actual + "; the partial download was deleted");
    }
}
