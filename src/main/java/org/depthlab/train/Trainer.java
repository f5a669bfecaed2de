package org.depthlab.train;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.depthlab.BadInputException;
import org.depthlab.models.Carry;
import org.depthlab.models.NoiseSeeds;
import org.depthlab.models.RefinementModel;
import org.depthlab.models.SegmentOutput;
import org.depthlab.optim.AdamAtan2;
import org.depthlab.optim.AdamW;
import org.depthlab.optim.Ema;
import org.depthlab.optim.GradClip;
import org.depthlab.optim.Optimizer;
import org.depthlab.optim.WarmupCosine;
import org.depthlab.tasks.Puzzle;
import org.depthlab.tasks.Tokens;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;

/**
 * One training loop for every refinement model: deep supervision with adaptive computation
 * time, as HRM trains (Wang et al. 2025, §3.3; [HRM]).
 *
 * <p>A batch is a row of <em>slots</em>, each holding one puzzle in flight with its carry.
 * Every optimizer update runs <b>one supervision segment</b> for every slot:
 * <pre>
 *   slots that halted take the next puzzle of the stream and restart from the initial carry
 *   out  = model.segment(carry, inputs)                       (on a fresh tape)
 *   loss = CE(out.logits, targets)                            stablemax or softmax
 *        + ½·BCE(q_halt, answer exactly right)                models with a halting head
 *        + ½·BCE(q_continue, σ(next segment's best q))        HRM: one extra forward, no gradient
 *   backward, clip, optimizer step (warm-up + cosine), EMA
 *   carry ← out.carry (detached); halt per {@link Halting}
 * </pre>
 * so a puzzle is supervised after every one of its segments, and its carry persists between
 * them without a gradient path back. Models without a halting head run exactly
 * {@code maxSegments} segments per puzzle.
 *
 * <p>Every random choice (order, augmentation, exploration) is a function of the seed and a
 * counter, so a run is bit-reproducible, and a resumed run continues the same stream of
 * puzzles. (Puzzles in flight when a checkpoint was written restart from their initial carry
 * on resume.)
 *
 * <p>A loss or gradient that is not finite, or an epoch's loss ten times its best, stops the
 * run with a message; the last checkpoint written is left as it was.
 */
public final class Trainer {

    /** Called as training goes, for progress bars and logs. */
    public interface Listener {
        default void onStep(long step, long totalSteps, double loss, double exact) {
        }

        default void onEpoch(EpochMetrics metrics) {
        }
    }

    /**
     * What one epoch (every training puzzle entered once) measured.
     *
     * @param epoch         epochs completed, counted in puzzles drawn / training-set size (a run
     *                      that stops mid-epoch ends on a fraction)
     * @param loss          mean training loss per update
     * @param tokenAccuracy over labelled positions of sequences when they halted
     * @param exact         fraction of halted sequences whose answer was exactly the label
     * @param segments      mean segments a training sequence used
     * @param test          evaluation on the test set, or null when none ran this epoch
     * @param testedWeights which weights the test evaluated: {@link Trainer#RAW_WEIGHTS}, or the
     *                      moving average ({@link Ema#describe()}); null when no test ran
     */
    public record EpochMetrics(double epoch, long step, double loss, double tokenAccuracy, double exact,
                               double segments, long halted, Evaluator.Result test, double seconds,
                               String testedWeights) {
    }

    /** {@link EpochMetrics#testedWeights()} of a run that keeps no moving average. */
    public static final String RAW_WEIGHTS = "the trained weights";

    /** How the run ended. */
    public record Result(long steps, long epochs, EpochMetrics last, String stoppedBecause) {
        public boolean diverged() {
            return stoppedBecause != null;
        }
    }

    private static final long HALT_STREAM = 0x632BE59BD9B4E019L;
    /** Where a stochastic model's training noise comes from (see {@link NoiseSeeds}). */
    private static final long NOISE_STREAM = 0x2545F4914F6CDD1DL;
    /** The key of the EMA's update count in training.safetensors (absent before format 2). */
    private static final String EMA_UPDATES = "ema_updates";

    private final RefinementModel model;
    private final TrainConfig config;
    private final String task;
    private final long modelSeed;
    private final List<Puzzle> train;
    private final List<Puzzle> test;
    private final Path out;
    private final Listener listener;
    private final Checkpoint.Progress start;
    private final Map<String, DMatrixRMaj> resumeState;

