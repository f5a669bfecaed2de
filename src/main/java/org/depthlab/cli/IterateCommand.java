package org.depthlab.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.depthlab.BadInputException;
import org.depthlab.models.HrmConfig;
import org.depthlab.models.LoopedConfig;
import org.depthlab.models.ModelConfig;
import org.depthlab.models.Positions;
import org.depthlab.models.TransformerConfig;
import org.depthlab.models.VectorRefiner;
import org.depthlab.tasks.QpEncoding;
import org.depthlab.tasks.QpTask;
import org.depthlab.tasks.QuadraticProgram;
import org.depthlab.train.QpEvaluation;
import org.depthlab.train.QpTrainer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code depthlab iterate}: train a model with a vector head on quadratic programs for K
 * iterations, then run it for 1 … --times·K iterations on held-out programs and print the mean
 * relative error after each, beside gradient descent and conjugate gradient after as many
 * steps — chapter 11's test of iterating against matching templates, in one command
 * ({@code depthlab experiment run latent-iteration} is the whole experiment). Seeded: the same
 * options print the same numbers.
 */
@Command(name = "iterate", mixinStandardHelpOptions = true,
        description = {"Train a model for K iterations on quadratic programs, then run it longer.",
            "On held-out programs min ½xᵀAx − bᵀx it prints the model's error after 1 …",
            "times·K iterations, beside gradient descent and conjugate gradient after as",
            "many steps. Does it keep iterating past K, or did it learn an answer for K?"})
final class IterateCommand implements Callable<Integer> {

    @Option(names = "--model", defaultValue = "looped", paramLabel = "MODEL",
            description = "transformer, looped or hrm (default ${DEFAULT-VALUE})")
    private String model;

    @Option(names = "--loops", defaultValue = "4", description = "looped: K loops; hrm: N cycles (default ${DEFAULT-VALUE})")
    private int loops;

    @Option(names = "--layers", defaultValue = "1", description = "blocks of the looped stack or the transformer"
            + " (default ${DEFAULT-VALUE})")
    private int layers;

    @Option(names = "--every-loop", description = "a loss after every loop, back-propagated through all (K loops of one"
            + " each, not detached)")
    private boolean everyLoop;

    @Option(names = "--box", description = "box-constrained programs (−1 ≤ xᵢ ≤ 1)")
    private boolean box;

    @Option(names = "--hidden", defaultValue = "32", description = "model width (default ${DEFAULT-VALUE})")
    private int hidden;

    @Option(names = "--steps", defaultValue = "2000", description = "updates (default ${DEFAULT-VALUE})")
    private long steps;

    @Option(names = "--test", defaultValue = "200", description = "held-out programs (default ${DEFAULT-VALUE})")
    private int test;

    @Option(names = "--times", defaultValue = "4", description = "run up to this many times the trained iterations"
            + " (default ${DEFAULT-VALUE})")
    private int times;

    @Option(names = "--seed", defaultValue = "1", description = "weights and training programs (default ${DEFAULT-VALUE})")
    private long seed;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (loops < 1 || layers < 1 || steps < 1 || test < 1 || times < 1) {
            throw new BadInputException("--loops, --layers, --steps, --test and --times must be at least 1.");
        }
        int p = 8;
        ModelConfig config;
        switch (model.strip().toLowerCase(Locale.ROOT)) {
            case "transformer": config = new TransformerConfig(2, p, hidden, 2, 2.0, layers, Positions.LEARNED); break;
            case "looped": config = new LoopedConfig(2, p, hidden, 2, 2.0, layers, everyLoop ? 1 : loops,
                    Positions.LEARNED); break;
            case "hrm": config = new HrmConfig(2, p, hidden, 2, 2.0, 1, 1, loops, 2, Positions.LEARNED); break;
            default: throw new BadInputException("--model must be transformer, looped or hrm, not '" + model + "'.");
        }
        if (everyLoop && !(config instanceof LoopedConfig)) {
            throw new BadInputException("--every-loop applies to the looped model only.");
        }
        VectorRefiner m = new VectorRefiner(config, QpEncoding.features(p), seed);
        QpTask task = new QpTask(4, 6, 2, 10, box);
        QpTrainer.Config c = QpTrainer.Config.defaults(m.configuredIterations()).withSteps(steps).withSeed(seed);
        if (everyLoop) {
            c = c.withSegments(loops, false);
        }
        PrintWriter out = spec.commandLine().getOut();
        QpTrainer.Result r = QpTrainer.train(m, task, c, (s, n, l) -> { });
        if (r.stoppedBecause() != null) {
            throw new BadInputException(r.stoppedBecause() + ".");
        }
        int trained = config instanceof TransformerConfig ? 1 : loops;
        int iterations = config instanceof TransformerConfig ? 1 : times * trained;
        List<QuadraticProgram> programs = new ArrayList<>();
        SplittableRandom rng = new SplittableRandom(101);
        for (int i = 0; i < test; i++) {
            programs.add(task.generate(rng));
        }
        QpEvaluation.Curve curve = QpEvaluation.model(config.kind(), m, programs, iterations, 100);
        QpEvaluation.Curve gd = QpEvaluation.gradientDescent(programs, iterations);
        QpEvaluation.Curve cg = box ? null : QpEvaluation.conjugateGradient(programs, iterations);
        out.printf(Locale.ROOT, "%s (%s), trained %d updates with %d iteration%s; %d held-out %s programs%n",
                config.kind(), everyLoop ? "a loss after every loop" : "a loss after the last iteration", steps, trained,
                trained == 1 ? "" : "s", test, box ? "box-constrained" : "unconstrained");
        // The baseline's column is as wide as its name, plus the space that separates columns.
        int baseline = box ? 20 : 18;
        out.printf(Locale.ROOT, "  %-10s %12s %" + baseline + "s%s%n", "iteration", "model error",
                box ? "projected gradient" : "gradient descent", box ? "   in the box" : "   conjugate gradient");
        for (int k = 0; k < iterations; k++) {
            String iteration = (k + 1) + (k + 1 == trained ? " (K)" : "");
            String last = box ? String.format(Locale.ROOT, "%12.0f%%", 100 * curve.feasible()[k])
                    : String.format(Locale.ROOT, "%20.3f", cg.meanError()[k]);
            out.printf(Locale.ROOT, "  %-10s %12.3f %" + baseline + ".3f %s%n", iteration, curve.meanError()[k],
                    gd.meanError()[k], last);
        }
        out.flush();
        return 0;
    }
}
