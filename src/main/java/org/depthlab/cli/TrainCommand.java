package org.depthlab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.depthlab.BadInputException;
import org.depthlab.experiments.MetricsLog;
import org.depthlab.experiments.TrainingFlops;
import org.depthlab.models.DecoderConfig;
import org.depthlab.nn.BlockConfig;
import org.depthlab.models.HrmConfig;
import org.depthlab.models.LoopedConfig;
import org.depthlab.models.ModelConfig;
import org.depthlab.models.ModelShape;
import org.depthlab.models.Positions;
import org.depthlab.models.RefinementModel;
import org.depthlab.models.TransformerConfig;
import org.depthlab.models.TrmConfig;
import org.depthlab.tasks.Dataset;
import org.depthlab.tasks.Puzzle;
import org.depthlab.tasks.Task;
import org.depthlab.tensor.Tensor;
import org.depthlab.train.Checkpoint;
import org.depthlab.train.TrainConfig;
import org.depthlab.train.Trainer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code depthlab train}: trains one of the four refinement models on a puzzle file and
 * writes checkpoints ({@code model.safetensors} + {@code config.json}) and a metrics log
 * ({@code metrics.jsonl}, one JSON object per epoch) into {@code --out}.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {
            "Train a model (transformer, looped, hrm, trm, gram or decoder) on puzzles.",
            "Every update is one supervision segment (deep supervision); HRM and TRM halt",
            "adaptively (ACT). Checkpoints and metrics.jsonl go to --out, which must be new",
            "or empty unless --force; --resume continues the run saved there, to its own",
            "total unless --steps says another. Defaults suit 4x4 and 6x6 Sudoku on two",
            "cores."})
