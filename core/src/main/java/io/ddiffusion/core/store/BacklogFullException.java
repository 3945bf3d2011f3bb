package io.ddiffusion.core.store;

/** A submit refused because the tasks waiting in all queues reached the backlog limit; nothing was recorded. */
public class BacklogFullException extends RuntimeException {
    private final int waiting;
    private final int limit;

    public BacklogFullException(int waiting, int limit) {
        super("backlog full: " + waiting + " waiting, limit " + limit);
        this.waiting = waiting;
        this.limit = limit;
    }

    /** The waiting tasks counted when the submit was refused. */
    public int waiting() {
        return waiting;
    }

    public int limit() {
        return limit;
    }
}