    private Trainer(RefinementModel model, TrainConfig config, String task, long modelSeed, List<Puzzle> train,
                    List<Puzzle> test, Path out, Listener listener, Checkpoint.Progress start,
                    Map<String, DMatrixRMaj> resumeState) {
        this.model = model;
        this.config = config;
        this.task = task;
        this.modelSeed = modelSeed;
        this.train = List.copyOf(train);
        this.test = List.copyOf(test);
        this.out = out;
        this.listener = listener == null ? new Listener() { } : listener;
        this.start = start;
        this.resumeState = resumeState;
        for (Puzzle p : train) {
            if (p.sequenceLength() != model.seqLen() || p.vocabularySize() > model.vocab()) {
                throw new BadInputException("a " + p.taskName() + " puzzle has " + p.sequenceLength()
                        + " positions and " + p.vocabularySize() + " tokens; the model takes " + model.seqLen()
                        + " positions and " + model.vocab() + " tokens");
            }
        }
    }

    /**
     * A new run.
     *
     * @param out checkpoint directory, or null to keep nothing
     */
    public static Trainer fresh(RefinementModel model, long modelSeed, TrainConfig config, String task,
                                List<Puzzle> train, List<Puzzle> test, Path out, Listener listener) {
        return new Trainer(model, config, task, modelSeed, train, test, out, listener,
                new Checkpoint.Progress(0, 0, 0, 0), null);
    }

    /** Continues the run saved in {@code dir} up to {@code steps} updates in all (its own total if ≤ 0). */
    public static Trainer resume(Path dir, long steps, List<Puzzle> train, List<Puzzle> test, Listener listener) {
        Checkpoint.Manifest m = Checkpoint.manifest(dir);
        Checkpoint.Loaded loaded = Checkpoint.load(dir);
        Map<String, DMatrixRMaj> state = Checkpoint.trainingState(dir, m);
        TrainConfig config = steps > 0 ? m.train().withSteps(steps) : m.train();
        return new Trainer(loaded.model(), config, m.task(), m.modelSeed(), train, test, dir, listener, m.progress(),
                state);
    }

    public RefinementModel model() {
        return model;
    }

    /** Runs to the configured number of steps or epochs, or until the loss diverges. */
    public Result run() {
        Optimizer optimizer = optimizer();
        Ema ema = config.emaDecay() > 0 ? new Ema(model.parameters(), config.emaDecay()) : null;
        if (resumeState != null) {
            ema = restore(optimizer, ema);
        }
        WarmupCosine schedule = new WarmupCosine(config.lr(), Math.min(config.warmupSteps(), config.steps()),
                config.steps(), config.minLrRatio());
        PuzzleStream stream = new PuzzleStream(train, config.augment(), config.seed(), start.drawn());
        Slots slots = new Slots(model, config.batch());

        long step = start.step();
        long epoch = start.epoch();
        long generation = start.generation();
        double bestEpochLoss = Double.POSITIVE_INFINITY;
        Epoch current = new Epoch();
        EpochMetrics last = null;
        while (step < config.steps() && (config.epochs() == 0 || epoch < config.epochs())) {
            step++;
            slots.refill(stream);
            StepResult r = step(slots, optimizer, schedule.lr(step), ema, step);
            if (r.problem != null) {
                return new Result(step, epoch, last, "training stopped at update " + step + ": " + r.problem
                        + (out == null ? "" : "; the last good checkpoint in " + out + " is kept"));
            }
            current.add(r);
            listener.onStep(step, config.steps(), r.loss, current.exact());
            boolean epochDone = stream.epochsCompleted() > epoch;
            boolean finished = step >= config.steps();
            if (epochDone || finished) {
                epoch = Math.max(epoch, stream.epochsCompleted());
                boolean evaluate = finished || epoch % config.evalEvery() == 0;
                Evaluator.Result eval = evaluate && !test.isEmpty()
                        ? evaluateNow(ema) : null;
                last = current.finish(stream.drawn() / (double) stream.size(), step, eval,
                        eval == null ? null : ema == null ? RAW_WEIGHTS : ema.describe());
                listener.onEpoch(last);
                if (last.loss() > 10 * bestEpochLoss) {
                    return new Result(step, epoch, last, "training stopped at update " + step
                            + ": the loss diverged (epoch mean " + String.format(Locale.ROOT, "%.4f", last.loss())
                            + ", more than ten times the best, " + String.format(Locale.ROOT, "%.4f", bestEpochLoss) + ")"
                            + (out == null ? "" : "; the last good checkpoint in " + out + " is kept"));
                }
                bestEpochLoss = Math.min(bestEpochLoss, last.loss());
                if (out != null && (evaluate || finished)) {
                    generation++;
                    save(optimizer, ema, new Checkpoint.Progress(step, stream.drawn(), epoch, generation));
                }
                current = new Epoch();
            }
        }
        return new Result(step, epoch, last, null);
    }

