package io.ddiffusion.core.events;

import io.ddiffusion.schema.common.Progress;
import io.ddiffusion.schema.common.TaskStatus;
import java.util.Objects;

/**
 * One change of a task as its {@link TaskEvents} log keeps it: a new status, new progress or a new log line.
 *
 * @param id the event's id, {@code <milliseconds>-<sequence>} (a Redis stream entry id, or one of the same shape):
 *     ids of one task's events increase, and {@link EventIds#compare} orders them
 * @param kind what changed
 * @param value the status name, the progress as {@code step/total}, or the log line
 */
public record TaskEvent(String id, Kind kind, String value) {

    /** What an event says; {@link #wireName()} is its name on the wire (SSE {@code event:}, stream field). */
    public enum Kind {
        STATUS("status"), PROGRESS("progress"), LOG("log");

        private final String wireName;

        Kind(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        /** The kind named {@code name}, or null for a name no kind has. */
        public static Kind ofWireName(String name) {
            for (Kind k : values()) {
                if (k.wireName.equals(name)) {
                    return k;
                }
            }
            return null;
        }
    }

    public TaskEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(value, "value");
    }

    /** The stored value of a status event. */
    public static String value(TaskStatus status) {
        return status.name();
    }

    /** The stored value of a progress event. */
    public static String value(Progress progress) {
        return progress.step() + "/" + progress.total();
    }

    /** The status a {@link Kind#STATUS} event announces. */
    public TaskStatus status() {
        requireKind(Kind.STATUS);
        return TaskStatus.valueOf(value);
    }

    /** The progress a {@link Kind#PROGRESS} event announces. */
    public Progress progress() {
        requireKind(Kind.PROGRESS);
        int slash = value.indexOf('/');
        return new Progress(Long.parseLong(value.substring(0, slash)), Long.parseLong(value.substring(slash + 1)));
    }

    private void requireKind(Kind wanted) {
        if (kind != wanted) {
            throw new IllegalStateException("a " + kind.wireName + " event, not a " + wanted.wireName + " event");
        }
    }
}
