package io.ddiffusion.worker.providers.replicate;

import io.ddiffusion.worker.testing.FakeTaskContext;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddiffusion.schema.images.ImageModel;
import io.ddiffusion.schema.images.ImageRequest;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictionLogsTest {
    @TempDir
    Path dir;

    private FakeTaskContext<ImageRequest> task() {
        return FakeTaskContext.of("images.flux-1-pro", new ImageRequest(ImageModel.FLUX_1_PRO, null, null, null, null,
                null, null, null, null), dir, Map.of());
    }

    @Test
    void aTqdmBarReportsItsStepsOfTotal() {
        assertThat(PredictionLogs.progress("100%|██████████| 28/28 [00:04<00:00,  6.12it/s]"))
                .hasValueSatisfying(p -> assertThat(p).containsExactly(28, 28));
        assertThat(PredictionLogs.progress(" 45%|████▌     | 9/20 [00:02<00:03]"))
                .hasValueSatisfying(p -> assertThat(p).containsExactly(9, 20));
    }

    @Test
    void aStepCounterReportsItsStepsOfTotal() {
        assertThat(PredictionLogs.progress("Inference step 9/20"))
                .hasValueSatisfying(p -> assertThat(p).containsExactly(9, 20));
        assertThat(PredictionLogs.progress("step 3 of 12 done"))
                .hasValueSatisfying(p -> assertThat(p).containsExactly(3, 12));
    }

    @Test
    void barepercentagesReportTheLastOneOutOf100() {
        assertThat(PredictionLogs.progress("Generating... 0% 9% 29% 50%"))
                .hasValueSatisfying(p -> assertThat(p).containsExactly(50, 100));
        assertThat(PredictionLogs.progress("progress: 12.6 %"))
                .hasValueSatisfying(p -> assertThat(p).containsExactly(13, 100));
    }

    @Test
    void linesWithoutProgressReportNone() {
        assertThat(PredictionLogs.progress("Downloaded 2.01MB in 0.10sec")).isEmpty();
        assertThat(PredictionLogs.progress("Using seed: 1020561550")).isEmpty();
        assertThat(PredictionLogs.progress("load 250% faster")).isEmpty();
    }

    @Test
    void aLineIsLoggedOnlyOnceItIsCompleteAndNeverTwice() {
        FakeTaskContext<ImageRequest> task = task();
        PredictionLogs logs = new PredictionLogs(task);

        logs.accept("Loading model\nWarm");
        logs.accept("Loading model\nWarming up");
        logs.accept("Loading model\nWarming up\n 50%|█████     | 5/10\r");
        logs.flush();

        assertThat(task.logs()).containsExactly("Loading model", "Warming up", "50%|█████     | 5/10");
        assertThat(task.progressSteps()).extracting(Object::toString).containsExactly("[5, 10]");
    }

    @Test
    void progressSeenAgainOnLaterPollsIsReportedOnlyWhenItChanges() {
        FakeTaskContext<ImageRequest> task = task();
        PredictionLogs logs = new PredictionLogs(task);

        // why: every poll returns the whole log, so an unfinished bar line comes back unchanged
        logs.accept("Generating\n 50%|█████     | 5/10");
        logs.accept("Generating\n 50%|█████     | 5/10");
        logs.accept("Generating\n 50%|█████     | 5/10\r 60%|██████    | 6/10");
        logs.accept("Generating\n 50%|█████     | 5/10\r 60%|██████    | 6/10");

        assertThat(task.progressSteps()).extracting(Object::toString).containsExactly("[5, 10]", "[6, 10]");
        assertThat(task.logs()).containsExactly("Generating", "50%|█████     | 5/10");
    }

    @Test
    void copyingStopsAfterTheLineLimitWithANote() {
        FakeTaskContext<ImageRequest> task = task();
        PredictionLogs logs = new PredictionLogs(task);

        logs.accept("line\n".repeat(PredictionLogs.MAX_LINES + 50));

        assertThat(task.logs()).hasSize(PredictionLogs.MAX_LINES + 1)
                .endsWith("(further Replicate log lines omitted)");
    }
}
