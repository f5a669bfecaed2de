package org.depthlab.experiments;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.depthlab.models.FastWeights;
import org.depthlab.models.Recall;
import org.depthlab.models.RecallConfig;
import org.depthlab.tasks.FactChains;
import org.depthlab.tensor.Meter;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;
import org.depthlab.train.RecallTraining;
import org.ejml.data.DMatrixRMaj;

/**
 * The study of chapter 12: does consolidation by sleep passes let a model answer multi-hop
 * questions after its context is gone, and what does it cost? On fact chains
 * ({@link FactChains}), it trains, for every seed, fast-weight models with N sleep passes for
 * each N of the spec, kept-context models with R attention reads per question for each R of
 * the spec (the facts are never dropped) and the no-memory model (the question alone: the lower
 * bound), all with the same
 * updates, and measures accuracy on the same held-out contexts, overall and per number of
 * hops. Then the meter measures the phases of untrained models of the same widths (and one
 * vocabulary, the longest context's) at several context lengths: FLOPs of reading, of a sleep pass and of a question, what is kept after the
 * drop, whether a phase reads tokens (redraw the token table: does its result change?), and
 * the bytes a training step keeps for backward as N grows.
 */
public final class ConsolidationStudy {

    /** The study's name. */
    public static final String NAME = "consolidation";

    /**
     * The study's settings at one scale ({@code book/studies/consolidation.json}).
     *
     * @param nodes            m, nodes and facts per context
     * @param chains           chains per context
     * @param sleepPasses      the values of N compared
     * @param keptContextReads the kept-context models compared, by their attention reads per question
     * @param seeds            weights and training stream of every model
     * @param steps            updates per model
     * @param batch            contexts per update
     * @param lr               learning rate after warm-up
     * @param warmup           warm-up updates
     * @param test             held-out contexts
     * @param meterLengths     context lengths the meter is read at
     * @param embed            node embedding width
     * @param width            slot width
     * @param keyWidth         key width d (the memory is d × d)
     * @param coreWidth        the core's hidden width
     */
    public record Settings(int nodes, int chains, List<Integer> sleepPasses,
                           // Results written before the study compared several read counts hold a
                           // single number here; they are read as a list of one.
                           @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                           List<Integer> keptContextReads, List<Long> seeds,
                           int steps, int batch, double lr, int warmup, int test, List<Integer> meterLengths, int embed,
                           int width, int keyWidth, int coreWidth) {

        RecallConfig config(RecallConfig.Kind kind, int forNodes, int passes) {
            return new RecallConfig(kind, forNodes, embed, width, keyWidth, coreWidth, passes);
        }
    }

    /**
     * One trained model on one seed.
     *
     * @param model      its label ("fast-weights, N = 2", "kept-context, 7 reads", "no-memory")
     * @param kind       the model kind
     * @param passes     N (sleep passes) or R (reads)
     * @param seed       its seed
     * @param parameters trainable numbers
     * @param accuracy   held-out accuracy over all questions
     * @param byHops     accuracy per number of hops 0 … the deepest asked
     * @param questions  questions asked per number of hops
     * @param loss       mean training loss of the last 50 updates
     * @param seconds    training time
     */
    public record Arm(String model, String kind, int passes, long seed, long parameters, double accuracy,
                      double[] byHops, long[] questions, double loss, double seconds) {
    }

    /**
     * The meter's reading at one context length (untrained models; costs do not depend on weights).
     *
     * @param facts                     n
     * @param readFlops                 reading n facts and writing them (fast weights)
     * @param sleepPassFlops            one sleep pass
     * @param readingReadsTokens        whether reading's result changes with the token table redrawn
     * @param sleepReadsTokens          the same for a sleep pass
     * @param questionReadsTokens       the same for a question
     * @param keptFastWeights           numbers kept per sequence after the drop: fast weights
     * @param keptContext               the same for the kept context
     * @param questionFlopsFastWeights  FLOPs of one question: fast weights
     * @param questionFlopsKeptContext  the same for the kept context
     */
    public record MeterRow(int facts, long readFlops, long sleepPassFlops, boolean readingReadsTokens,
                           boolean sleepReadsTokens, boolean questionReadsTokens, long keptFastWeights,
                           long keptContext, long questionFlopsFastWeights, long questionFlopsKeptContext) {
    }

    /**
     * What a training step of a fast-weight model keeps for backward at N sleep passes.
     *
     * @param passes N
     * @param bytes  bytes the tape keeps for one sequence of the study's size
     * @param depth  the op depth of the answers
     */
    public record PassCost(int passes, long bytes, int depth) {
    }

    /** Everything a run measured. */
    public record Results(String study, String scale, String version, Settings settings, List<Arm> arms,
                          List<MeterRow> meter, List<PassCost> training) {
    }

