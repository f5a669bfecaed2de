package org.depthlab.train;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.depthlab.models.Carry;
import org.depthlab.models.RefinementModel;
import org.depthlab.models.SegmentOutput;
import org.depthlab.optim.AdamW;
import org.depthlab.optim.WarmupCosine;
import org.depthlab.tasks.ComposedPointer;
import org.depthlab.tasks.Tokens;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;

/**
 * A refinement model trained on the composed pointer task ({@link ComposedPointer}), whose
 * examples are not puzzles of the training loop's tasks: a fixed number of supervision
 * segments per batch (deep supervision without halting), the softmax cross-entropy of the
 * answer slot, AdamW.
 * <pre>
 *   carry = initial carry
 *   S times:  out  = model.segment(carry, tokens)
 *             loss = CE(out.logits at the answer slot, answer)     every other position is PAD
 *             backward (the model's own gradient: HRM's one-step, the loop's full), AdamW step
 *             carry = out.carry (detached)
 * </pre>
 * {@link Trainer} runs the puzzles' deep supervision with adaptive halting; this loop runs
 * every batch for all S segments, which is all the modularity chapter's question needs: a
 * trained model, then a mask over it ({@link MaskTraining}). Accuracy is read after the last
 * segment. Every example comes from the seed, so a run is bit-reproducible.
 */
public final class SlotTraining {

    /**
     * How a model trains on the task.
     *
     * @param steps    batches (each gives {@code segments} optimizer updates)
     * @param segments S, supervision segments per batch (1: one segment, no carry)
     * @param batch    examples per update
     * @param lr     the learning rate after warm-up
     * @param warmup warm-up updates
     * @param seed   the stream of examples
     */
    public record Settings(int steps, int segments, int batch, double lr, int warmup, long seed) {

        public Settings {
            if (steps < 0 || segments < 1 || batch < 1 || !(lr > 0) || warmup < 0) {
                throw new IllegalArgumentException("need steps >= 0, segments >= 1, batch >= 1, lr > 0, warmup >= 0;"
                        + " got " + steps + ", " + segments + ", " + batch + ", " + lr + ", " + warmup);
            }
        }

        public Settings withSteps(int steps) {
            return new Settings(steps, segments, batch, lr, warmup, seed);
        }

        public Settings withSeed(long seed) {
            return new Settings(steps, segments, batch, lr, warmup, seed);
        }
    }

    /** Called after every update. */
    @FunctionalInterface
    public interface Listener {
        void onStep(int step, int steps, double loss);
    }

    private SlotTraining() {
    }

    /** {@code count} examples of the given modes (drawn uniformly), from {@code seed}. */
    public static List<ComposedPointer.Example> examples(ComposedPointer task, ComposedPointer.Mode[] modes, int count,
                                                         long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<ComposedPointer.Example> all = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            all.add(task.generate(modes, rng));
        }
        return all;
    }

    /** Trains {@code model} in place on fresh examples of {@code modes}; returns the last update's loss. */
    public static double train(RefinementModel model, ComposedPointer task, ComposedPointer.Mode[] modes,
                               Settings settings, Listener listener) {
        AdamW optimizer = new AdamW(model.parameters(), new AdamW.Config(0.9, 0.999, 1e-8, 0.0));
        long updates = (long) settings.steps() * settings.segments();
        WarmupCosine schedule = WarmupCosine.warmupThenConstant(settings.lr(), settings.warmup(), updates);
        SplittableRandom stream = new SplittableRandom(settings.seed());
        double last = Double.NaN;
        for (int step = 1; step <= settings.steps(); step++) {
            List<ComposedPointer.Example> batch = new ArrayList<>(settings.batch());
            for (int i = 0; i < settings.batch(); i++) {
                batch.add(task.generate(modes, stream));
            }
            int[] inputs = inputs(task, batch);
            int[] targets = targets(task, batch);
            Carry carry = model.initialCarry(batch.size());
            for (int segment = 0; segment < settings.segments(); segment++) {
                optimizer.zeroGrad();
                Tape tape = new Tape();
                SegmentOutput out = model.segment(tape, carry, inputs);
                Tensor loss = tape.softmaxCrossEntropy(out.logits(), targets, Tokens.PAD);
                tape.backward(loss);
                optimizer.step(schedule.lr((long) (step - 1) * settings.segments() + segment + 1));
                carry = out.carry();
                last = loss.item();
                if (!Double.isFinite(last)) {
                    throw new IllegalStateException("the loss is not finite at batch " + step);
                }
            }
            if (listener != null) {
                listener.onStep(step, settings.steps(), last);
            }
        }
        return last;
    }

    private static int[] inputs(ComposedPointer task, List<ComposedPointer.Example> batch) {
        int len = task.sequenceLength();
        int[] inputs = new int[batch.size() * len];
        for (int b = 0; b < batch.size(); b++) {
            System.arraycopy(batch.get(b).tokens(), 0, inputs, b * len, len);
        }
        return inputs;
    }

    /** PAD everywhere but the answer slot. */
    private static int[] targets(ComposedPointer task, List<ComposedPointer.Example> batch) {
        int len = task.sequenceLength();
        int[] targets = new int[batch.size() * len];
        for (int b = 0; b < batch.size(); b++) {
            targets[b * len + task.answerPosition()] = Tokens.ofValue(batch.get(b).answer());
        }
        return targets;
    }

    /** The logits after {@code segments} segments from the initial carry. */
    public static Tensor logits(Tape tape, RefinementModel model, int segments, int[] inputs, int sequences) {
        Carry carry = model.initialCarry(sequences);
        Tensor logits = null;
        for (int s = 0; s < segments; s++) {
            SegmentOutput out = model.segment(tape, carry, inputs);
            carry = out.carry();
            logits = out.logits();
        }
        return logits;
    }

    /** The mean cross-entropy of the answer slot after {@code segments} segments (only the last recorded for backward). */
    public static Tensor loss(Tape tape, RefinementModel model, int segments, ComposedPointer task,
                              List<ComposedPointer.Example> batch) {
        int[] inputs = inputs(task, batch);
        Carry carry = model.initialCarry(batch.size());
        for (int s = 0; s < segments - 1; s++) {
            Carry from = carry;
            carry = tape.noGrad(() -> model.segment(tape, from, inputs).carry());
        }
        Tensor logits = model.segment(tape, carry, inputs).logits();
        return tape.softmaxCrossEntropy(logits, targets(task, batch), Tokens.PAD);
    }

    /** The fraction of {@code test} whose answer slot's best token after {@code segments} segments is the answer (batches of 64, nothing recorded). */
    public static double accuracy(RefinementModel model, int segments, ComposedPointer task,
                                  List<ComposedPointer.Example> test) {
        int len = task.sequenceLength();
        int right = 0;
        for (int from = 0; from < test.size(); from += 64) {
            List<ComposedPointer.Example> batch = test.subList(from, Math.min(test.size(), from + 64));
            int[] inputs = inputs(task, batch);
            Tape tape = new Tape();
            Tensor logits = tape.noGrad(() -> logits(tape, model, segments, inputs, batch.size()));
            for (int b = 0; b < batch.size(); b++) {
                int row = b * len + task.answerPosition();
                int best = 0;
                for (int j = 1; j < logits.cols(); j++) {
                    if (logits.get(row, j) > logits.get(row, best)) {
                        best = j;
                    }
                }
                if (best == Tokens.ofValue(batch.get(b).answer())) {
                    right++;
                }
            }
        }
        return right / (double) test.size();
    }
}
