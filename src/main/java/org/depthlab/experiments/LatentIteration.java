package org.depthlab.experiments;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.depthlab.BadInputException;
import org.depthlab.claims.Contraction;
import org.depthlab.claims.ContractiveMap;
import org.depthlab.claims.Family;
import org.depthlab.claims.TrainedLoop;
import org.depthlab.claims.Verdict;
import org.depthlab.io.AtomicFiles;
import org.depthlab.models.VectorRefiner;
import org.depthlab.solve.QpSolvers;
import org.depthlab.tasks.QpTask;
import org.depthlab.tasks.QuadraticProgram;
import org.depthlab.train.QpEvaluation;
import org.depthlab.train.QpTrainer;
import org.ejml.data.DMatrixRMaj;

/**
 * Chapter 11's experiment: does a looped model iterate, or match templates? For every
 * (variant, model, seed) of an {@link IterationSpec}: train a {@link VectorRefiner} on
 * quadratic programs with K iterations ({@link QpTrainer}), then measure —
 * <ul>
 *   <li><b>the curve</b>: error after 1 … times·K iterations on held-out programs of the
 *       training distribution and on five shifted sets ({@link #testSets}), beside gradient
 *       descent and conjugate gradient after as many steps (in the report);</li>
 *   <li><b>the probe</b>: how well a linear map of the state after each iteration predicts
 *       the minimiser, and gradient descent's iterate after j = 1, 2, 4, … 64 steps
 *       ({@link LinearProbe});</li>
 *   <li><b>the loop's Lipschitz constant</b> (looped models): ‖∂F/∂z‖₂ of z ← Stack(z + x) at the
 *       states after K and after times·K loops, and the contraction claims of the library
 *       asked of the trained loop with that constant ({@link TrainedLoop}).</li>
 * </ul>
 * A run's measurements go to {@code result.json} in its folder, named by a hash of everything
 * that decides them, so a finished run is never redone; {@link IterationReport} gathers them.
 */
public final class LatentIteration {

    /** The gradient-descent steps the probes compare with. */
    static final int[] GD_STEPS = {1, 2, 4, 8, 16, 32, 64};

    /** The ridge penalty of the probes, per row. */
    static final double PROBE_LAMBDA = 1e-3;

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private LatentIteration() {
    }

    /** What a run reports as it goes. */
    public interface Listener {
        void onLine(String text);
    }

    /**
     * One run's measurements.
     *
     * @param variant        "free" or "box"
     * @param trained        iterations seen in training (K·S; 1 for the transformer)
     * @param finalLoss      mean training loss of the last 100 updates
     * @param trainSeconds   wall time of training
     * @param curves         test set → mean relative error after iteration 1 … (and more, see {@link Curve})
     * @param probeX         R² of the probe to x* from the input x (index 0) and after iteration 1, 2, …
     * @param probeGd        [iteration][j]: R² of the probe to GD's iterate after {@link #GD_STEPS}[j] steps
     * @param lipschitz      looped models: max ‖J‖ over the programs at K loops and at the last loop; else empty
     * @param fixedPoint     looped models: the verdict of "unique fixed point" with that constant
     * @param errorShrinks   looped models: the verdict of "error shrinks by gamma"
     */
    public record RunResult(String id, String hash, String variant, String model, long seed, int trained,
                            double finalLoss, double trainSeconds, Map<String, Curve> curves, double[] probeX,
                            double[][] probeGd, double[] lipschitz, String fixedPoint, String errorShrinks) {
    }

    /** A curve as stored: the metrics of {@link QpEvaluation.Curve}. */
    public record Curve(double[] meanError, double[] medianError, double[] objectiveGap, double[] feasible) {
        static Curve of(QpEvaluation.Curve c) {
            return new Curve(c.meanError(), c.medianError(), c.objectiveGap(), c.feasible());
        }
    }

