package org.depthlab.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.depthlab.BadInputException;
import org.depthlab.models.DecoderConfig;
import org.depthlab.models.HrmConfig;
import org.depthlab.models.LoopedConfig;
import org.depthlab.models.ModelConfig;
import org.depthlab.models.Positions;
import org.depthlab.models.RefinementModel;
import org.depthlab.models.TransformerConfig;
import org.depthlab.models.TrmConfig;
import org.depthlab.tasks.Dataset;
import org.depthlab.tasks.Puzzle;
import org.depthlab.tasks.Task;
import org.depthlab.train.Checkpoint;
import org.depthlab.train.Evaluator;
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
            "Train a model (transformer, looped, hrm, trm or decoder) on puzzles.",
            "Every update is one supervision segment (deep supervision); HRM and TRM halt",
            "adaptively (ACT). Checkpoints and metrics.jsonl go to --out, which must be new",
            "or empty unless --force; --resume continues the run saved there, to its own",
            "total unless --steps says another. Defaults suit 4x4 and 6x6 Sudoku on two",
            "cores."})
final class TrainCommand implements Callable<Integer> {

    /** The metrics log in --out, one JSON object per epoch. */
    static final String METRICS_FILE = "metrics.jsonl";

    @Option(names = "--model", required = true, paramLabel = "MODEL",
            description = "transformer, looped, hrm, trm or decoder")
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
            description = "rope (rotary, HRM's default) or learned absolute positions (default ${DEFAULT-VALUE})")
    private String positions;

    // ---- training
    @Option(names = "--steps", defaultValue = "2000", description = "optimizer updates in all (default ${DEFAULT-VALUE})")
    private long steps;

    @Option(names = "--epochs", defaultValue = "0", description = "or stop after this many epochs (0: no limit)")
    private int epochs;

    @Option(names = "--batch", defaultValue = "32", description = "sequences per update (default ${DEFAULT-VALUE})")
    private int batch;

    @Option(names = "--segments",
            description = "supervision segments per puzzle at most (default 1 for transformer and decoder, 8 otherwise)")
    private Integer segments;

    @Option(names = "--lr", defaultValue = "1e-3", description = "peak learning rate (default ${DEFAULT-VALUE})")
    private double lr;

    @Option(names = "--warmup", defaultValue = "100", description = "warm-up updates (default ${DEFAULT-VALUE})")
    private long warmup;

    @Option(names = "--min-lr-ratio", defaultValue = "1.0",
            description = "final lr / peak after cosine decay; 1 keeps it constant as HRM (default ${DEFAULT-VALUE})")
    private double minLrRatio;

    @Option(names = "--optimizer", defaultValue = "adam-atan2", description = "adam-atan2 or adamw (default ${DEFAULT-VALUE})")
    private String optimizer;

    @Option(names = "--weight-decay", defaultValue = "0.1", description = "decoupled weight decay (default ${DEFAULT-VALUE})")
    private double weightDecay;

    @Option(names = "--loss", defaultValue = "stablemax", description = "stablemax or softmax (default ${DEFAULT-VALUE})")
    private String loss;

    @Option(names = "--exploration", defaultValue = "0.1", description = "ACT exploration probability (default ${DEFAULT-VALUE})")
    private double exploration;

    @Option(names = "--clip", defaultValue = "0", description = "gradient-norm clipping, 0 for none (default ${DEFAULT-VALUE})")
    private double clip;

    @Option(names = "--ema", description = "EMA decay for evaluation weights (default 0.999 for trm, none otherwise)")
    private Double ema;

    @Option(names = "--no-augment", description = "train on the puzzles as they are, without random augmentations")
    private boolean noAugment;

    @Option(names = "--eval-every", defaultValue = "1", description = "evaluate and checkpoint every this many epochs")
    private int evalEvery;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the weights and of the run (default ${DEFAULT-VALUE})")
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
                    Checkpoint.CONFIG_FILE, Checkpoint.MODEL_FILE, Checkpoint.TRAINING_FILE, METRICS_FILE);
        }
        Task t = Task.named(task);
        List<Puzzle> train = Dataset.readPuzzles(t, trainFile);
        List<Puzzle> test = testFile == null ? List.of() : Dataset.readPuzzles(t, testFile);
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();

        Trainer trainer;
        Progress progress;
        MetricsLog log = new MetricsLog(out.resolve(METRICS_FILE));
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
            trainer = Trainer.resume(out, total, train, test, listener(progress, log));
            stdout.printf(Locale.ROOT, "resuming %s from update %d of %d%n", m.model().kind(), done, total);
        } else {
            ModelConfig config = modelConfig(t, train);
            RefinementModel built = config.build(seed);
            TrainConfig defaults = TrainConfig.defaults(config.kind());
            TrainConfig run = new TrainConfig(steps, epochs, batch,
                    segments != null ? segments : defaults.maxSegments(), lr, warmup, minLrRatio, optimizer, 0.9, 0.95,
                    weightDecay, loss, exploration, clip, ema != null ? ema : defaults.emaDecay(), !noAugment, seed,
                    evalEvery);
            if (force) {
                // A forced run starts clean: the old run's checkpoint and log go, other files stay.
                Overwrites.remove(out, Checkpoint.CONFIG_FILE, Checkpoint.MODEL_FILE, Checkpoint.TRAINING_FILE,
                        METRICS_FILE);
            }
            progress = Progress.of(err, "train " + config.kind(), steps);
            trainer = Trainer.fresh(built, seed, run, t.name(), train, test, out, listener(progress, log));
            stdout.printf(Locale.ROOT, "%s on %s: %,d parameters, %d layer applications per segment, %d training"
                            + " and %d test puzzles%n", config.kind(), t.name(), built.parameterCount(),
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
        int vocab = t.vocabularySize();
        int seqLen = t.sequenceLength();
        Positions p;
        switch (positions.strip().toLowerCase(Locale.ROOT)) {
            case "rope": p = Positions.ROPE; break;
            case "learned": p = Positions.LEARNED; break;
            default: throw new BadInputException("--positions must be rope or learned, not '" + positions + "'");
        }
        switch (model.strip().toLowerCase(Locale.ROOT)) {
            case "transformer": return new TransformerConfig(vocab, seqLen, hidden, heads, expansion, layers, p);
            case "looped": return new LoopedConfig(vocab, seqLen, hidden, heads, expansion, layers, loops, p);
            case "hrm": return new HrmConfig(vocab, seqLen, hidden, heads, expansion, hLayers, lLayers, hCycles, lCycles, p);
            case "trm": return new TrmConfig(vocab, seqLen, hidden, heads, expansion, layers, lCycles, latentSteps, mixer, p);
            case "decoder":
                // The decoder writes the positions the training targets label (all but PAD).
                return new DecoderConfig(vocab, seqLen, hidden, heads, expansion, layers, p,
                        DecoderConfig.labelledPositions(train.stream().map(Puzzle::targetTokens).toList(), seqLen));
            default: throw new BadInputException("--model must be transformer, looped, hrm, trm or decoder, not '"
                    + model + "'");
        }
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

    /** metrics.jsonl: one JSON object per epoch, appended as training goes. */
    static final class MetricsLog {
        private static final ObjectMapper JSON = new ObjectMapper();
        private final Path file;

        MetricsLog(Path file) {
            this.file = file;
        }

        /** Appends the epoch and returns a one-line human summary. */
        String write(Trainer.EpochMetrics m) {
            try {
                Files.createDirectories(file.getParent());
                Files.writeString(file, JSON.writeValueAsString(m) + "\n", StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new BadInputException("cannot append to " + file + ": " + e.getMessage());
            }
            Evaluator.Result test = m.test();
            return String.format(Locale.ROOT, "epoch %.2f  update %d  loss %.4f  train exact %.1f%%  segments %.1f%s",
                    m.epoch(), m.step(), m.loss(), 100 * m.exact(), m.segments(),
                    test == null ? "" : String.format(Locale.ROOT, "  |  test exact %.1f%%  tokens %.1f%%",
                            100 * test.exact(), 100 * test.tokenAccuracy()));
        }
    }
}
