package org.depthlab.experiments;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.depthlab.BadInputException;
import org.depthlab.io.AtomicFiles;
import org.depthlab.tasks.Dataset;
import org.depthlab.train.Checkpoint;
import org.depthlab.train.Trainer;

/**
 * Runs one run of an experiment to its {@code result.json}: trains (or resumes training from
 * the run's last checkpoint), then evaluates ({@link RunEvaluation}) and writes the result.
 * Each step leaves the folder in a state the next attempt can continue from:
 * <ul>
 *   <li>{@code result.json} there, with the run's hash: finished, nothing to do;</li>
 *   <li>a checkpoint short of the run's updates: training resumes from it (the epochs after
 *       it run again, so their lines of {@code metrics.jsonl} are dropped first);</li>
 *   <li>a checkpoint at the run's updates: training is done, the evaluation runs;</li>
 *   <li>nothing, or a checkpoint that cannot be read (killed while writing it): a fresh start.</li>
 * </ul>
 * A lock file keeps two processes from running the same run at once; the second skips it.
 */
public final class RunExecutor {

    /** What a run reports as it goes. */
    public interface Listener {
        /** A training update finished. */
        default void onStep(Plan.Run run, long step, long steps, double loss, double exact) {
        }

        /** Something worth a line: a resume, a skip, a finished run. */
        default void onLine(String text) {
        }
    }

    /** How an attempt at a run ended. */
    public enum Outcome {
        /** Its result was already there. */
        ALREADY_DONE,
        /** It ran (trained and/or evaluated) and its result is written now. */
        FINISHED,
        /** Another process holds it. */
        BUSY
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final String version;

    /** An executor that stamps results with this process's depthlab version. */
    public RunExecutor() {
        this.version = Provenance.version();
    }

    /** Whether {@code run} has its result in {@code dir}. */
    public static boolean finished(Path dir, Plan.Run run) {
        RunResult r = RunResult.readIfPresent(dir);
        return r != null && r.hash().equals(run.hash());
    }

    /** Runs {@code run} of {@code plan} as far as it still needs to go. */
    public Outcome execute(Plan plan, Plan.Run run, Listener listener) {
        Path dir = plan.folder(run);
        if (finished(dir, run)) {
            return Outcome.ALREADY_DONE;
        }
        AtomicFiles.createDirectories(dir);
        try (FileChannel channel = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                listener.onLine(run.id() + ": another process is running it; skipped");
                return Outcome.BUSY;
            }
            try {
                if (finished(dir, run)) {
                    return Outcome.ALREADY_DONE;
                }
                runLocked(plan, run, dir, listener);
                return Outcome.FINISHED;
            } finally {
                lock.release();
            }
        } catch (IOException e) {
            throw new BadInputException("cannot lock " + dir + ": " + e.getMessage() + ".");
        }
    }

