package io.ddiffusion.core.store;

import static io.ddiffusion.core.task.TaskBuilder.aPendingTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddiffusion.core.queue.InMemoryTaskQueue;
import io.ddiffusion.core.queue.TaskQueue;
import io.ddiffusion.core.task.Task;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class InMemoryTaskStoreTest extends TaskStoreContract {
    @Override
    protected TaskStore createStore(Duration retention) {
        return new InMemoryTaskStore(retention);
    }

    @Test
    void everyLineOfALongLogIsKeptInOrderBeforeAndAfterTheTaskFinished() {
        TaskStore store = createStore(Duration.ofMinutes(5));
        Task t = store.create(aPendingTask().build());
        List<String> written = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            written.add("running " + i);
            store.appendLog(t.id(), written.getLast());
        }
        store.update(t.revoked("cancelled", Instant.now()), "revoked");
        written.add("revoked");
        for (int i = 0; i < 12; i++) {
            written.add("after " + i);
            store.appendLog(t.id(), written.getLast());
        }

        assertThat(store.logs(t.id())).containsExactlyElementsOf(written);
        assertThat(store.findWithLogs(t.id()).orElseThrow().logs()).containsExactlyElementsOf(written);
    }

    @Test
    void linesReadEarlierStayAsTheyWereAndCannotBeChanged() {
        TaskStore store = createStore(Duration.ofMinutes(5));
        Task t = store.create(aPendingTask().build());
        store.appendLog(t.id(), "one");
        List<String> read = store.logs(t.id());

        store.appendLog(t.id(), "two");

        assertThat(read).containsExactly("one");
        assertThatThrownBy(() -> read.set(0, "changed")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(store.logs(t.id())).containsExactly("one", "two");
    }

    @Test
    void everyReadWhileLinesAreAppendedIsAPrefixOfTheFinalLog() throws Exception {
        TaskStore store = createStore(Duration.ofMinutes(5));
        Task t = store.create(aPendingTask().build());
        List<List<String>> reads = new ArrayList<>();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread reader = Thread.ofPlatform().uncaughtExceptionHandler((th, e) -> failed.set(e)).start(() -> {
            while (store.logs(t.id()).size() < 500) {
                reads.add(store.logs(t.id()));
            }
        });
        for (int i = 0; i < 500; i++) {
            store.appendLog(t.id(), "line " + i);
        }
        reader.join();

        assertThat(failed.get()).isNull();
        List<String> all = store.logs(t.id());
        assertThat(all).hasSize(500).doesNotHaveDuplicates();
        assertThat(reads).allSatisfy(read -> assertThat(all.subList(0, read.size())).isEqualTo(read));
    }

    @Override
    protected TaskQueue queueFor(TaskStore store) {
        return new InMemoryTaskQueue();
    }
}