    private ConsolidationStudy() {
    }

    /** Runs the study; {@code log} receives a line per finished model. */
    public static Results run(Settings s, Spec.Scale scale, Consumer<String> log) {
        String version = Studies.provenance();
        FactChains task = new FactChains(s.nodes(), s.chains());
        List<FactChains.Story> test = RecallTraining.stories(task, s.test(), 1_000_003L);
        List<Arm> arms = new ArrayList<>();
        for (long seed : s.seeds()) {
            for (int n : s.sleepPasses()) {
                arms.add(train(s.config(RecallConfig.Kind.FAST_WEIGHTS, s.nodes(), n), task, test, s, seed, log));
            }
            for (int reads : s.keptContextReads()) {
                arms.add(train(s.config(RecallConfig.Kind.KEPT_CONTEXT, s.nodes(), reads), task, test, s, seed, log));
            }
            arms.add(train(s.config(RecallConfig.Kind.NO_MEMORY, s.nodes(), 0), task, test, s, seed, log));
        }
        List<MeterRow> meter = new ArrayList<>();
        int vocabulary = s.meterLengths().stream().mapToInt(Integer::intValue).max().orElse(2);
        for (int n : s.meterLengths()) {
            meter.add(meterRow(s, vocabulary, n));
        }
        List<PassCost> training = new ArrayList<>();
        for (int n : s.sleepPasses()) {
            training.add(passCost(s, n));
        }
        return new Results(NAME, scale.label(), version, s, arms, meter, training);
    }

    private static Arm train(RecallConfig config, FactChains task, List<FactChains.Story> test, Settings s, long seed,
                             Consumer<String> log) {
        Recall model = config.build(seed);
        long t0 = System.nanoTime();
        RecallTraining.Settings training = new RecallTraining.Settings(s.steps(), s.batch(), s.lr(), s.warmup(),
                seed * 7919 + 17);
        double loss = RecallTraining.train(model, task, training, null);
        double seconds = (System.nanoTime() - t0) / 1e9;
        RecallTraining.Evaluation e = RecallTraining.evaluate(model, test);
        log.accept(String.format(Locale.ROOT, "%s, seed %d: %d updates in %.0f s, held-out accuracy %.3f",
                config.label(), seed, s.steps(), seconds, e.accuracy()));
        return new Arm(config.label(), config.kind().label(), config.passes(), seed, model.parameterCount(),
                e.accuracy(), e.byHops(), e.questions(), loss, seconds);
    }

    /** The meter at a context of n facts, for models of one vocabulary (so that only the context's length varies). */
    private static MeterRow meterRow(Settings s, int vocabulary, int n) {
        FactChains task = new FactChains(n, 1);
        FactChains.Batch batch = FactChains.Batch.of(List.of(task.generate(new SplittableRandom(n))));
        FastWeights fast = (FastWeights) s.config(RecallConfig.Kind.FAST_WEIGHTS, vocabulary, 1).build(1);
        Recall kept = s.config(RecallConfig.Kind.KEPT_CONTEXT, vocabulary, mostReads(s)).build(1);
        int[] question = {0};

        Meter reading = new Meter();
        Recall.Context context = noGrad(reading, t -> fast.read(t, batch.subjects(), batch.objects(), 1));
        Meter sleeping = new Meter();
        Recall.Context slept = noGrad(sleeping, t -> fast.sleep(t, context));
        Recall.Kept memory = new Recall.Kept(List.of(slept.memory()), 1);
        Meter asking = new Meter();
        noGrad(asking, t -> fast.answer(t, memory, question, 1));

        Recall.Kept cache = noGrad(new Meter(),
                t -> kept.consolidate(t, kept.read(t, batch.subjects(), batch.objects(), 1)));
        Meter askingKept = new Meter();
        noGrad(askingKept, t -> kept.answer(t, cache, question, 1));

        boolean readingReads = dependsOnTokens(fast, () -> noGrad(new Meter(),
                t -> fast.read(t, batch.subjects(), batch.objects(), 1)).memory().value());
        boolean sleepReads = dependsOnTokens(fast, () -> noGrad(new Meter(), t -> fast.sleep(t, context)).memory().value());
        boolean questionReads = dependsOnTokens(fast, () -> noGrad(new Meter(), t -> fast.answer(t, memory, question, 1))
                .value());
        return new MeterRow(n, reading.flops(), sleeping.flops(), readingReads, sleepReads, questionReads,
                memory.valuesPerSequence(), cache.valuesPerSequence(), asking.flops(), askingKept.flops());
    }

    private static int mostReads(Settings s) {
        return s.keptContextReads().stream().mapToInt(Integer::intValue).max().orElse(1);
    }

