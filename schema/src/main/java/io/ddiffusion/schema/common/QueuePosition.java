package io.ddiffusion.schema.common;

/** Where a waiting task stands: 1 is next. */
public record QueuePosition(int position, String queue, int total) {
}
