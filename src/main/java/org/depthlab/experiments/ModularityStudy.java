package org.depthlab.experiments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.depthlab.models.HrmConfig;
import org.depthlab.models.LoopedConfig;
import org.depthlab.models.ModelConfig;
import org.depthlab.models.Positions;
import org.depthlab.models.RefinementModel;
import org.depthlab.tasks.ComposedPointer;
import org.depthlab.tasks.ComposedPointer.Mode;
import org.depthlab.train.MaskTraining;
import org.depthlab.train.SlotTraining;
import org.depthlab.train.WeightMask;

/**
 * The study of chapter 13, after Lepori, Serre and Pavlick ("Break It Down", NeurIPS 2023):
 * does a network trained on a composition keep its two subroutines in separate weights? On the
 * composed pointer task ({@link ComposedPointer}: A = follow the pointer, B = the fixed
 * permutation, and both), for every model, training regime and seed, it trains the model, then
 * learns two binary masks over its block weights by continuous sparsification
 * ({@link MaskTraining}) — one on examples of A alone, one on B alone — and measures:
 * <ul>
 *   <li>each subnetwork alone (the model under its mask) on A, B and the composition;</li>
 *   <li>the ablation matrix: the model with subnetwork A removed, with B removed, and with a
 *       random subnetwork of the same size (in every parameter) removed, as a control;</li>
 *   <li>the masks' sparsity and their overlap (IoU), and for HRM how much of each mask lies in
 *       H and in L;</li>
 * </ul>
 * from scratch, and after pretraining on a related task (the same task with another
 * permutation) — the paper's reliability comparison. Spread is over seeds.
 */
public final class ModularityStudy {

    /** The study's name. */
    public static final String NAME = "modularity";

    /** Which weights are masked: the blocks' (attention and SwiGLU), not the embeddings or the heads. */
    static final Predicate<String> BLOCKS = n -> n.contains(".layers.");

    private static final Mode[] ALL = Mode.values();

    /**
     * A model of the comparison.
     *
     * @param name     its label
     * @param kind     "looped" or "hrm"
     * @param regimes  "scratch" and/or "pretrained"
     */
    public record ModelSpec(String name, String kind, int hidden, int heads, double expansion, int layers, int loops,
                            int hLayers, int lLayers, int hCycles, int lCycles, List<String> regimes) {

        ModelConfig config(ComposedPointer task) {
            return kind.equals("hrm")
                    ? new HrmConfig(task.vocabularySize(), task.sequenceLength(), hidden, heads, expansion, hLayers,
                            lLayers, hCycles, lCycles, Positions.LEARNED)
                    : new LoopedConfig(task.vocabularySize(), task.sequenceLength(), hidden, heads, expansion, layers,
                            loops, Positions.LEARNED);
        }
    }

    /**
     * The study's settings at one scale ({@code book/studies/modularity.json}).
     *
     * @param nodes                  m
     * @param hops                   k
     * @param permutationSeed        the task's permutation π
     * @param relatedPermutationSeed the pretraining task's permutation
     * @param steps                  updates from scratch
     * @param pretrainSteps          updates on the related task, then
     * @param finetuneSteps          updates on the task
     * @param test                   held-out examples per mode
     */
    public record Settings(int nodes, int hops, long permutationSeed, long relatedPermutationSeed, List<ModelSpec> models,
                           List<Long> seeds, int steps, int segments, int batch, double lr, int warmup, int pretrainSteps,
                           int finetuneSteps, int maskSteps, int maskBatch, double maskLr, double penalty,
                           double initialLogit, double startTemperature, double endTemperature, int test) {

        MaskTraining.Settings mask(long seed) {
            return new MaskTraining.Settings(maskSteps, maskBatch, maskLr, penalty, initialLogit, startTemperature,
                    endTemperature, seed);
        }
    }

    /**
     * One mask and what it does.
     *
     * @param subroutine     "hop" (A) or "permute" (B)
     * @param kept           weights kept
     * @param sparsity       1 − kept / masked
     * @param alone          accuracy per mode of the subnetwork alone
     * @param removed        accuracy per mode with the subnetwork removed
     * @param randomRemoved  accuracy per mode with a random subnetwork of the same size removed
     * @param keptInH        HRM: kept weights in H (−1 otherwise)
     * @param keptInL        HRM: kept weights in L (−1 otherwise)
     * @param objective      the mask objective every tenth step (for the figure)
     */
    public record MaskResult(String subroutine, long kept, double sparsity, Map<String, Double> alone,
                             Map<String, Double> removed, Map<String, Double> randomRemoved, long keptInH, long keptInL,
                             List<Double> objective) {
    }

