package org.depthlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** depthlab experiment list|status|plan|run|report, runs and plot, from the command line, and their errors. */
class ExperimentCommandTest {

    @TempDir
    static Path dir;

    static Path specs;

    @BeforeAll
    static void writeSpec() throws IOException {
        specs = dir.resolve("specs");
        Files.createDirectories(specs);
        Files.writeString(specs.resolve("tiny.json"), """
                {
                  "title": "A tiny comparison",
                  "data": [{"name": "s4", "task": "sudoku4", "train": 10, "test": 4, "seed": 3, "clues": 8}],
                  "seeds": [1, 2],
                  "common": {"hidden": 8, "heads": 2, "batch": 4, "segments": 2},
                  "models": [{"name": "looped", "settings": {"model": "looped", "layers": 1, "loops": 2}},
                             {"name": "hrm", "settings": {"model": "hrm"}}],
                  "budget": {"match": "updates", "updates": 3},
                  "smoke": {"updates": 2}
                }
                """);
    }

    private static CliRun lab(String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(List.of("--specs", specs.toString(), "--dir", dir.resolve("lab").toString()));
        return CliRun.of(all.toArray(String[]::new));
    }

    @Test
    void listNamesTheBooksExperiments() {
        CliRun list = CliRun.of("experiment", "list");
        assertEquals(0, list.code(), list.err());
        for (String name : List.of("sudoku6-compare", "depth-ladder", "difficulty")) {
            assertTrue(list.out().contains(name), list.out());
        }
        assertTrue(list.out().contains("15 runs (5 models, 1 dataset, 3 seeds); budget: equal flops"), list.out());
    }

    @Test
    void planPrintsStandaloneCommandsThatRunOneRunEach() {
        CliRun plan = lab("experiment", "plan", "tiny", "--scale", "smoke");
        assertEquals(0, plan.code(), plan.err());
        List<String> lines = plan.out().lines().toList();
        assertEquals(4, lines.size(), plan.out());
        String first = lines.get(0);
        assertTrue(first.startsWith("depthlab experiment run tiny --scale smoke --dir /"), first);
        assertTrue(first.endsWith(" --only s4-looped-s1"), first);

        // The command as printed, run here: that run, and only it, finishes; plan then leaves it out.
        String[] args = first.substring("depthlab ".length()).split(" ");
        CliRun one = CliRun.of(args);
        assertEquals(0, one.code(), one.err());
        assertTrue(one.out().contains("1 runs finished now, 0 had finished before"), one.out());
        CliRun status = lab("experiment", "status", "tiny", "--scale", "smoke");
        assertTrue(status.out().contains("1 of 4 runs finished"), status.out());
        assertTrue(status.out().contains("s4-looped-s1") && status.out().contains("finished: exact"), status.out());
        assertEquals(3, lab("experiment", "plan", "tiny", "--scale", "smoke").out().lines().count());
        assertEquals(4, lab("experiment", "plan", "tiny", "--scale", "smoke", "--all").out().lines().count());
    }

    @Test
    void planWritesASlurmJobArrayThatBashAccepts() throws Exception {
        CliRun plan = lab("experiment", "plan", "tiny", "--format", "slurm", "--time", "2:00:00");
        assertEquals(0, plan.code(), plan.err());
        String script = plan.out();
        assertTrue(script.startsWith("#!/bin/bash\n"), script);
        assertTrue(script.contains("#SBATCH --array=0-3\n"), script);
        assertTrue(script.contains("#SBATCH --time=2:00:00\n"), script);
        assertTrue(script.contains("  s4-hrm-s2\n"), script);
        assertTrue(script.contains(" --only \"${runs[$SLURM_ARRAY_TASK_ID]}\"\n"), script);
        Path file = dir.resolve("job.sh");
        Files.writeString(file, script);
        Process bash = new ProcessBuilder("bash", "-n", file.toString()).redirectErrorStream(true).start();
        assertTrue(bash.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, bash.exitValue(), new String(bash.getInputStream().readAllBytes()));
    }