    /**
     * The held-out sets, each {@code count} programs from fixed seeds (the same for every run):
     * <ul>
     *   <li>{@code in distribution}: the training distribution;</li>
     *   <li>{@code ill-conditioned}: condition numbers 20–100 instead of the trained range;</li>
     *   <li>{@code larger}: 7 and 8 variables (the positions are there, never used in training);</li>
     *   <li>{@code rescaled}: (2A, 2b) — the same minimiser, every coefficient twice as large;</li>
     *   <li>{@code b shuffled}: b's entries moved to other positions, A kept — the same numbers
     *       in the input, another minimiser;</li>
     *   <li>{@code permuted}: (PAPᵀ, Pb), the variables renamed — an exact symmetry, the
     *       minimiser renamed along.</li>
     * </ul>
     */
    static Map<String, List<QuadraticProgram>> testSets(QpTask task, int count) {
        Map<String, List<QuadraticProgram>> sets = new LinkedHashMap<>();
        boolean box = task.box();
        sets.put("in distribution", draw(task, count, 101));
        sets.put("ill-conditioned", draw(new QpTask(task.minSize(), task.maxSize(), 20, 100, box), count, 102));
        sets.put("larger", draw(new QpTask(7, IterationSpec.POSITIONS, task.minCondition(), task.maxCondition(), box),
                count, 103));
        List<QuadraticProgram> base = sets.get("in distribution");
        sets.put("rescaled", base.stream().map(q -> q.scaled(2, 2)).toList());
        SplittableRandom rng = new SplittableRandom(104);
        List<QuadraticProgram> shuffled = new ArrayList<>();
        List<QuadraticProgram> permuted = new ArrayList<>();
        for (QuadraticProgram q : base) {
            int[] perm = permutation(q.n(), rng);
            double[] b = new double[q.n()];
            for (int i = 0; i < q.n(); i++) {
                b[perm[i]] = q.b(i);
            }
            shuffled.add(new QuadraticProgram(q.n(), q.a(), b, box));
            permuted.add(q.permuted(permutation(q.n(), rng)));
        }
        sets.put("b shuffled", shuffled);
        sets.put("permuted", permuted);
        return sets;
    }