    /**
     * One trained model with its two masks.
     *
     * @param model      the model's label
     * @param regime     "scratch" or "pretrained"
     * @param masked     the number of masked weights (H and L sizes follow for HRM)
     * @param sizeH      HRM: masked weights in H (−1 otherwise)
     * @param sizeL      HRM: masked weights in L (−1 otherwise)
     * @param full       accuracy per mode of the trained model
     * @param iou        overlap of the two masks
     */
    public record Trained(String model, String regime, long seed, long parameters, long masked, long sizeH, long sizeL,
                          Map<String, Double> full, MaskResult hop, MaskResult permute, double iou, double seconds) {
    }

    /** Everything a run measured. */
    public record Results(String study, String scale, String version, Settings settings, List<Trained> trained) {
    }

    private ModularityStudy() {
    }

    /** Runs the study; {@code log} receives a line per trained model. */
    public static Results run(Settings s, Spec.Scale scale, Consumer<String> log) {
        String version = Studies.provenance();
        ComposedPointer task = new ComposedPointer(s.nodes(), s.hops(), s.permutationSeed());
        ComposedPointer related = new ComposedPointer(s.nodes(), s.hops(), s.relatedPermutationSeed());
        Map<Mode, List<ComposedPointer.Example>> test = new LinkedHashMap<>();
        for (Mode m : ALL) {
            test.put(m, SlotTraining.examples(task, new Mode[] {m}, s.test(), 2_000_003L + m.ordinal()));
        }
        List<Trained> trained = new ArrayList<>();
        for (ModelSpec spec : s.models()) {
            for (String regime : spec.regimes()) {
                for (long seed : s.seeds()) {
                    trained.add(one(spec, regime, seed, task, related, test, s, log));
                }
            }
        }
        return new Results(NAME, scale.label(), version, s, trained);
    }

    private static Trained one(ModelSpec spec, String regime, long seed, ComposedPointer task, ComposedPointer related,
                               Map<Mode, List<ComposedPointer.Example>> test, Settings s, Consumer<String> log) {
        long t0 = System.nanoTime();
        RefinementModel model = spec.config(task).build(seed);
        SlotTraining.Settings training = new SlotTraining.Settings(s.steps(), s.segments(), s.batch(), s.lr(), s.warmup(),
                seed * 7919 + 3);
        switch (regime) {
            case "scratch" -> SlotTraining.train(model, task, ALL, training, null);
            case "pretrained" -> {
                SlotTraining.train(model, related, ALL, training.withSteps(s.pretrainSteps()).withSeed(seed * 7919 + 5),
                        null);
                SlotTraining.train(model, task, ALL, training.withSteps(s.finetuneSteps()), null);
            }
            default -> throw new org.depthlab.BadInputException("a regime is scratch or pretrained, not '" + regime + "'.");
        }
        Map<String, Double> full = accuracies(model, s.segments(), task, test);
        Found hop = mask(model, Mode.HOP, spec, seed, task, test, s);
        Found permute = mask(model, Mode.PERMUTE, spec, seed, task, test, s);
        WeightMask any = WeightMask.full(model, BLOCKS);
        boolean hrm = spec.kind().equals("hrm");
        long sizeH = hrm ? any.sizeWhere(n -> n.startsWith("H_level")) : -1;
        long sizeL = hrm ? any.sizeWhere(n -> n.startsWith("L_level")) : -1;
        double iou = hop.mask().iou(permute.mask());
        double seconds = (System.nanoTime() - t0) / 1e9;
        log.accept(String.format(Locale.ROOT, "%s, %s, seed %d: full %s; A kept %,d, B kept %,d, IoU %.2f (%.0f s)",
                spec.name(), regime, seed, text(full), hop.result().kept(), permute.result().kept(), iou, seconds));
        return new Trained(spec.name(), regime, seed, model.parameterCount(), any.size(), sizeH, sizeL, full,
                hop.result(), permute.result(), iou, seconds);
    }

    /** A mask learned for one subroutine, and what it does. */
    private record Found(MaskResult result, WeightMask mask) {
    }