final class TrainCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "MODEL",
            description = "transformer, looped, hrm, trm, gram (TRM with a random step) or decoder")
    private String model;

    @Option(names = "--task", required = true, paramLabel = "TASK",
            description = "sudoku4, sudoku6, sudoku9, maze<N>, pointer, queens<N>")
    private String task;

    @Option(names = "--train", required = true, paramLabel = "FILE", description = "training puzzles (depthlab generate)")
    private Path trainFile;

    @Option(names = "--test", paramLabel = "FILE", description = "held-out puzzles, evaluated every --eval-every epochs")
    private Path testFile;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "checkpoint directory")
    private Path out;

    @Option(names = "--resume", description = "continue the run saved in --out to its own total (--steps sets another);"
            + " its settings are kept, and an option that says otherwise is refused")
    private boolean resume;

    @Option(names = "--force", description = "train into --out even if it holds a run or other files (a run there is replaced)")
    private boolean force;

    // ---- model shape
    @Option(names = "--hidden", defaultValue = "64", description = "model width (default ${DEFAULT-VALUE})")
    private int hidden;

    @Option(names = "--heads", defaultValue = "2", description = "attention heads (default ${DEFAULT-VALUE})")
    private int heads;

    @Option(names = "--expansion", defaultValue = "4", description = "SwiGLU expansion (default ${DEFAULT-VALUE})")
    private double expansion;

    @Option(names = "--layers", defaultValue = "2",
            description = "blocks: transformer and looped stack, TRM's network, the decoder (default ${DEFAULT-VALUE})")
    private int layers;

    @Option(names = "--h-layers", defaultValue = "1", description = "HRM: blocks in H (default ${DEFAULT-VALUE})")
    private int hLayers;

    @Option(names = "--l-layers", defaultValue = "1", description = "HRM: blocks in L (default ${DEFAULT-VALUE})")
    private int lLayers;

    @Option(names = {"--h-cycles", "-N"}, defaultValue = "2", description = "HRM: N, H-steps per segment (default ${DEFAULT-VALUE})")
    private int hCycles;

    @Option(names = {"--l-cycles", "-T"}, defaultValue = "2",
            description = "HRM: T, L-steps per H-step; TRM: T, recursions per segment (default ${DEFAULT-VALUE})")
    private int lCycles;

    @Option(names = "--loops", defaultValue = "4", description = "looped: K, stack applications per segment (default ${DEFAULT-VALUE})")
    private int loops;

    @Option(names = {"--latent-steps", "-n"}, defaultValue = "3", description = "TRM: n, latent updates per recursion (default ${DEFAULT-VALUE})")
    private int latentSteps;

    @Option(names = "--mixer", description = "TRM: the MLP-mixer variant instead of attention")
    private boolean mixer;

    @Option(names = "--positions", defaultValue = "learned",
            description = "rope (rotary, HRM's default), learned absolute positions, or none (TRM's MLP variant on"
                    + " Sudoku) (default ${DEFAULT-VALUE})")
    private String positions;

    @Option(names = "--ffn-multiple", paramLabel = "M",
            description = "SwiGLU inner width: expansion*hidden*2/3, rounded, then up to a multiple of M; 1 for"
                    + " the unrounded width (default " + BlockConfig.HRM_FFN_MULTIPLE + " for hrm, trm and gram, as their"
                    + " code, 1 otherwise)")
    private Integer ffnMultiple;

    @Option(names = "--puzzle-emb-len", paramLabel = "P",
            description = "TRM: positions in front of the puzzle, the learned puzzle embedding then zeros"
                    + " (default " + TrmConfig.PUZZLE_EMB_LEN + ", as TRM's code)")
    private Integer puzzleEmbLen;

    @Option(names = "--latent", defaultValue = ModelShape.LATENT, paramLabel = "KIND",
            description = "gram: its random step, variational (a learned prior, trained through a posterior) or"
                    + " fixed (naive noise of scale --noise) (default ${DEFAULT-VALUE})")
    private String latent;

    @Option(names = "--noise", defaultValue = "" + ModelShape.NOISE, paramLabel = "SIGMA",
            description = "gram: the noise scale of a fixed step, or the prior's before training (default ${DEFAULT-VALUE})")
    private double noise;

    @Option(names = "--beta", defaultValue = "" + ModelShape.BETA,
            description = "gram: the weight of the KL term of the variational model's ELBO (default ${DEFAULT-VALUE})")
    private double beta;

    @Option(names = "--latent-width", defaultValue = "" + ModelShape.LATENT_WIDTH, paramLabel = "W",
            description = "gram: the hidden width of the prior and posterior MLPs (default ${DEFAULT-VALUE})")
    private int latentWidth;

    // ---- training
    @Option(names = "--steps", defaultValue = "" + TrainConfig.STEPS, description = "optimizer updates in all (default ${DEFAULT-VALUE})")
    private long steps;

    @Option(names = "--epochs", defaultValue = "" + TrainConfig.EPOCHS, description = "or stop after this many epochs (0: no limit)")
    private int epochs;

    @Option(names = "--batch", defaultValue = "" + TrainConfig.BATCH, description = "sequences per update (default ${DEFAULT-VALUE})")
    private int batch;

    @Option(names = "--segments",
            description = "supervision segments per puzzle at most (default 1 for transformer and decoder, "
                    + TrainConfig.MAX_SEGMENTS + " otherwise)")
    private Integer segments;

    @Option(names = "--lr", defaultValue = "" + TrainConfig.LR, description = "peak learning rate (default ${DEFAULT-VALUE})")
    private double lr;

    @Option(names = "--warmup", defaultValue = "" + TrainConfig.WARMUP_STEPS, description = "warm-up updates (default ${DEFAULT-VALUE})")
    private long warmup;

    @Option(names = "--min-lr-ratio", defaultValue = "" + TrainConfig.MIN_LR_RATIO,
            description = "final lr / peak after cosine decay; 1 keeps it constant as HRM (default ${DEFAULT-VALUE})")
    private double minLrRatio;

    @Option(names = "--optimizer", defaultValue = TrainConfig.OPTIMIZER, description = "adam-atan2 (as the released package computes it), adam-atan2-inside (its reverted"
                    + " 0.0.2 form) or adamw (default ${DEFAULT-VALUE})")
    private String optimizer;

    @Option(names = "--weight-decay", defaultValue = "" + TrainConfig.WEIGHT_DECAY, description = "decoupled weight decay (default ${DEFAULT-VALUE})")
    private double weightDecay;

    @Option(names = "--loss", defaultValue = TrainConfig.LOSS, description = "stablemax or softmax (default ${DEFAULT-VALUE})")
    private String loss;

    @Option(names = "--exploration", defaultValue = "" + TrainConfig.EXPLORATION, description = "ACT exploration probability (default ${DEFAULT-VALUE})")
    private double exploration;

    @Option(names = "--clip", defaultValue = "" + TrainConfig.CLIP_NORM, description = "gradient-norm clipping, 0 for none (default ${DEFAULT-VALUE})")
    private double clip;

    @Option(names = "--ema", description = "decay of the bias-corrected moving average of the weights that evaluation runs on"
                    + " (default " + TrainConfig.TRM_EMA_DECAY + " for trm and gram, none otherwise)")
    private Double ema;

    @Option(names = "--no-augment", description = "train on the puzzles as they are, without random augmentations")
    private boolean noAugment;

    @Option(names = "--eval-every", defaultValue = "" + TrainConfig.EVAL_EVERY, description = "evaluate and checkpoint every this many epochs")
    private int evalEvery;

    @Option(names = "--seed", defaultValue = "" + TrainConfig.SEED, description = "seed of the weights and of the run (default ${DEFAULT-VALUE})")
    private long seed;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (resume && force) {
            throw new BadInputException("--resume continues the run in " + out + " and --force replaces it: give one"
                    + " of them.");
        }
        Checkpoint.Manifest saved = null;
        if (resume) {
            saved = Checkpoint.manifest(out);
            ResumeFlags.requireAgreement(spec.commandLine().getParseResult(), saved, out);
        } else {
            Overwrites.requireEmptyFolder(out, force, "a run: --resume continues it, --force replaces it",
                    Checkpoint.CONFIG_FILE, Checkpoint.MODEL_FILE, Checkpoint.TRAINING_FILE, MetricsLog.FILE);
        }
        Task t = Task.named(task);
        List<Puzzle> train = Dataset.readPuzzles(t, trainFile);
        List<Puzzle> test = testFile == null ? List.of() : Dataset.readPuzzles(t, testFile);
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();

        Trainer trainer;
        Progress progress;
        MetricsLog log;
        if (resume) {
            Checkpoint.Manifest m = saved;
            long total = spec.commandLine().getParseResult().hasMatchedOption("--steps") ? steps : m.train().steps();
            long done = m.progress().step();
            if (total <= done) {
                throw new BadInputException(String.format(Locale.ROOT, "the run in %s has done %,d updates%s: give"
                        + " --steps with a larger total to train on.", out, done, total == m.train().steps()
                        ? ", all it was started for" : ", more than --steps " + total));
            }
            progress = Progress.of(err, "train " + m.model().kind(), total);
            RefinementModel model = m.model().build(m.modelSeed());
            log = MetricsLog.resumed(out, done, TrainingFlops.measure(model, m.train(), train).perUpdate());
            trainer = Trainer.resume(out, total, train, test, listener(progress, log));
            stdout.printf(Locale.ROOT, "resuming %s from update %d of %d%n", m.model().kind(), done, total);
        } else {
            ModelConfig config = modelConfig(t, train);
            RefinementModel built = config.build(seed);
            TrainConfig defaults = TrainConfig.defaults(config.kind());
            TrainConfig run = defaults.withSteps(steps).withEpochs(epochs).withBatch(batch)
                    .withMaxSegments(segments != null ? segments : defaults.maxSegments()).withLr(lr)
                    .withWarmupSteps(warmup).withMinLrRatio(minLrRatio).withOptimizer(optimizer)
                    .withWeightDecay(weightDecay).withLoss(loss).withExploration(exploration).withClipNorm(clip)
                    .withEmaDecay(ema != null ? ema : defaults.emaDecay()).withAugment(!noAugment).withSeed(seed)
                    .withEvalEvery(evalEvery);
            if (force) {
                // A forced run starts clean: the old run's checkpoint and log go, other files stay.
                Overwrites.remove(out, Checkpoint.CONFIG_FILE, Checkpoint.MODEL_FILE, Checkpoint.TRAINING_FILE,
                        MetricsLog.FILE);
            }
            progress = Progress.of(err, "train " + config.kind(), steps);
            long flopsPerUpdate = TrainingFlops.measure(built, run, train).perUpdate();
            log = MetricsLog.fresh(out, flopsPerUpdate);
            trainer = Trainer.fresh(built, seed, run, t.name(), train, test, out, listener(progress, log));
            stdout.printf(Locale.ROOT, "%s on %s: %s, %d layer applications per segment, %d training"
                            + " and %d test puzzles%n", config.kind(), t.name(), size(built),
                    built.layerApplicationsPerSegment(), train.size(), test.size());
        }
        stdout.flush();
        long t0 = System.nanoTime();
        Trainer.Result result;
        try {
            result = trainer.run();
        } finally {
            progress.finish();
        }
        if (result.diverged()) {
            err.println("depthlab: " + result.stoppedBecause());
            err.flush();
            return 1;
        }
        stdout.printf(Locale.ROOT, "done: %d updates, %d epochs in %.1f s; checkpoint in %s%n", result.steps(),
                result.epochs(), (System.nanoTime() - t0) / 1e9, out);
        stdout.flush();
        return 0;
    }

    private ModelConfig modelConfig(Task t, List<Puzzle> train) {
        if (!ModelShape.KINDS.contains(model.strip().toLowerCase(Locale.ROOT))) {
            throw new BadInputException("--model must be transformer, looped, hrm, trm, gram or decoder, not '" + model
                    + "'");
        }
        ModelShape shape = new ModelShape(model, hidden, heads, expansion, layers, hLayers, lLayers, hCycles, lCycles,
                loops, latentSteps, mixer, ModelShape.positions(positions), ffnMultiple == null ? 0 : requirePositive(
                "--ffn-multiple", ffnMultiple), puzzleEmbLen == null ? 0 : requirePositive("--puzzle-emb-len", puzzleEmbLen),
                latent, noise, beta, latentWidth);
        return shape.config(t.vocabularySize(), t.sequenceLength(), train.stream().map(Puzzle::targetTokens).toList());
    }

    private static int requirePositive(String option, int value) {
        if (value < 1) {
            throw new BadInputException(option + " must be at least 1, not " + value);
        }
        return value;
    }

    /**
     * The model's size as {@code inspect} counts model.safetensors: its parameters, and where
     * the model also keeps buffers (fixed initial states, saved but never trained), those and
     * the total.
     */
    static String size(RefinementModel model) {
        long parameters = model.parameterCount();
        List<Tensor> buffers = model.buffers();
        if (buffers.isEmpty()) {
            return String.format(Locale.ROOT, "%,d parameters", parameters);
        }
        long values = buffers.stream().mapToLong(b -> b.value().getNumElements()).sum();
        String names = String.join(", ", buffers.stream().map(Tensor::name).toList());
        return String.format(Locale.ROOT, "%,d parameters + %,d buffer values (%s, never trained) = %,d values"
                + " in model.safetensors", parameters, values, names, parameters + values);
    }

    private static Trainer.Listener listener(Progress progress, MetricsLog log) {
        return new Trainer.Listener() {
            @Override
            public void onStep(long step, long totalSteps, double lossValue, double exact) {
                progress.update(step, String.format(Locale.ROOT, "loss %.4f  exact %5.1f%%", lossValue, 100 * exact));
            }

            @Override
            public void onEpoch(Trainer.EpochMetrics metrics) {
                progress.log(log.write(metrics));
            }
        };
    }
}