    private void runLocked(Plan plan, Plan.Run run, Path dir, Listener listener) {
        writeRunFile(plan, run, dir);
        Dataset data = plan.dataset(run);
        long steps = run.trainConfig().steps();
        long fpu = run.flops().perUpdate();
        Trainer.Listener progress = new Trainer.Listener() {
            @Override
            public void onStep(long step, long totalSteps, double loss, double exact) {
                listener.onStep(run, step, totalSteps, loss, exact);
            }
        };

        Checkpoint.Manifest saved = readableCheckpoint(dir, run, listener);
        String stoppedBecause = null;
        double trainSeconds;
        if (saved != null && saved.progress().step() >= steps) {
            List<MetricsLog.Line> lines = MetricsLog.read(dir.resolve(MetricsLog.FILE));
            trainSeconds = lines.isEmpty() ? 0 : lines.get(lines.size() - 1).elapsedSeconds();
        } else {
            MetricsLog log = null;
            Trainer trainer = null;
            if (saved != null) {
                try {
                    MetricsLog resumed = MetricsLog.resumed(dir, saved.progress().step(), fpu);
                    trainer = Trainer.resume(dir, steps, data.train(), data.test(), logging(progress, resumed));
                    log = resumed;
                    listener.onLine(run.id() + ": resuming from update " + saved.progress().step() + " of " + steps);
                } catch (BadInputException e) {
                    listener.onLine(run.id() + ": its checkpoint cannot be resumed (" + e.getMessage()
                            + "); starting it again");
                }
            }
            if (trainer == null) {
                log = MetricsLog.fresh(dir, fpu);
                trainer = Trainer.fresh(run.modelConfig().build(run.seed()), run.seed(), run.trainConfig(),
                        data.task().name(), data.train(), data.test(), dir, logging(progress, log));
            }
            Trainer.Result result = trainer.run();
            stoppedBecause = result.stoppedBecause();
            trainSeconds = log.elapsedSeconds();
        }

        long t0 = System.nanoTime();
        RunEvaluation.Measured m;
        List<WidthEvaluation.Curve> width = List.of();
        if (Files.isRegularFile(dir.resolve(Checkpoint.CONFIG_FILE))) {
            Checkpoint.Loaded loaded = Checkpoint.load(dir);
            m = RunEvaluation.evaluate(loaded.model(), run.trainConfig().maxSegments(), run.trainConfig().batch(),
                    run.evaluation(), data.test());
            if (run.evaluation().width() != null) {
                width = WidthEvaluation.measure(loaded.model(), run.trainConfig().maxSegments(), run.evaluation().width(),
                        data.test());
            }
        } else {
            // Diverged before its first checkpoint: nothing trained to evaluate.
            m = new RunEvaluation.Measured(0, 0, run.trainConfig().maxSegments(), new double[0], List.of(), List.of(),
                    List.of(), List.of(), null);
        }
        double evalSeconds = (System.nanoTime() - t0) / 1e9;
        List<RunResult.CurvePoint> curve = MetricsLog.read(dir.resolve(MetricsLog.FILE)).stream()
                .filter(MetricsLog.Line::evaluated)
                .map(l -> new RunResult.CurvePoint(l.step(), l.step() * fpu, l.testExact(), l.testCells()))
                .toList();
        RunResult result = new RunResult(Plan.FORMAT, run.id(), run.hash(), run.data(), run.model(), run.family(),
                run.modelConfig().kind(), run.seed(), run.parameters(), run.layerApplications(), fpu, steps,
                steps * fpu, trainSeconds, evalSeconds, stoppedBecause, version, curve, m.exact(), m.cells(),
                m.trainedSegments(), m.exactBySegment(), m.difficulty(), m.strategies(), m.beam(), m.search(), m.lr2(),
                width);
        result.write(dir);
    }

    /** The run's checkpoint manifest, or null when there is none or it cannot be read (then it starts afresh). */
    private static Checkpoint.Manifest readableCheckpoint(Path dir, Plan.Run run, Listener listener) {
        if (!Files.isRegularFile(dir.resolve(Checkpoint.CONFIG_FILE))) {
            return null;
        }
        try {
            return Checkpoint.manifest(dir);
        } catch (BadInputException e) {
            listener.onLine(run.id() + ": its checkpoint cannot be read (" + e.getMessage() + "); starting it again");
            return null;
        }
    }

    private static Trainer.Listener logging(Trainer.Listener progress, MetricsLog log) {
        return new Trainer.Listener() {
            @Override
            public void onStep(long step, long totalSteps, double loss, double exact) {
                progress.onStep(step, totalSteps, loss, exact);
            }

            @Override
            public void onEpoch(Trainer.EpochMetrics metrics) {
                log.write(metrics);
            }
        };
    }

    /** {@code run.json}: the run's resolved configuration, for people and for {@code depthlab runs}. */
    private static void writeRunFile(Plan plan, Plan.Run run, Path dir) {
        ObjectNode o = JSON.createObjectNode();
        o.put("experiment", plan.spec().name());
        o.put("scale", plan.scale().label());
        o.put("id", run.id());
        o.put("hash", run.hash());
        o.put("data", run.data());
        o.put("model", run.model());
        o.put("family", run.family());
        o.put("seed", run.seed());
        o.put("parameters", run.parameters());
        o.put("layerApplications", run.layerApplications());
        o.put("flopsPerUpdate", run.flops().perUpdate());
        o.put("forwardFlopsPerUpdate", run.flops().forward());
        o.put("recordedFlopsPerUpdate", run.flops().recorded());
        o.set("modelConfig", JSON.valueToTree(run.modelConfig()));
        o.set("trainConfig", JSON.valueToTree(run.trainConfig()));
        o.set("evaluation", JSON.valueToTree(run.evaluation()));
        try {
            AtomicFiles.writeString(dir.resolve("run.json"), JSON.writeValueAsString(o) + "\n");
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the run file of " + run.id(), e);
        }
    }
}