    private static Found mask(RefinementModel model, Mode subroutine, ModelSpec spec, long seed, ComposedPointer task,
                                   Map<Mode, List<ComposedPointer.Example>> test, Settings s) {
        List<Double> objective = new ArrayList<>();
        WeightMask mask = MaskTraining.train(model, s.segments(), BLOCKS, task, new Mode[] {subroutine},
                s.mask(seed * 104_729 + subroutine.ordinal()), (step, steps, loss, t) -> {
                    if (step % 10 == 0) {
                        objective.add(loss);
                    }
                });
        Map<String, Double> alone;
        try (WeightMask.Applied a = mask.applyTo(model)) {
            alone = accuracies(model, s.segments(), task, test);
        }
        Map<String, Double> removed;
        try (WeightMask.Applied a = mask.complement().applyTo(model)) {
            removed = accuracies(model, s.segments(), task, test);
        }
        WeightMask random = WeightMask.randomLike(mask, new SplittableRandom(seed * 31 + subroutine.ordinal()));
        Map<String, Double> randomRemoved;
        try (WeightMask.Applied a = random.complement().applyTo(model)) {
            randomRemoved = accuracies(model, s.segments(), task, test);
        }
        boolean hrm = spec.kind().equals("hrm");
        return new Found(new MaskResult(subroutine.name().toLowerCase(Locale.ROOT), mask.kept(), mask.sparsity(), alone,
                removed, randomRemoved, hrm ? mask.keptWhere(n -> n.startsWith("H_level")) : -1,
                hrm ? mask.keptWhere(n -> n.startsWith("L_level")) : -1, objective), mask);
    }