    private static PassCost passCost(Settings s, int passes) {
        FactChains task = new FactChains(s.nodes(), s.chains());
        Recall model = s.config(RecallConfig.Kind.FAST_WEIGHTS, s.nodes(), passes).build(1);
        Tape tape = new Tape();
        Tensor logits = RecallTraining.logits(tape, model, List.of(task.generate(new SplittableRandom(5))));
        return new PassCost(passes, tape.bytesRetained(), logits.depth());
    }

    private static <T> T noGrad(Meter meter, java.util.function.Function<Tape, T> body) {
        Tape tape = Tape.metered(meter);
        return tape.noGrad(() -> body.apply(tape));
    }

    /** Whether {@code phase}'s result changes when every token embedding of the model is redrawn. */
    static boolean dependsOnTokens(Recall model, Supplier<DMatrixRMaj> phase) {
        DMatrixRMaj before = phase.get().copy();
        Tensor table = model.parameters().stream().filter(p -> "embed_tokens.weight".equals(p.name())).findFirst()
                .orElseThrow();
        DMatrixRMaj saved = table.value().copy();
        SplittableRandom rng = new SplittableRandom(99);
        try {
            for (int i = 0; i < table.value().data.length; i++) {
                table.value().data[i] = rng.nextDouble(-3, 3);
            }
            return !java.util.Arrays.equals(before.data, phase.get().data);
        } finally {
            table.value().setTo(saved);
        }
    }

    // ------------------------------------------------------------------ report

    /** The arms' labels in table order: fast weights by N, then the kept context, then no memory. */
    private static List<String> labels(Results r) {
        List<String> labels = new ArrayList<>();
        for (Arm a : r.arms()) {
            if (!labels.contains(a.model())) {
                labels.add(a.model());
            }
        }
        return labels;
    }

    private static List<Arm> arms(Results r, String label) {
        return r.arms().stream().filter(a -> a.model().equals(label)).toList();
    }

    /** Mean accuracy at {@code hops} over the arms that asked such questions. */
    private static List<Double> atHops(List<Arm> arms, int hops) {
        List<Double> v = new ArrayList<>();
        for (Arm a : arms) {
            if (hops < a.byHops().length && a.questions()[hops] > 0) {
                v.add(a.byHops()[hops]);
            }
        }
        return v;
    }

    private static int deepest(Results r) {
        int d = 0;
        for (Arm a : r.arms()) {
            d = Math.max(d, a.byHops().length - 1);
        }
        return d;
    }

    /** The report: accuracy per model and per hops, the meter's table, training memory against N. */
    public static String report(Results r) {
        Settings s = r.settings();
        StringBuilder b = new StringBuilder();
        b.append("# Consolidation: recall after the context is dropped (").append(r.scale()).append(" scale)\n\n");
        b.append(String.format(Locale.ROOT, "Fact chains of %d nodes in %d chains; %d updates of %d contexts per model;"
                + " seeds %s; %d held-out contexts (%d questions). Accuracy is mean ± standard deviation over seeds.%n%n",
                s.nodes(), s.chains(), s.steps(), s.batch(), s.seeds(), s.test(), s.test() * s.nodes()));
        List<String> header = new ArrayList<>(List.of("model", "accuracy"));
        int deepest = deepest(r);
        for (int k = 0; k <= deepest; k++) {
            header.add(k + (k == 1 ? " hop" : " hops"));
        }
        List<List<String>> rows = new ArrayList<>();
        for (String label : labels(r)) {
            List<Arm> arms = arms(r, label);
            List<String> row = new ArrayList<>(List.of(label,
                    Studies.meanSd(arms.stream().map(Arm::accuracy).toList())));
            for (int k = 0; k <= deepest; k++) {
                List<Double> v = atHops(arms, k);
                row.add(v.isEmpty() ? "–" : String.format(Locale.ROOT, "%.2f", Studies.mean(v)));
            }
            rows.add(row);
        }
        b.append(Studies.table(header, rows)).append('\n');
        Arm first = r.arms().get(0);
        b.append("Questions per number of hops (per seed): ");
        for (int k = 0; k < first.questions().length; k++) {
            b.append(k == 0 ? "" : ", ").append(k).append(": ").append(first.questions()[k]);
        }
        b.append(".\n\n");

        b.append("## What each phase costs (the meter, one sequence, untrained models of the same widths)\n\n");
        List<List<String>> meter = new ArrayList<>();
        for (MeterRow m : r.meter()) {
            meter.add(List.of(Integer.toString(m.facts()), f(m.readFlops()), f(m.sleepPassFlops()),
                    yesNo(m.readingReadsTokens()) + " / " + yesNo(m.sleepReadsTokens()) + " / "
                            + yesNo(m.questionReadsTokens()),
                    f(m.keptFastWeights()), f(m.keptContext()), f(m.questionFlopsFastWeights()),
                    f(m.questionFlopsKeptContext())));
        }
        b.append(Studies.table(List.of("facts n", "reading FLOPs", "one sleep pass FLOPs",
                "reads tokens: reading / sleep / question", "kept after the drop: fast weights",
                "kept: kept context", "question FLOPs: fast weights",
                "question FLOPs: kept context (" + mostReads(s) + " reads)"), meter)).append('\n');

        b.append("## Training memory against sleep passes (bytes the tape keeps, one context of ")
                .append(s.nodes()).append(" facts)\n\n");
        List<List<String>> cost = new ArrayList<>();
        for (PassCost c : r.training()) {
            cost.add(List.of(Integer.toString(c.passes()), f(c.bytes()), Integer.toString(c.depth())));
        }
        b.append(Studies.table(List.of("sleep passes N", "bytes kept for backward", "op depth of the answers"), cost));
        b.append('\n').append(r.version()).append('\n');
        return b.toString();
    }