    private static List<QuadraticProgram> draw(QpTask task, int count, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<QuadraticProgram> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(task.generate(rng));
        }
        return out;
    }

    private static int[] permutation(int n, SplittableRandom rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** The iterations model {@code name} trains with: K·S (the transformer: 1). */
    static int trained(IterationSpec spec, String name) {
        QpTrainer.Config c = spec.trainConfig(name, 0);
        VectorRefiner probe = new VectorRefiner(spec.modelConfig(name), IterationSpec.features(), 0);
        return probe.kind() == VectorRefiner.Kind.TRANSFORMER ? 1 : c.iterations() * c.segments();
    }

    /** The folder of the experiment's runs at a scale. */
    static Path root(Path lab, IterationSpec spec, Spec.Scale scale) {
        return lab.resolve(spec.name()).resolve(scale.label()).resolve("runs");
    }

    /** The hash of everything that decides one run's result. */
    static String hash(IterationSpec spec, String variant, String model, long seed) {
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("variant", variant);
        key.put("task", spec.task(variant));
        key.put("model", spec.settings(model));
        key.put("seed", seed);
        key.put("evaluation", spec.evaluation());
        return Hashes.of(key);
    }

    /** The run's id: {@code <variant>-<model>-s<seed>}. */
    static String id(String variant, String model, long seed) {
        return variant + "-" + model + "-s" + seed;
    }

    /** The finished result of a run in its folder, or null. */
    static RunResult read(Path folder, String hash) {
        Path file = folder.resolve("result.json");
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            RunResult r = JSON.readValue(file.toFile(), RunResult.class);
            return hash.equals(r.hash()) ? r : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Runs every run of {@code spec} at {@code scale} that has no result yet; returns how many ran. */
    public static int run(IterationSpec spec, Spec.Scale scale, Path lab, Listener listener) {
        return run(spec, scale, lab, Set.of(), listener);
    }

    /**
     * Like {@link #run(IterationSpec, Spec.Scale, Path, Listener)}, but only the runs whose ids
     * are in {@code only} (all of them when it is empty), as {@code experiment run --only} asks.
     *
     * @throws BadInputException if an id in {@code only} names no run of the experiment
     */
    public static int run(IterationSpec spec, Spec.Scale scale, Path lab, Set<String> only,
                          Listener listener) {
        Set<String> ids = new LinkedHashSet<>();
        for (String[] r : spec.runs()) {
            ids.add(id(r[0], r[1], Long.parseLong(r[2])));
        }
        for (String wanted : only) {
            if (!ids.contains(wanted)) {
                throw new BadInputException("experiment " + spec.name() + " has no run '" + wanted + "' (see 'depthlab"
                        + " experiment status " + spec.name() + "').");
            }
        }
        Path root = root(lab, spec, scale);
        int ran = 0;
        Map<String, Map<String, List<QuadraticProgram>>> sets = new LinkedHashMap<>();
        for (String[] r : spec.runs()) {
            String variant = r[0];
            String model = r[1];
            long seed = Long.parseLong(r[2]);
            if (!only.isEmpty() && !only.contains(id(variant, model, seed))) {
                continue;
            }
            String hash = hash(spec, variant, model, seed);
            Path folder = root.resolve(id(variant, model, seed) + "-" + hash);
            if (read(folder, hash) != null) {
                continue;
            }
            Map<String, List<QuadraticProgram>> tests = sets.computeIfAbsent(variant,
                    v -> testSets(spec.task(v), spec.evaluation().test()));
            listener.onLine(id(variant, model, seed) + ": training");
            RunResult result = measure(spec, variant, model, seed, hash, tests, listener);
            AtomicFiles.createDirectories(folder);
            try {
                AtomicFiles.writeString(folder.resolve("result.json"), JSON.writeValueAsString(result) + "\n");
            } catch (IOException e) {
                throw new IllegalStateException("cannot write the result of " + result.id(), e);
            }
            listener.onLine(String.format(java.util.Locale.ROOT, "%s: done (training %.1f s, final loss %.4f)",
                    result.id(), result.trainSeconds(), result.finalLoss()));
            ran++;
        }
        return ran;
    }

    private static RunResult measure(IterationSpec spec, String variant, String name, long seed, String hash,
                                     Map<String, List<QuadraticProgram>> tests, Listener listener) {
        VectorRefiner model = new VectorRefiner(spec.modelConfig(name), IterationSpec.features(), seed);
        QpTask task = spec.task(variant);
        long t0 = System.nanoTime();
        QpTrainer.Result trainedRun = QpTrainer.train(model, task, spec.trainConfig(name, seed), (s, n, l) -> { });
        double seconds = (System.nanoTime() - t0) / 1e9;
        int trained = trained(spec, name);
        int iterations = model.kind() == VectorRefiner.Kind.TRANSFORMER ? 1 : spec.evaluation().times() * trained;
        Map<String, Curve> curves = new LinkedHashMap<>();
        for (Map.Entry<String, List<QuadraticProgram>> set : tests.entrySet()) {
            curves.put(set.getKey(), Curve.of(QpEvaluation.model(name, model, set.getValue(), iterations, 100)));
        }
        listener.onLine(id(variant, name, seed) + ": probing");
        double[][] probeGd = new double[iterations + 1][GD_STEPS.length];
        double[] probeX = probes(model, task, spec.evaluation().probe(), iterations, probeGd);
        double[] lipschitz = new double[0];
        String fixedPoint = "";
        String shrinks = "";
        if (model.kind() == VectorRefiner.Kind.LOOPED) {
            listener.onLine(id(variant, name, seed) + ": measuring the loop's Lipschitz constant");
            List<QuadraticProgram> programs = tests.get("in distribution").subList(0,
                    Math.min(spec.evaluation().lipschitzPrograms(), tests.get("in distribution").size()));
            lipschitz = lipschitz(model, programs, trained, iterations);
            double gamma = Math.max(lipschitz[0], lipschitz[1]);
            String label = name + ", seed " + seed;
            Family<ContractiveMap> family = new Family<>("trained-loop", (s, v, l) ->
                    new TrainedLoop(model, programs.get(Math.floorMod(s, programs.size())), gamma, label));
            Verdict fp = Contraction.fixedPoint().check(family, seed, programs.size());
            Verdict es = Contraction.errorShrinks().check(family, seed, programs.size());
            fixedPoint = (fp.holds() ? "holds: " : "fails: ") + fp.evidence();
            shrinks = (es.holds() ? "holds: " : "fails: ") + es.evidence();
        }
        return new RunResult(id(variant, name, seed), hash, variant, name, seed, trained,
                trainedRun.lastMean(100), seconds, curves, probeX, probeGd, lipschitz, fixedPoint, shrinks);
    }

    /**
     * Linear probes of the input x and of the state after every iteration, fitted on
     * {@code count} programs of the training distribution and scored on as many others: R² to
     * x* (returned) and to gradient descent's iterates (into {@code toGd}).
     */
    private static double[] probes(VectorRefiner model, QpTask task, int count, int iterations, double[][] toGd) {
        List<QuadraticProgram> fitOn = draw(task, count, 201);
        List<QuadraticProgram> scoreOn = draw(task, count, 202);
        Targets fitTargets = targets(fitOn);
        Targets scoreTargets = targets(scoreOn);
        // Index 0 is the input x itself (what a probe reads before any iteration), then iteration 1, 2, …
        List<DMatrixRMaj> fitStates = new ArrayList<>(List.of(input(model, fitOn)));
        fitStates.addAll(QpEvaluation.states(model, fitOn, iterations));
        List<DMatrixRMaj> scoreStates = new ArrayList<>(List.of(input(model, scoreOn)));
        scoreStates.addAll(QpEvaluation.states(model, scoreOn, iterations));
        double[] toX = new double[iterations + 1];
        for (int k = 0; k <= iterations; k++) {
            DMatrixRMaj zFit = rows(fitStates.get(k), fitOn, model.positions());
            DMatrixRMaj zScore = rows(scoreStates.get(k), scoreOn, model.positions());
            toX[k] = LinearProbe.fit(zFit, fitTargets.x, PROBE_LAMBDA).r2(zScore, scoreTargets.x);
            for (int j = 0; j < GD_STEPS.length; j++) {
                toGd[k][j] = LinearProbe.fit(zFit, fitTargets.gd[j], PROBE_LAMBDA).r2(zScore, scoreTargets.gd[j]);
            }
        }
        return toX;
    }

    /** The input x = embed(features) of the programs, (programs · P) × h. */
    private static DMatrixRMaj input(VectorRefiner model, List<QuadraticProgram> programs) {
        org.depthlab.tensor.Tape tape = new org.depthlab.tensor.Tape();
        return tape.noGrad(() -> model.embed(tape, org.depthlab.tasks.QpEncoding.features(programs,
                model.positions()))).value();
    }

    /** The probe targets at the programs' real positions: x*, and GD's iterate after each of {@link #GD_STEPS}. */
    private record Targets(double[] x, double[][] gd) {
    }

    private static Targets targets(List<QuadraticProgram> programs) {
        List<Double> x = new ArrayList<>();
        List<List<Double>> gd = new ArrayList<>();
        for (int j = 0; j < GD_STEPS.length; j++) {
            gd.add(new ArrayList<>());
        }
        int last = GD_STEPS[GD_STEPS.length - 1];
        for (QuadraticProgram q : programs) {
            double[] s = q.solution();
            double[][] iterates = QpSolvers.gradientDescent(q, last);
            for (int i = 0; i < q.n(); i++) {
                x.add(s[i]);
                for (int j = 0; j < GD_STEPS.length; j++) {
                    gd.get(j).add(iterates[GD_STEPS[j]][i]);
                }
            }
        }
        double[][] g = new double[GD_STEPS.length][];
        for (int j = 0; j < GD_STEPS.length; j++) {
            g[j] = gd.get(j).stream().mapToDouble(Double::doubleValue).toArray();
        }
        return new Targets(x.stream().mapToDouble(Double::doubleValue).toArray(), g);
    }

    /** The state's rows at the programs' real positions (padding left out), in program order. */
    private static DMatrixRMaj rows(DMatrixRMaj states, List<QuadraticProgram> programs, int positions) {
        int count = programs.stream().mapToInt(QuadraticProgram::n).sum();
        DMatrixRMaj out = new DMatrixRMaj(count, states.numCols);
        int r = 0;
        for (int s = 0; s < programs.size(); s++) {
            for (int i = 0; i < programs.get(s).n(); i++) {
                System.arraycopy(states.data, (s * positions + i) * states.numCols, out.data, r * states.numCols,
                        states.numCols);
                r++;
            }
        }
        return out;
    }

    /** max ‖∂F/∂z‖₂ over the programs at the state after {@code trained} loops and after {@code last} loops. */
    private static double[] lipschitz(VectorRefiner model, List<QuadraticProgram> programs, int trained, int last) {
        double[] out = new double[2];
        for (QuadraticProgram q : programs) {
            List<DMatrixRMaj> states = QpEvaluation.states(model, List.of(q), last);
            out[0] = Math.max(out[0], TrainedLoop.jacobianNorm(model, q, states.get(trained - 1)));
            out[1] = Math.max(out[1], TrainedLoop.jacobianNorm(model, q, states.get(last - 1)));
        }
        return out;
    }
}
