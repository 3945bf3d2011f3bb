package io.ddiffusion.worker.workflows.comfy;

/** A ComfyUI task failed, or the sidecar could not be used; the message is the task's error, in ComfyUI's words. */
public final class ComfyException extends RuntimeException {
    private static final int MAX_CHARS = 2_000;

    public ComfyException(String message) {
        super(truncate(message));
    }

    public ComfyException(String message, Throwable cause) {
        super(truncate(message), cause);
    }

    private static String truncate(String s) {
        return s.length() > MAX_CHARS ? s.substring(0, MAX_CHARS) + "…" : s;
    }
}