    @Test
    void mistakesAreOneLineAndExitCodeTwo() {
        CliRun unknown = lab("experiment", "run", "nonesuch");
        assertEquals(2, unknown.code());
        assertEquals("depthlab: there is no experiment 'nonesuch' in " + specs + " (see 'depthlab experiment list').",
                unknown.err().strip());
        CliRun format = lab("experiment", "plan", "tiny", "--format", "pdf");
        assertEquals(2, format.code());
        assertEquals("depthlab: --format must be commands or slurm, not 'pdf'.", format.err().strip());
        CliRun scale = lab("experiment", "status", "tiny", "--scale", "huge");
        assertEquals(2, scale.code());
        assertEquals("depthlab: --scale must be real or smoke, not 'huge'.", scale.err().strip());
        CliRun only = lab("experiment", "run", "tiny", "--only", "s4-nothing-s1");
        assertEquals(2, only.code());
        assertTrue(only.err().strip().endsWith("\ndepthlab: experiment tiny has no run 's4-nothing-s1' (see 'depthlab"
                + " experiment status tiny')."), only.err());
        CliRun report = CliRun.of("experiment", "report", "tiny", "--specs", specs.toString(), "--dir",
                dir.resolve("empty").toString());
        assertEquals(2, report.code());
        assertTrue(report.err().startsWith("depthlab: no run of tiny has finished in "), report.err());
    }

    @Test
    void runsListsTrainedRunsAndPlotDrawsTheirCurves() throws IOException {
        Path data = dir.resolve("data");
        CliRun gen = CliRun.of("generate", "--task", "sudoku4", "--count", "12", "--test-count", "4", "--clues", "8",
                "--seed", "2", "--out", data.toString());
        assertEquals(0, gen.code(), gen.err());
        for (String model : List.of("hrm", "looped")) {
            CliRun train = CliRun.of("train", "--model", model, "--task", "sudoku4", "--train",
                    data.resolve("train.txt").toString(), "--test", data.resolve("test.txt").toString(), "--out",
                    dir.resolve("runs").resolve(model).toString(), "--hidden", "8", "--steps", "6", "--batch", "4",
                    "--segments", "2");
            assertEquals(0, train.code(), train.err());
        }
        CliRun runs = CliRun.of("runs", dir.resolve("runs").toString());
        assertEquals(0, runs.code(), runs.err());
        List<String> lines = runs.out().lines().toList();
        assertEquals(3, lines.size(), runs.out());
        assertTrue(lines.get(0).matches("run +model +task +parameters +updates +training FLOPs +wall time +exact +cells"),
                lines.get(0));
        assertTrue(lines.get(1).matches("hrm +hrm +sudoku4 +[0-9,]+ +6 +[0-9.e]+ +\\d+:\\d\\d +\\d+\\.\\d% +\\d+\\.\\d%"),
                lines.get(1));

        Path svg = dir.resolve("fig/curves.svg");
        CliRun plot = CliRun.of("plot", dir.resolve("runs/hrm").toString(), dir.resolve("runs/looped").toString(),
                "--out", svg.toString(), "--x", "flops");
        assertEquals(0, plot.code(), plot.err());
        assertTrue(Files.readString(svg).contains(">hrm (hrm)</text>"));
        assertTrue(Files.size(dir.resolve("fig/curves.png")) > 1000);
        CliRun again = CliRun.of("plot", dir.resolve("runs/hrm").toString(), "--out", svg.toString());
        assertEquals(2, again.code());
        assertEquals("depthlab: " + svg + " exists; pass --force to replace it.", again.err().strip());
        CliRun none = CliRun.of("plot", dir.resolve("nowhere").toString());
        assertEquals(2, none.code());
        assertEquals("depthlab: " + dir.resolve("nowhere") + " is not a folder.", none.err().strip());
    }

    /** Claim: runs measures the FLOPs of a run whose metrics lack them exactly as training recorded them. */
    @Test
    void runsMeasuresTheFlopsAnOlderMetricsFileLacks() throws IOException {
        Path data = dir.resolve("pointer.txt");
        assertEquals(0, CliRun.of("generate", "--task", "pointer", "--count", "8", "--seed", "3", "--out",
                data.toString()).code());
        Path run = dir.resolve("old-runs/looped");
        CliRun train = CliRun.of("train", "--model", "looped", "--task", "pointer", "--train", data.toString(), "--test",
                data.toString(), "--out", run.toString(), "--hidden", "8", "--steps", "4", "--batch", "4",
                "--segments", "2");
        assertEquals(0, train.code(), train.err());
        CliRun recorded = CliRun.of("runs", dir.resolve("old-runs").toString());
        Path metrics = run.resolve("metrics.jsonl");
        Files.writeString(metrics, Files.readString(metrics).replaceAll(",\"trainingFlops\":[0-9]+", ""));
        assertTrue(!Files.readString(metrics).contains("trainingFlops"));
        CliRun measured = CliRun.of("runs", dir.resolve("old-runs").toString());
        assertEquals(0, measured.code(), measured.err());
        assertEquals(recorded.out(), measured.out());
    }
}
