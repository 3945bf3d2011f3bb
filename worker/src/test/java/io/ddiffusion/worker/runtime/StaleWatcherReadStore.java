package io.ddiffusion.worker.runtime;

import io.ddiffusion.core.store.TaskStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A task store whose answer to the watcher's first read arrives only after the task's start was written, as a reply
 * delayed on a busy broker does: the task thread's first write waits until the watcher has read, and that read is
 * handed back only once the write is done. The watcher runs on the worker's scheduler threads ({@code worker-…}),
 * tasks on threads named {@code task-…}.
 */
final class StaleWatcherReadStore {
    private StaleWatcherReadStore() {
    }

    static TaskStore around(TaskStore store) {
        CountDownLatch watcherRead = new CountDownLatch(1);
        CountDownLatch startWritten = new CountDownLatch(1);
        return (TaskStore) Proxy.newProxyInstance(TaskStore.class.getClassLoader(), new Class<?>[] {TaskStore.class},
                (proxy, method, args) -> {
                    String thread = Thread.currentThread().getName();
                    boolean firstWatcherRead = thread.startsWith("worker-") && (method.getName().equals("find")
                            || method.getName().equals("findAll")) && watcherRead.getCount() > 0;
                    boolean firstTaskWrite = thread.startsWith("task-") && method.getName().equals("modify")
                            && startWritten.getCount() > 0;
                    if (firstTaskWrite) {
                        watcherRead.await(5, TimeUnit.SECONDS);
                    }
                    Object result;
                    try {
                        result = method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (firstTaskWrite) {
                        startWritten.countDown();
                    }
                    if (firstWatcherRead) {
                        watcherRead.countDown();
                        startWritten.await(5, TimeUnit.SECONDS);
                        // why: the task thread notes the start right after its write returns
                        Thread.sleep(100);
                    }
                    return result;
                });
    }
}