    private Evaluator.Result evaluateNow(Ema ema) {
        int segments = config.maxSegments();
        return ema == null ? Evaluator.evaluate(model, test, segments, config.batch())
                : ema.withShadowWeights(() -> Evaluator.evaluate(model, test, segments, config.batch()));
    }

    private Optimizer optimizer() {
        if (config.optimizer().equals("adamw")) {
            return new AdamW(model.parameters(), new AdamW.Config(config.beta1(), config.beta2(), 1e-8,
                    config.weightDecay()));
        }
        AdamAtan2.Config released = AdamAtan2.Config.of(config.beta1(), config.beta2(), config.weightDecay());
        return new AdamAtan2(model.parameters(), config.optimizer().equals("adam-atan2-inside")
                ? released.withBiasCorrection(AdamAtan2.BiasCorrection.INSIDE) : released);
    }

    // ------------------------------------------------------------------ one update

    /** What one update measured, or why it stopped the run ({@code problem}, null if it did not). */
    private record StepResult(double loss, long halted, long exactHalted, long labelled, long right,
                              long segmentsOfHalted, String problem) {

        static StepResult stopped(double loss, String problem) {
            return new StepResult(loss, 0, 0, 0, 0, 0, problem);
        }
    }

    /**
     * One segment's forward pass over the slots and what it answered: the model's output, the
     * batch's tokens, the argmax answer, whether each sequence is exactly right, and each
     * sequence's segment count including this one.
     */
    private record Segment(SegmentOutput out, int[] inputs, int[] targets, int[] answers, boolean[] exact,
                           int[] steps) {
    }

    /** One optimizer update: forward, loss, backward, update, bookkeeping. */
    private StepResult step(Slots slots, Optimizer optimizer, double lr, Ema ema, long step) {
        Tape tape = new Tape();
        Segment segment = forward(tape, slots, step);
        Tensor loss = loss(tape, segment);
        double lossValue = loss.item();
        if (!Double.isFinite(lossValue)) {
            return StepResult.stopped(lossValue, "the loss became " + lossValue);
        }
        double norm = backward(tape, loss);
        if (!Double.isFinite(norm)) {
            return StepResult.stopped(lossValue, "the gradient norm became " + norm);
        }
        update(optimizer, lr, ema);
        return bookkeeping(slots, segment, lossValue, step);
    }

    /**
     * One supervision segment for every slot, recorded on {@code tape}; a stochastic model draws
     * slot s's noise from the seed derived from (run seed, update, s).
     */
    private Segment forward(Tape tape, Slots slots, long step) {
        int[] inputs = slots.inputs();
        int[] targets = slots.targets();
        long[] noise = NoiseSeeds.rows(NoiseSeeds.derive(config.seed() ^ NOISE_STREAM, step), slots.puzzles.length);
        SegmentOutput out = model.trainingSegment(tape, slots.carry, inputs, targets, noise);
        int[] answers = Answers.argmax(out.logits().value());
        boolean[] exact = Answers.exact(answers, targets, model.seqLen());
        int[] steps = new int[exact.length];
        for (int s = 0; s < steps.length; s++) {
            steps[s] = slots.steps[s] + 1;
        }
        return new Segment(out, inputs, targets, answers, exact, steps);
    }

