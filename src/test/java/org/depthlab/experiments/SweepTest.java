package org.depthlab.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.depthlab.tasks.Dataset;
import org.depthlab.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sweep is idempotent and resumable: finished runs are never redone, an interrupted one continues. */
class SweepTest {

    /** Records what a sweep says. */
    private static final class Lines implements Sweep.Listener {
        final List<String> lines = new ArrayList<>();
        final List<Sweep.Status> statuses = new ArrayList<>();

        @Override
        public void onLine(String text) {
            lines.add(text);
        }

        @Override
        public void onStatus(Sweep.Status status) {
            statuses.add(status);
        }
    }

    @Test
    void aSecondSweepRedoesNothing(@TempDir Path dir) throws IOException {
        Plan plan = Plan.resolve(LabTesting.tiny(dir.resolve("specs")), Spec.Scale.SMOKE, dir.resolve("lab"));
        Lines first = new Lines();
        Sweep.Summary s = new Sweep(plan, new RunExecutor(), System::nanoTime).run(plan.runs(), first);
        assertEquals(plan.runs().size(), s.finished());
        Map<String, byte[]> results = new LinkedHashMap<>();
        for (Plan.Run r : plan.runs()) {
            results.put(r.id(), Files.readAllBytes(plan.folder(r).resolve(RunResult.FILE)));
        }
        Sweep.Status last = first.statuses.get(first.statuses.size() - 1);
        assertEquals(plan.runs().size(), last.runsFinished());
        assertEquals(1.0, last.fraction());

        Sweep.Summary again = new Sweep(plan, new RunExecutor(), System::nanoTime).run(plan.runs(), new Lines());
        assertEquals(plan.runs().size(), again.alreadyDone());
        assertEquals(0, again.finished());
        for (Plan.Run r : plan.runs()) {
            assertArrayEquals(results.get(r.id()), Files.readAllBytes(plan.folder(r).resolve(RunResult.FILE)), r.id());
        }
    }

    /**
     * A run killed after a checkpoint: its folder holds the checkpoint of an earlier update
     * and metrics written after it. The sweep resumes it from the checkpoint and drops the
     * metrics lines of the epochs it runs again.
     */
    @Test
    void anInterruptedRunResumesFromItsCheckpoint(@TempDir Path dir) throws IOException {
        Plan plan = Plan.resolve(LabTesting.tiny(dir.resolve("specs")), Spec.Scale.REAL, dir.resolve("lab"));
        Plan.Run run = plan.runs().stream().filter(r -> r.model().equals("hrm")).findFirst().orElseThrow();
        Path folder = plan.folder(run);
        Dataset data = plan.dataset(run);
        long part = run.trainConfig().steps() / 2;
        MetricsLog log = MetricsLog.fresh(folder, run.flops().perUpdate());
        Trainer.fresh(run.modelConfig().build(run.seed()), run.seed(), run.trainConfig().withSteps(part),
                data.task().name(), data.train(), data.test(), folder, new Trainer.Listener() {
                    @Override
                    public void onEpoch(Trainer.EpochMetrics m) {
                        log.write(m);
                    }
                }).run();
        // An epoch's line written after the checkpoint, as by a run killed before its next one.
        Files.writeString(folder.resolve(MetricsLog.FILE), "{\"epoch\": 99, \"step\": " + (part + 1)
                + ", \"epochSeconds\": 1, \"elapsedSeconds\": 1000}\n", StandardOpenOption.APPEND);

        Lines lines = new Lines();
        new Sweep(plan, new RunExecutor(), System::nanoTime).run(List.of(run), lines);
        assertTrue(lines.lines.contains(run.id() + ": resuming from update " + part + " of " + run.trainConfig().steps()),
                lines.lines.toString());
        RunResult r = RunResult.readIfPresent(folder);
        assertEquals(run.trainConfig().steps(), r.steps());
        List<MetricsLog.Line> metrics = MetricsLog.read(folder.resolve(MetricsLog.FILE));
        for (int i = 1; i < metrics.size(); i++) {
            assertTrue(metrics.get(i).step() > metrics.get(i - 1).step(), "no epoch twice: " + metrics);
            assertTrue(metrics.get(i).elapsedSeconds() >= metrics.get(i - 1).elapsedSeconds(), "a running total");
            assertTrue(metrics.get(i).elapsedSeconds() < 1000, "the dropped line's total is not continued");
        }
        assertEquals(run.trainConfig().steps(), metrics.get(metrics.size() - 1).step());
    }

    @Test
    void aRunHeldByAnotherProcessIsSkipped(@TempDir Path dir) throws IOException {
        Plan plan = Plan.resolve(LabTesting.tiny(dir.resolve("specs")), Spec.Scale.SMOKE, dir.resolve("lab"));
        Plan.Run run = plan.runs().get(0);
        Files.createDirectories(plan.folder(run));
        try (FileChannel c = FileChannel.open(plan.folder(run).resolve("lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock held = c.lock()) {
            Lines lines = new Lines();
            Sweep.Summary s = new Sweep(plan, new RunExecutor(), System::nanoTime).run(List.of(run), lines);
            assertEquals(1, s.busy());
            assertTrue(lines.lines.contains(run.id() + ": another process is running it; skipped"), lines.lines.toString());
            assertTrue(held.isValid());
        }
        assertEquals(Sweep.State.STARTED, Sweep.states(plan).get(0).state());
    }

    @Test
    void aChangedSpecRunsAgainInANewFolderAndTheOldResultIsIgnored(@TempDir Path dir) {
        Path lab = dir.resolve("lab");
        Plan plan = Plan.resolve(LabTesting.tiny(dir.resolve("a")), Spec.Scale.SMOKE, lab);
        new Sweep(plan, new RunExecutor(), System::nanoTime).run(plan.runs(), new Lines());
        Spec changed = LabTesting.write(dir.resolve("b"), "tiny", LabTesting.spec(LabTesting.FLOPS,
                LabTesting.MODELS.replace("{\"model\": \"hrm\", \"ffn-multiple\": 1}",
                        "{\"model\": \"hrm\", \"ffn-multiple\": 1, \"lr\": 0.002}")));
        Plan next = Plan.resolve(changed, Spec.Scale.SMOKE, lab);
        Sweep.Summary s = new Sweep(next, new RunExecutor(), System::nanoTime).run(next.runs(), new Lines());
        assertEquals(2, s.finished(), "the two hrm runs");
        assertEquals(4, s.alreadyDone());
        Report report = Report.collect(next, List.of());
        assertEquals(6, report.finished());
        assertEquals(2, report.stale());
    }
}
