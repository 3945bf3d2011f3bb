package io.ddiffusion.worker.runtime;

/**
 * Runs one kind of task, e.g. {@code images.sd-xl}. The runtime builds the context before the handler runs, so a
 * handler parses nothing and reads no globals. Handlers are called concurrently up to their queue's concurrency.
 *
 * @param <R> the request record of the handler's domain (ImageRequest, TextRequest, …)
 */
public interface TaskHandler<R> {

    /** The request record this handler reads. */
    Class<R> requestType();

    /**
     * Runs the task. Throw to fail it: the exception's message becomes the task's {@code error_message}. Check
     * {@code ctx.cancellation()} between steps and throw {@link TaskCancelledException} when asked to stop.
     */
    TaskResult run(TaskContext<R> ctx) throws Exception;
}