    /**
     * CE(logits, targets) + ½·(BCE(q_halt, exact) + BCE(q_continue, σ(next best q))), the
     * halting terms only for a model with a halting head (the continue term only with one, and
     * with more than one segment to continue to); plus the model's regulariser if it returns one
     * (the variational model's β·KL, which makes the loss its negative ELBO).
     */
    private Tensor loss(Tape tape, Segment segment) {
        SegmentOutput out = segment.out();
        Tensor loss = config.loss().equals("stablemax")
                ? tape.stablemaxCrossEntropy(out.logits(), segment.targets(), Tokens.PAD)
                : tape.softmaxCrossEntropy(out.logits(), segment.targets(), Tokens.PAD);
        if (out.regulariser() != null) {
            loss = tape.add(loss, out.regulariser());
        }
        if (out.qHalt() == null) {
            return loss;
        }
        int n = segment.exact().length;
        DMatrixRMaj correct = new DMatrixRMaj(n, 1);
        for (int s = 0; s < n; s++) {
            correct.data[s] = segment.exact()[s] ? 1 : 0;
        }
        Tensor q = tape.binaryCrossEntropyWithLogits(out.qHalt(), correct);
        if (out.qContinue() != null && config.maxSegments() > 1) {
            q = tape.add(q, tape.binaryCrossEntropyWithLogits(out.qContinue(),
                    continueTargets(out.carry(), segment.inputs(), segment.steps())));
        }
        return tape.add(loss, tape.scale(q, 0.5));
    }

    /** Fills every parameter's gradient, clipped if configured; returns the norm before clipping. */
    private double backward(Tape tape, Tensor loss) {
        tape.backward(loss);
        return config.clipNorm() > 0 ? GradClip.clipGlobalNorm(model.parameters(), config.clipNorm())
                : GradClip.globalNorm(model.parameters());
    }

    /** The optimizer's step at this update's rate, then the weights' moving average. */
    private static void update(Optimizer optimizer, double lr, Ema ema) {
        optimizer.step(lr);
        optimizer.zeroGrad();
        if (ema != null) {
            ema.update();
        }
    }

    /**
     * Which sequences halt ({@link Halting}), what the halted ones scored, and the slots moved
     * on: the carry to the next segment, halted slots freed for the next puzzle.
     */
    private StepResult bookkeeping(Slots slots, Segment segment, double lossValue, long step) {
        SegmentOutput out = segment.out();
        boolean[] halted = Halting.decide(segment.steps(), column(out.qHalt()), column(out.qContinue()),
                config.maxSegments(), config.exploration(), new SplittableRandom(config.seed() ^ (step * HALT_STREAM)));
        long haltedCount = 0;
        long exactHalted = 0;
        long labelled = 0;
        long right = 0;
        long segments = 0;
        for (int s = 0; s < halted.length; s++) {
            if (halted[s]) {
                haltedCount++;
                exactHalted += segment.exact()[s] ? 1 : 0;
                int[] counts = Answers.tokenCounts(segment.answers(), segment.targets(), model.seqLen(), s);
                labelled += counts[0];
                right += counts[1];
                segments += segment.steps()[s];
            }
        }
        slots.advance(out.carry(), segment.steps(), halted);
        return new StepResult(lossValue, haltedCount, exactHalted, labelled, right, segments, null);
    }

    /**
     * HRM's Q-learning target for q_continue: σ of the next segment's max(q_halt, q_continue),
     * or of its q_halt when this was the last allowed segment — from one extra forward pass
     * that records nothing.
     */
    private DMatrixRMaj continueTargets(Carry next, int[] inputs, int[] steps) {
        Tape tape = new Tape();
        SegmentOutput ahead = tape.noGrad(() -> model.segment(tape, next, inputs));
        DMatrixRMaj target = new DMatrixRMaj(steps.length, 1);
        for (int s = 0; s < steps.length; s++) {
            double h = ahead.qHalt().get(s, 0);
            double c = ahead.qContinue().get(s, 0);
            double best = steps[s] >= config.maxSegments() ? h : Math.max(h, c);
            target.data[s] = 1 / (1 + Math.exp(-best));
        }
        return target;
    }

    private static double[] column(Tensor t) {
        return t == null ? null : Arrays.copyOf(t.value().data, t.rows());
    }

    // ------------------------------------------------------------------ slots

    /** The puzzles in flight, one per batch row, with their carry and segment counts. */
    private static final class Slots {
        final RefinementModel model;
        final Puzzle[] puzzles;
        final int[] steps;
        boolean[] halted;
        Carry carry;

        Slots(RefinementModel model, int batch) {
            this.model = model;
            this.puzzles = new Puzzle[batch];
            this.steps = new int[batch];
            this.halted = new boolean[batch];
            Arrays.fill(halted, true);
            this.carry = model.initialCarry(batch);
        }

        void refill(PuzzleStream stream) {
            for (int s = 0; s < puzzles.length; s++) {
                if (halted[s]) {
                    puzzles[s] = stream.next();
                    steps[s] = 0;
                }
            }
            carry = carry.restart(halted, model.initialCarry(puzzles.length), model.statePositions());
        }