    private static Map<String, Double> accuracies(RefinementModel model, int segments, ComposedPointer task,
                                                  Map<Mode, List<ComposedPointer.Example>> test) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Mode m : ALL) {
            out.put(m.name().toLowerCase(Locale.ROOT), SlotTraining.accuracy(model, segments, task, test.get(m)));
        }
        return out;
    }

    private static String text(Map<String, Double> acc) {
        StringBuilder b = new StringBuilder();
        acc.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append(' ')
                .append(String.format(Locale.ROOT, "%.2f", v)));
        return b.toString();
    }

    // ------------------------------------------------------------------ report

    /** The (model, regime) groups in the order they ran. */
    private static List<String[]> groups(Results r) {
        List<String[]> out = new ArrayList<>();
        for (Trained t : r.trained()) {
            if (out.stream().noneMatch(g -> g[0].equals(t.model()) && g[1].equals(t.regime()))) {
                out.add(new String[] {t.model(), t.regime()});
            }
        }
        return out;
    }

    private static List<Trained> of(Results r, String[] group) {
        return r.trained().stream().filter(t -> t.model().equals(group[0]) && t.regime().equals(group[1])).toList();
    }

    private static List<String> accuracyRow(String label, List<Map<String, Double>> runs) {
        List<String> row = new ArrayList<>(List.of(label));
        for (String mode : List.of("hop", "permute", "both")) {
            row.add(Studies.meanSd(runs.stream().map(m -> m.get(mode)).toList()));
        }
        return row;
    }

    /** The report: the ablation matrix per model and regime, the masks' sizes and overlap, HRM's H/L shares. */
    public static String report(Results r) {
        Settings s = r.settings();
        StringBuilder b = new StringBuilder();
        b.append("# Modularity: subnetworks for the two subroutines of a composition (").append(r.scale())
                .append(" scale)\n\n");
        b.append(String.format(Locale.ROOT, "The composed pointer task on %d nodes: A = follow the pointer %d %s,"
                + " B = a fixed permutation, and both (B after A). Seeds %s; %d held-out examples per mode. From scratch:"
                + " %d updates; pretrained: %d updates on the same task with another permutation, then %d. Masks: %d"
                + " updates, penalty %s, temperature %s to %s. Accuracy is mean ± standard deviation over seeds;"
                + " chance is 1/%d = %.3f.%n%n", s.nodes(), s.hops(), s.hops() == 1 ? "hop" : "hops", s.seeds(), s.test(),
                s.steps(), s.pretrainSteps(), s.finetuneSteps(), s.maskSteps(), trim(s.penalty()),
                trim(s.startTemperature()), trim(s.endTemperature()), s.nodes(), 1.0 / s.nodes()));
        for (String[] g : groups(r)) {
            List<Trained> runs = of(r, g);
            b.append("## ").append(g[0]).append(", ").append(g[1]).append("\n\n");
            List<List<String>> rows = new ArrayList<>();
            rows.add(accuracyRow("the trained model", runs.stream().map(Trained::full).toList()));
            rows.add(accuracyRow("subnetwork A (hop) alone", runs.stream().map(t -> t.hop().alone()).toList()));
            rows.add(accuracyRow("subnetwork B (permute) alone", runs.stream().map(t -> t.permute().alone()).toList()));
            rows.add(accuracyRow("A removed", runs.stream().map(t -> t.hop().removed()).toList()));
            rows.add(accuracyRow("B removed", runs.stream().map(t -> t.permute().removed()).toList()));
            rows.add(accuracyRow("random, A's size, removed", runs.stream().map(t -> t.hop().randomRemoved()).toList()));
            rows.add(accuracyRow("random, B's size, removed",
                    runs.stream().map(t -> t.permute().randomRemoved()).toList()));
            b.append(Studies.table(List.of("weights used", "accuracy on A (hop)", "on B (permute)", "on both"), rows));
            b.append('\n');
            b.append(String.format(Locale.ROOT, "Masked weights: %,d. Sparsity of A's mask %s, of B's %s; IoU of the two"
                    + " %s.%n%n", runs.get(0).masked(), Studies.meanSd(runs.stream().map(t -> t.hop().sparsity()).toList()),
                    Studies.meanSd(runs.stream().map(t -> t.permute().sparsity()).toList()),
                    Studies.meanSd(runs.stream().map(Trained::iou).toList())));
            if (runs.get(0).sizeH() >= 0) {
                List<List<String>> shares = new ArrayList<>();
                for (String which : List.of("hop", "permute")) {
                    List<MaskResult> ms = runs.stream().map(t -> which.equals("hop") ? t.hop() : t.permute()).toList();
                    shares.add(List.of(which.equals("hop") ? "A (hop)" : "B (permute)",
                            Studies.meanSd(ms.stream().map(m -> m.keptInH() / (double) (m.keptInH() + m.keptInL()))
                                    .toList()),
                            Studies.meanSd(ms.stream().map(m -> m.keptInH() / (double) runs.get(0).sizeH()).toList()),
                            Studies.meanSd(ms.stream().map(m -> m.keptInL() / (double) runs.get(0).sizeL()).toList())));
                }
                b.append(String.format(Locale.ROOT, "Where the masks lie (H and L each hold %,d masked weights):%n%n",
                        runs.get(0).sizeH()));
                b.append(Studies.table(List.of("mask", "share of its weights in H", "fraction of H kept",
                        "fraction of L kept"), shares)).append('\n');
            }
        }
        b.append(r.version()).append('\n');
        return b.toString();
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /**
     * The figure, drawn by the lab's {@link Plot}: the mask objective (cross-entropy + penalty)
     * against mask-training steps, mean over seeds with the least and largest value as its band,
     * on a log10 axis whose decades hold every value.
     */
    public static List<Studies.Figure> figures(Results r) {
        List<Figure.Series> series = new ArrayList<>();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (String[] g : groups(r)) {
            List<Trained> runs = of(r, g);
            for (String which : List.of("hop", "permute")) {
                List<List<Double>> curves = runs.stream()
                        .map(t -> which.equals("hop") ? t.hop().objective() : t.permute().objective()).toList();
                int n = curves.stream().mapToInt(List::size).min().orElse(0);
                double[] x = new double[n];
                List<List<Double>> y = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    // The objective is logged every ten mask-training steps.
                    x[i] = 10.0 * (i + 1);
                    final int at = i;
                    List<Double> v = curves.stream().map(c -> c.get(at)).toList();
                    y.add(v);
                    for (double d : v) {
                        lo = Math.min(lo, d);
                        hi = Math.max(hi, d);
                    }
                }
                series.add(Studies.band(g[0] + ", " + g[1] + ": mask for " + (which.equals("hop") ? "A (hop)"
                        : "B (permute)"), x, y));
            }
        }
        double yMin = lo > 0 && lo < Double.POSITIVE_INFINITY ? Math.pow(10, Math.floor(Math.log10(lo))) : 1e-3;
        double yMax = hi > 0 && hi > Double.NEGATIVE_INFINITY ? Math.pow(10, Math.ceil(Math.log10(hi))) : 10;
        if (yMax <= yMin) {
            yMax = yMin * 10;
        }
        Figure chart = new Figure("masks", "Mask objective (cross-entropy + L0 penalty) while the temperature falls",
                "mask-training step", "objective", Figure.Scale.LINEAR, Figure.Scale.LOG10, List.of(), yMin, yMax,
                series, List.of(), "The mask objective of each model and regime against mask-training steps, "
                        + "for the mask of A and the mask of B; mean over " + r.settings().seeds().size()
                        + " seeds, the band from the least to the largest.");
        return List.of(Studies.Figure.of(NAME, chart));
    }
}
