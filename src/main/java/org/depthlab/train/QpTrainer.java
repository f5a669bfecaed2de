package org.depthlab.train;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.depthlab.BadInputException;
import org.depthlab.models.Carry;
import org.depthlab.models.VectorRefiner;
import org.depthlab.optim.AdamW;
import org.depthlab.optim.GradClip;
import org.depthlab.optim.WarmupCosine;
import org.depthlab.tasks.QpEncoding;
import org.depthlab.tasks.QpTask;
import org.depthlab.tasks.QuadraticProgram;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;

/**
 * Training a {@link VectorRefiner} to minimise quadratic programs, by regression — the loop
 * beside {@link Trainer}, which is built around token puzzles (their slots, cross-entropy and
 * halting), with AdamW, warm-up then cosine decay, and gradient clipping as {@code train} has
 * them. Every update:
 * <pre>
 *   a fresh batch of programs from the task's generator (an endless stream: nothing to memorise)
 *   carry ← the model's initial state
 *   for each of S segments:
 *     carry  ← segment(carry, x, K iterations)            the model's own gradient scheme
 *     loss  += mean over positions of (readout(carry) − x*)²
 *     carry  ← carry, detached                            deep supervision ([HRM], book/references.md)
 *   backward, clip, AdamW step (warm-up, cosine decay)
 * </pre>
 * The padded positions' target is 0 ({@link QpEncoding}). With S = 1 the model is trained on
 * exactly K iterations from its initial state — the setting of chapter 11's test, which then
 * runs it for 1 … 4K.
 */
public final class QpTrainer {

    /**
     * How to train.
     *
     * @param steps       updates
     * @param batch       programs per update
     * @param iterations  K: iterations per segment (loops, H-cycles; the transformer runs once)
     * @param segments    S: supervision segments per update, a loss after each
     * @param detach      whether the carry is detached between segments (deep supervision, as HRM
     *                    trains) or the gradient flows back through all S·K iterations (a loss at
     *                    every segment of one unrolled run)
     * @param lr          peak learning rate
     * @param warmup      warm-up updates
     * @param minLrRatio  the final learning rate over the peak, after cosine decay
     * @param weightDecay AdamW's decoupled weight decay
     * @param clip        gradient-norm clipping (0: none)
     * @param seed        the stream of programs
     */
    public record Config(long steps, int batch, int iterations, int segments, boolean detach, double lr, long warmup,
                         double minLrRatio, double weightDecay, double clip, long seed) {

        public Config {
            if (steps < 1 || batch < 1 || iterations < 1 || segments < 1 || !(lr > 0)) {
                throw new BadInputException("training needs at least 1 update, program, iteration and segment, and a"
                        + " positive learning rate.");
            }
        }

        /** The settings chapter 11 uses unless told otherwise. */
        public static Config defaults(int iterations) {
            return new Config(2000, 32, iterations, 1, true, 2e-3, 100, 0.1, 0.01, 1.0, 1);
        }

        /** The same with {@code n} updates. */
        public Config withSteps(long n) {
            return new Config(n, batch, iterations, segments, detach, lr, warmup, minLrRatio, weightDecay, clip, seed);
        }

        /** The same with S segments, detached between them or not. */
        public Config withSegments(int s, boolean detached) {
            return new Config(steps, batch, iterations, s, detached, lr, warmup, minLrRatio, weightDecay, clip, seed);
        }

        /** The same with another stream of programs. */
        public Config withSeed(long s) {
            return new Config(steps, batch, iterations, segments, detach, lr, warmup, minLrRatio, weightDecay, clip, s);
        }
    }

    /** Called after every update. */
    public interface Listener {
        void onStep(long step, long steps, double loss);
    }

    /**
     * How training went.
     *
     * @param losses the loss of every update
     * @param stoppedBecause why training stopped early (a loss that is not finite), or null
     */
    public record Result(double[] losses, String stoppedBecause) {

        /** The mean loss of the last {@code count} updates. */
        public double lastMean(int count) {
            double s = 0;
            int from = Math.max(0, losses.length - count);
            for (int i = from; i < losses.length; i++) {
                s += losses[i];
            }
            return s / Math.max(1, losses.length - from);
        }
    }

    private QpTrainer() {
    }

    /** Trains {@code model} on programs of {@code task}. */
    public static Result train(VectorRefiner model, QpTask task, Config config, Listener listener) {
        AdamW optimizer = new AdamW(model.parameters(), new AdamW.Config(0.9, 0.95, 1e-8, config.weightDecay()));
        WarmupCosine schedule = new WarmupCosine(config.lr(), Math.min(config.warmup(), config.steps()), config.steps(),
                config.minLrRatio());
        SplittableRandom stream = new SplittableRandom(config.seed());
        double[] losses = new double[(int) config.steps()];
        for (long step = 1; step <= config.steps(); step++) {
            List<QuadraticProgram> programs = new ArrayList<>();
            List<double[]> solutions = new ArrayList<>();
            for (int i = 0; i < config.batch(); i++) {
                QuadraticProgram qp = task.generate(stream);
                programs.add(qp);
                solutions.add(qp.solution());
            }
            double loss = update(model, programs, solutions, config, optimizer, schedule.lr(step));
            if (!Double.isFinite(loss)) {
                return new Result(java.util.Arrays.copyOf(losses, (int) step - 1),
                        "training stopped at update " + step + ": the loss became " + loss);
            }
            losses[(int) step - 1] = loss;
            listener.onStep(step, config.steps(), loss);
        }
        return new Result(losses, null);
    }

    /** One update: forward through S segments, loss, backward, clip, step. */
    private static double update(VectorRefiner model, List<QuadraticProgram> programs, List<double[]> solutions,
                                 Config config, AdamW optimizer, double lr) {
        int p = model.positions();
        Tape tape = new Tape();
        Tensor x = model.embed(tape, QpEncoding.features(programs, p));
        DMatrixRMaj minusTarget = QpEncoding.targets(solutions, p);
        for (int i = 0; i < minusTarget.data.length; i++) {
            minusTarget.data[i] = -minusTarget.data[i];
        }
        Carry carry = model.initialCarry(programs.size());
        Tensor loss = null;
        for (int s = 0; s < config.segments(); s++) {
            carry = model.segment(tape, carry, x, config.iterations());
            Tensor diff = tape.add(model.readout(tape, carry), Tensor.constant(minusTarget));
            Tensor mse = tape.mean(tape.mul(diff, diff));
            loss = loss == null ? mse : tape.add(loss, mse);
            carry = config.detach() ? carry.detach() : carry;
        }
        double value = loss.item();
        if (!Double.isFinite(value)) {
            return value;
        }
        tape.backward(loss);
        if (config.clip() > 0) {
            GradClip.clipGlobalNorm(model.parameters(), config.clip());
        }
        optimizer.step(lr);
        optimizer.zeroGrad();
        return value;
    }
}