        void advance(Carry next, int[] newSteps, boolean[] newHalted) {
            carry = next;
            System.arraycopy(newSteps, 0, steps, 0, steps.length);
            halted = newHalted;
        }

        int[] inputs() {
            return concat(true);
        }

        int[] targets() {
            return concat(false);
        }

        private int[] concat(boolean inputs) {
            int seqLen = model.seqLen();
            int[] all = new int[puzzles.length * seqLen];
            for (int s = 0; s < puzzles.length; s++) {
                int[] tokens = inputs ? puzzles[s].inputTokens() : puzzles[s].targetTokens();
                System.arraycopy(tokens, 0, all, s * seqLen, seqLen);
            }
            return all;
        }
    }

    // ------------------------------------------------------------------ epochs

    private static final class Epoch {
        final long startNanos = System.nanoTime();
        double lossSum;
        long updates;
        long halted;
        long exact;
        long labelled;
        long right;
        long segments;

        void add(StepResult r) {
            lossSum += r.loss;
            updates++;
            halted += r.halted;
            exact += r.exactHalted;
            labelled += r.labelled;
            right += r.right;
            segments += r.segmentsOfHalted;
        }

        double exact() {
            return halted == 0 ? 0 : exact / (double) halted;
        }

        EpochMetrics finish(double epoch, long step, Evaluator.Result eval, String testedWeights) {
            return new EpochMetrics(epoch, step, lossSum / Math.max(1, updates),
                    labelled == 0 ? 0 : right / (double) labelled, exact(),
                    halted == 0 ? 0 : segments / (double) halted, halted, eval,
                    (System.nanoTime() - startNanos) / 1e9, testedWeights);
        }
    }

    // ------------------------------------------------------------------ checkpoints

    private void save(Optimizer optimizer, Ema ema, Checkpoint.Progress progress) {
        Map<String, DMatrixRMaj> state = new LinkedHashMap<>();
        optimizer.state().forEach((k, v) -> state.put("optimizer/" + k, v));
        Map<String, DMatrixRMaj> inference = Map.of();
        if (ema != null) {
            ema.state().forEach((k, v) -> state.put("ema/" + k, v));
            if (ema.biasCorrected()) {
                // Without the count (a format-1 run continued) the average stays uncorrected.
                DMatrixRMaj count = new DMatrixRMaj(1, 1);
                count.data[0] = ema.updates();
                state.put(EMA_UPDATES, count);
            }
            // model.safetensors gets the average (what evaluation runs); the raw weights that
            // training continues from go here.
            for (Tensor p : model.parameters()) {
                state.put("raw/" + p.name(), p.value());
            }
            inference = ema.state();
        }
        Checkpoint.save(out, new Checkpoint.Manifest(Checkpoint.FORMAT, task, model.config(), modelSeed, config,
                progress), model, inference, state);
    }

    /**
     * Loads the optimizer's state and the raw weights, and returns the moving average to continue
     * (null if the run keeps none). A state saved without the average's update count (format 1)
     * continues as the uncorrected average it was.
     */
    private Ema restore(Optimizer optimizer, Ema fresh) {
        Map<String, DMatrixRMaj> opt = new LinkedHashMap<>();
        Map<String, DMatrixRMaj> avg = new LinkedHashMap<>();
        Map<String, DMatrixRMaj> raw = new LinkedHashMap<>();
        resumeState.forEach((k, v) -> {
            if (k.startsWith("optimizer/")) {
                opt.put(k.substring("optimizer/".length()), v);
            } else if (k.startsWith("ema/")) {
                avg.put(k.substring("ema/".length()), v);
            } else if (k.startsWith("raw/")) {
                raw.put(k.substring("raw/".length()), v);
            }
        });
        optimizer.loadState(opt);
        if (fresh == null) {
            return null;
        }
        DMatrixRMaj count = resumeState.get(EMA_UPDATES);
        Ema ema = count != null ? fresh : Ema.uncorrected(model.parameters(), config.emaDecay());
        ema.loadState(avg, count != null ? (long) count.get(0, 0) : start.step());
        for (Tensor p : model.parameters()) {
            DMatrixRMaj w = raw.get(p.name());
            if (w == null || w.numRows != p.rows() || w.numCols != p.cols()) {
                throw new BadInputException("the training state has no raw weights for '" + p.name()
                        + "' to resume from");
            }
            p.value().setTo(w);
        }
        return ema;
    }
}
