package io.ddiffusion.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FootprintScenarioTest {
    @TempDir
    Path dir;

    /** This JVM stands for each server process: the rows read its /proc status under the role's name. */
    private String rows(FootprintScenario.Phase phase, String... names) throws Exception {
        Path results = dir.resolve("results.md");
        String pid = Long.toString(ProcessHandle.current().pid());
        String[] args = new String[6 + 2 * names.length];
        System.arraycopy(new String[] {"--url", "http://127.0.0.1:9", "--admin-key", "k", "--results",
            results.toString()}, 0, args, 0, 6);
        for (int i = 0; i < names.length; i++) {
            args[6 + 2 * i] = "--proc";
            args[7 + 2 * i] = names[i] + ":" + pid;
        }
        Options o = Options.parse(args);
        FootprintScenario.run(new Ctx(o, null, new Report(results, "distributed"), null), "when", phase);
        return Files.readString(results, StandardCharsets.UTF_8);
    }

    @Test
    void afterTheLoadEachRoleHasItsTargetAndItsPeakOverTheRun() throws Exception {
        String out = rows(FootprintScenario.Phase.IDLE_AFTER_LOAD, "api", "worker", "serve (API+worker)");

        assertThat(out).contains("idle RSS when: api |", "| ≤ 170 MiB |", "| ≤ 150 MiB |", "| ≤ 250 MiB |",
                "g. peak RSS over the run: api |", "g. peak RSS over the run: worker |",
                "g. peak RSS over the run: serve (API+worker) |");
        assertThat(out.lines().filter(l -> l.contains("peak RSS over the run: api")).findFirst().orElseThrow())
                .as("the api's peak carries issue 13's target").contains("| ≤ 250 MiB |");
        assertThat(out.lines().filter(l -> l.contains("peak RSS over the run: worker")).findFirst().orElseThrow())
                .as("no peak target for the worker").doesNotContain("MiB | yes", "MiB | **no**");
    }

    @Test
    void rowsBeforeTheLoadHaveNoPeakRow() throws Exception {
        String out = rows(FootprintScenario.Phase.LOADED, "api");

        assertThat(out).contains("g. RSS when: api |").doesNotContain("peak RSS over the run", "≤");
    }
}
