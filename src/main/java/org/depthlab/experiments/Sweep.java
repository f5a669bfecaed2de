package org.depthlab.experiments;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.depthlab.BadInputException;
import org.depthlab.train.Checkpoint;

/**
 * A sweep: every run of a plan that is not finished yet, one after the other, each to its
 * {@code result.json} ({@link RunExecutor}). It is idempotent — finished runs are skipped by
 * their hash — and resumable — a killed sweep, started again, skips what finished and
 * resumes the run it was in from that run's last checkpoint.
 *
 * <p>Its progress is measured in training FLOPs, the unit every run's cost is known in
 * before it starts: the ETA is the time so far × the FLOPs still to train ÷ the FLOPs trained
 * so far in this sweep (a resumed run counts only what it has left; evaluation time is not
 * modelled, so the ETA runs a little short).
 */
public final class Sweep {

    /**
     * Where a sweep stands, for its progress line.
     *
     * @param runsFinished runs with a result, of {@code runs}
     * @param current      the run in progress, or null between runs
     * @param step         its update
     * @param fraction     of this sweep's training FLOPs done
     * @param etaSeconds   estimated seconds left, or −1 before anything was measured
     */
    public record Status(String experiment, int runsFinished, int runs, Plan.Run current, long step, double loss,
                         double exact, double fraction, double etaSeconds) {

        /** The sweep and the current run in one line, e.g. for a terminal. */
        public String line() {
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%s  %d/%d runs  %.0f%% of the FLOPs",
                    experiment, runsFinished, runs, 100 * fraction));
            b.append(etaSeconds >= 0 ? "  ETA " + Units.clock(etaSeconds) : "");
            if (current != null) {
                b.append(String.format(Locale.ROOT, "  |  %s  update %d/%d", current.id(), step,
                        current.trainConfig().steps()));
                b.append(Double.isNaN(loss) ? "  starting" : String.format(Locale.ROOT, "  loss %.4f  train exact %.1f%%",
                        loss, 100 * exact));
            }
            return b.toString();
        }
    }

    /** What a sweep is told. */
    public interface Listener extends RunExecutor.Listener {
        /** The sweep moved on (called at every update). */
        default void onStatus(Status status) {
        }
    }

    /** Where one run stands. */
    public enum State { FINISHED, STARTED, PENDING }

    /**
     * One run's state.
     *
     * @param step   the update its checkpoint reached (started runs)
     * @param result its result (finished runs), else null
     */
    public record RunState(Plan.Run run, State state, long step, RunResult result) {
    }

    /** The state of every run of {@code plan}, from its folder. */
    public static List<RunState> states(Plan plan) {
        List<RunState> out = new ArrayList<>();
        for (Plan.Run r : plan.runs()) {
            Path dir = plan.folder(r);
            RunResult result = RunResult.readIfPresent(dir);
            if (result != null && result.hash().equals(r.hash())) {
                out.add(new RunState(r, State.FINISHED, r.trainConfig().steps(), result));
            } else if (Files.isDirectory(dir)) {
                out.add(new RunState(r, State.STARTED, checkpointStep(plan, r), null));
            } else {
                out.add(new RunState(r, State.PENDING, 0, null));
            }
        }
        return out;
    }

    /** What a sweep did. */
    public record Summary(int alreadyDone, int finished, int busy, double seconds) {
    }

    private final Plan plan;
    private final RunExecutor executor;
    private final LongSupplier clock;

    public Sweep(Plan plan, RunExecutor executor, LongSupplier clock) {
        this.plan = plan;
        this.executor = executor;
        this.clock = clock;
    }

    /** Runs every run of {@code runs} (a part of the plan's) that has no result yet. */
    public Summary run(List<Plan.Run> runs, Listener listener) {
        long start = clock.getAsLong();
        List<Plan.Run> pending = new ArrayList<>();
        long[] startStep = new long[runs.size()];
        double total = 0;
        int done = 0;
        for (Plan.Run r : runs) {
            if (RunExecutor.finished(plan.folder(r), r)) {
                done++;
            } else {
                long from = checkpointStep(plan, r);
                startStep[pending.size()] = from;
                pending.add(r);
                total += (r.trainConfig().steps() - Math.min(from, r.trainConfig().steps())) * (double) r.flops().perUpdate();
            }
        }
        int alreadyDone = done;
        int finished = 0;
        int busy = 0;
        double doneWork = 0;
        double sweepWork = total;
        for (int i = 0; i < pending.size(); i++) {
            Plan.Run run = pending.get(i);
            long from = startStep[i];
            double before = doneWork;
            int finishedSoFar = alreadyDone + finished;
            RunExecutor.Listener perRun = new RunExecutor.Listener() {
                @Override
                public void onStep(Plan.Run r, long step, long steps, double loss, double exact) {
                    double work = before + Math.max(0, step - from) * (double) r.flops().perUpdate();
                    listener.onStatus(status(r, finishedSoFar, runs.size(), step, loss, exact, work, sweepWork, start));
                }

                @Override
                public void onLine(String text) {
                    listener.onLine(text);
                }
            };
            listener.onStatus(status(run, finishedSoFar, runs.size(), from, Double.NaN, 0, before, sweepWork, start));
            RunExecutor.Outcome o = executor.execute(plan, run, perRun);
            doneWork = before + (run.trainConfig().steps() - Math.min(from, run.trainConfig().steps()))
                    * (double) run.flops().perUpdate();
            switch (o) {
                case FINISHED -> {
                    finished++;
                    RunResult r = RunResult.readIfPresent(plan.folder(run));
                    listener.onLine(String.format(Locale.ROOT, "%s: %s exact, %s of cells, %,d updates in %s%s",
                            run.id(), Units.percent(r.exact()), Units.percent(r.cells()), r.steps(),
                            Units.clock(r.trainSeconds()), r.stoppedBecause() == null ? "" : " (" + r.stoppedBecause() + ")"));
                }
                case ALREADY_DONE -> done++;
                default -> busy++;
            }
            listener.onStatus(status(null, alreadyDone + finished, runs.size(), 0, 0, 0, doneWork, sweepWork, start));
        }
        return new Summary(alreadyDone, finished, busy, (clock.getAsLong() - start) / 1e9);
    }

    private Status status(Plan.Run run, int finished, int runs, long step, double loss, double exact, double work,
                          double total, long start) {
        double elapsed = (clock.getAsLong() - start) / 1e9;
        double fraction = total <= 0 ? 1 : Math.min(1, work / total);
        double eta = work > 0 ? elapsed * (total - work) / work : -1;
        return new Status(plan.spec().name(), finished, runs, run, step, loss, exact, fraction, eta);
    }

    /** The update the run's checkpoint reached, or 0. */
    private static long checkpointStep(Plan plan, Plan.Run run) {
        Path dir = plan.folder(run);
        if (!Files.isRegularFile(dir.resolve(Checkpoint.CONFIG_FILE))) {
            return 0;
        }
        try {
            return Checkpoint.manifest(dir).progress().step();
        } catch (BadInputException e) {
            return 0; // unreadable: the run starts again (RunExecutor says so)
        }
    }
}