    private static String f(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    private static String yesNo(boolean b) {
        return b ? "yes" : "no";
    }

    /**
     * The figures, drawn by the lab's {@link Plot}: accuracy against N (the other models as flat
     * lines), and accuracy against hops — fast weights in one figure, the kept contexts and no
     * memory in another. Every curve is the mean over seeds with the least and largest value as
     * its band.
     */
    public static List<Studies.Figure> figures(Results r) {
        List<Figure.Series> bySleep = new ArrayList<>();
        List<Integer> passes = r.settings().sleepPasses();
        double[] x = passes.stream().mapToDouble(Integer::doubleValue).toArray();
        List<List<Double>> fast = new ArrayList<>();
        for (int n : passes) {
            fast.add(r.arms().stream().filter(a -> a.kind().equals("fast-weights") && a.passes() == n)
                    .map(Arm::accuracy).toList());
        }
        bySleep.add(Studies.band("fast weights after N sleep passes", x, fast));
        for (String label : labels(r)) {
            List<Arm> arms = arms(r, label);
            if (arms.get(0).kind().equals("fast-weights")) {
                continue;
            }
            List<Double> accuracy = arms.stream().map(Arm::accuracy).toList();
            List<List<Double>> flat = new ArrayList<>();
            for (int i = 0; i < x.length; i++) {
                flat.add(accuracy);
            }
            String what = arms.get(0).kind().equals("no-memory") ? " (the question alone)" : " (facts never dropped)";
            bySleep.add(Studies.band(label + what, x, flat));
        }
        int seeds = r.settings().seeds().size();
        Figure sleep = accuracy("sleep", "Held-out accuracy against sleep passes", "sleep passes N", bySleep,
                "Held-out accuracy of the fast-weight models against their sleep passes N, beside the models "
                        + "that keep no memory or never drop their facts; mean over " + seeds
                        + " seeds, the band from the least to the largest.");
        List<Figure.Series> fastByHops = new ArrayList<>();
        List<Figure.Series> othersByHops = new ArrayList<>();
        for (String label : labels(r)) {
            List<Arm> arms = arms(r, label);
            int deepest = arms.stream().mapToInt(a -> a.byHops().length - 1).max().orElse(0);
            List<Double> xs = new ArrayList<>();
            List<List<Double>> ys = new ArrayList<>();
            for (int k = 0; k <= deepest; k++) {
                List<Double> v = atHops(arms, k);
                if (!v.isEmpty()) {
                    xs.add((double) k);
                    ys.add(v);
                }
            }
            Figure.Series series = Studies.band(label, xs.stream().mapToDouble(Double::doubleValue).toArray(), ys);
            (arms.get(0).kind().equals("fast-weights") ? fastByHops : othersByHops).add(series);
        }
        Figure hops = accuracy("hops", "Fast weights: held-out accuracy against hops to the root", "hops to the root",
                fastByHops, "Held-out accuracy of the fast-weight models by how many hops a question's node lies "
                        + "from its root; mean over " + seeds + " seeds, the band from the least to the largest.");
        Figure others = accuracy("baselines", "Facts never dropped, and no memory: accuracy against hops",
                "hops to the root", othersByHops, "Held-out accuracy of the models that keep their facts or keep "
                        + "nothing, by hops to the root; mean over " + seeds
                        + " seeds, the band from the least to the largest.");
        return List.of(Studies.Figure.of(NAME, sleep), Studies.Figure.of(NAME, hops), Studies.Figure.of(NAME, others));
    }

    private static Figure accuracy(String name, String title, String xLabel, List<Figure.Series> series,
                                   String caption) {
        return new Figure(name, title, xLabel, "held-out accuracy", Figure.Scale.LINEAR, List.of(), 0, 1, series,
                List.of(), caption);
    }
}
