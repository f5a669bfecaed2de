package org.depthlab.train;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.depthlab.models.Recall;
import org.depthlab.optim.AdamW;
import org.depthlab.optim.WarmupCosine;
import org.depthlab.tasks.FactChains;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;

/**
 * Training and evaluation of a recall model ({@link Recall}) on fact chains
 * ({@link FactChains}): every update reads a fresh batch of contexts, consolidates, drops the
 * context and answers every node of every context; the loss is the mean softmax
 * cross-entropy of the answers, back-propagated through the questions, the drop (what was kept)
 * and every sleep pass and write before it.
 * <pre>
 *   context = read(facts);  kept = consolidate(context);  logits = answer(kept, all nodes)
 *   loss = CE(logits, roots);  backward;  AdamW step (warm-up, then constant)
 * </pre>
 * There is no deep supervision and no halting: one context, one drop, one answer per
 * question. Every context comes from the seed, so a run is bit-reproducible.
 */
public final class RecallTraining {

    /**
     * How a recall model trains.
     *
     * @param steps  optimizer updates
     * @param batch  contexts per update
     * @param lr     the learning rate after warm-up
     * @param warmup warm-up updates
     * @param seed   the stream of training contexts
     */
    public record Settings(int steps, int batch, double lr, int warmup, long seed) {

        public Settings {
            if (steps < 0 || batch < 1 || !(lr > 0) || warmup < 0) {
                throw new IllegalArgumentException("need steps >= 0, batch >= 1, lr > 0, warmup >= 0; got " + steps
                        + ", " + batch + ", " + lr + ", " + warmup);
            }
        }

        /** The book's settings: 1,500 updates of 32 contexts at 3e-3 after 50 of warm-up. */
        public static Settings defaults(long seed) {
            return new Settings(1500, 32, 3e-3, 50, seed);
        }

        public Settings withSteps(int steps) {
            return new Settings(steps, batch, lr, warmup, seed);
        }

        public Settings withBatch(int batch) {
            return new Settings(steps, batch, lr, warmup, seed);
        }
    }

    /** Called after every update, for progress bars. */
    @FunctionalInterface
    public interface Listener {
        void onStep(int step, int steps, double loss);
    }

    /**
     * Accuracy on a set of contexts, overall and per number of hops.
     *
     * @param accuracy   fraction of questions answered with the right root
     * @param byHops     byHops[k]: the fraction right among questions k hops from their root
     * @param questions  questions[k]: how many questions were k hops away
     */
    public record Evaluation(double accuracy, double[] byHops, long[] questions) {

        public Evaluation {
            byHops = byHops.clone();
            questions = questions.clone();
        }

        @Override
        public double[] byHops() {
            return byHops.clone();
        }

        @Override
        public long[] questions() {
            return questions.clone();
        }
    }

    private RecallTraining() {
    }

    /** The test contexts of a task: {@code count} stories from {@code seed}. */
    public static List<FactChains.Story> stories(FactChains task, int count, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<FactChains.Story> all = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            all.add(task.generate(rng));
        }
        return all;
    }

    /** Trains {@code model} in place; returns the mean loss of the last 50 updates. */
    public static double train(Recall model, FactChains task, Settings settings, Listener listener) {
        AdamW optimizer = new AdamW(model.parameters(), new AdamW.Config(0.9, 0.999, 1e-8, 0.0));
        WarmupCosine schedule = WarmupCosine.warmupThenConstant(settings.lr(), settings.warmup(), settings.steps());
        SplittableRandom stream = new SplittableRandom(settings.seed());
        double recent = 0;
        int counted = 0;
        for (int step = 1; step <= settings.steps(); step++) {
            List<FactChains.Story> batch = new ArrayList<>(settings.batch());
            for (int i = 0; i < settings.batch(); i++) {
                batch.add(task.generate(stream));
            }
            optimizer.zeroGrad();
            Tape tape = new Tape();
            Tensor loss = tape.softmaxCrossEntropy(logits(tape, model, batch), FactChains.Batch.of(batch).roots(), -1);
            tape.backward(loss);
            optimizer.step(schedule.lr(step));
            if (!Double.isFinite(loss.item())) {
                throw new IllegalStateException("the loss is not finite at update " + step);
            }
            if (step > settings.steps() - 50) {
                recent += loss.item();
                counted++;
            }
            if (listener != null) {
                listener.onStep(step, settings.steps(), loss.item());
            }
        }
        return counted == 0 ? Double.NaN : recent / counted;
    }

    /** Reads, consolidates and answers every node of every story: (B·m) × m logits. */
    public static Tensor logits(Tape tape, Recall model, List<FactChains.Story> stories) {
        FactChains.Batch batch = FactChains.Batch.of(stories);
        Recall.Context context = model.read(tape, batch.subjects(), batch.objects(), batch.sequences());
        Recall.Kept kept = model.consolidate(tape, context);
        return model.answer(tape, kept, batch.questions(), batch.perSequence());
    }

    /** Accuracy on {@code test}, in batches of 64, nothing recorded. */
    public static Evaluation evaluate(Recall model, List<FactChains.Story> test) {
        int m = test.get(0).size();
        long[] right = new long[m];
        long[] asked = new long[m];
        for (int from = 0; from < test.size(); from += 64) {
            List<FactChains.Story> batch = test.subList(from, Math.min(test.size(), from + 64));
            Tape tape = new Tape();
            Tensor logits = tape.noGrad(() -> logits(tape, model, batch));
            for (int b = 0; b < batch.size(); b++) {
                int[] root = batch.get(b).root();
                int[] depth = batch.get(b).depth();
                for (int node = 0; node < m; node++) {
                    int row = b * m + node;
                    int best = 0;
                    for (int j = 1; j < m; j++) {
                        if (logits.get(row, j) > logits.get(row, best)) {
                            best = j;
                        }
                    }
                    asked[depth[node]]++;
                    if (best == root[node]) {
                        right[depth[node]]++;
                    }
                }
            }
        }
        int deepest = 0;
        long total = 0;
        long correct = 0;
        for (int k = 0; k < m; k++) {
            if (asked[k] > 0) {
                deepest = k;
            }
            total += asked[k];
            correct += right[k];
        }
        double[] byHops = new double[deepest + 1];
        long[] questions = new long[deepest + 1];
        for (int k = 0; k <= deepest; k++) {
            questions[k] = asked[k];
            byHops[k] = asked[k] == 0 ? Double.NaN : right[k] / (double) asked[k];
        }
        return new Evaluation(correct / (double) total, byHops, questions);
    }
}
