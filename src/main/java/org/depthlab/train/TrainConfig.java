package org.depthlab.train;

import java.util.function.Consumer;
import org.depthlab.BadInputException;

/**
 * How a model is trained: the settings of {@link Trainer}, saved with every checkpoint.
 *
 * <p>Read it like nanoGPT's {@code GPTConfig}: every field has a named default below, and a
 * run that differs says only how, by {@code withX} copies —
 * <pre>{@code
 *   TrainConfig run = TrainConfig.defaults("hrm").withSteps(3_000).withLr(3e-3);
 * }</pre>
 * The defaults follow HRM where it makes sense at the book's scale ([HRM]; the
 * HRM repository's {@code config/cfg_pretrain.yaml}): Adam-atan2 with β = (0.9, 0.95),
 * stablemax cross-entropy, ACT exploration 0.1, a linear warm-up then a constant rate; TRM adds
 * an EMA of the weights. Sizes, rates and budgets are smaller than the papers' so that a run
 * fits on two cores — in particular a sequence gets at most {@value #MAX_SEGMENTS} supervision
 * segments, where HRM and TRM allow 16 ({@code halt_max_steps}); docs/decisions.md lists every
 * difference from the published code.
 *
 * @param steps        optimizer updates to run in all (one update per supervision segment)
 * @param epochs       or stop after this many passes over the training puzzles (0: no limit)
 * @param batch        sequences per update
 * @param maxSegments  supervision segments a sequence may use; 1 for a model that carries nothing
 * @param lr           peak learning rate
 * @param warmupSteps  linear warm-up length
 * @param minLrRatio   final rate / peak after the cosine decay (1: warm-up then constant, as HRM)
 * @param optimizer    "adam-atan2" (as the released package computes it), "adam-atan2-inside" (its
 *                     reverted 0.0.2 form, the first bias correction inside the atan2) or "adamw"
 * @param beta1        first-moment decay
 * @param beta2        second-moment decay
 * @param weightDecay  decoupled weight decay
 * @param loss         "stablemax" or "softmax" cross-entropy for the answer
 * @param exploration  probability that a sequence must run a random minimum number of segments
 * @param clipNorm     global gradient-norm limit, 0 for none
 * @param emaDecay     decay μ of the weights' bias-corrected moving average that evaluation runs
 *                     on ({@link org.depthlab.optim.Ema}), 0 for none
 * @param augment      draw a random answer-preserving augmentation of every training puzzle
 * @param seed         all randomness of the run
 * @param evalEvery    evaluate (and checkpoint) every this many epochs
 */
public record TrainConfig(long steps, int epochs, int batch, int maxSegments, double lr, long warmupSteps,
                          double minLrRatio, String optimizer, double beta1, double beta2, double weightDecay,
                          String loss, double exploration, double clipNorm, double emaDecay, boolean augment,
                          long seed, int evalEvery) {

    // ---------------------------------------------------------------- named defaults

    /** Optimizer updates in all. */
    public static final long STEPS = 2_000;
    /** No limit on epochs: {@link #STEPS} decides. */
    public static final int EPOCHS = 0;
    /** Sequences per update (HRM: a global batch of 768). */
    public static final int BATCH = 32;
    /** Supervision segments per sequence at most, for the models that carry a state (HRM, TRM: 16). */
    public static final int MAX_SEGMENTS = 8;
    /** Peak learning rate (HRM: 1e-4 at batch 768). */
    public static final double LR = 1e-3;
    /** Linear warm-up (HRM: 2,000 updates of a 26,000-update run). */
    public static final long WARMUP_STEPS = 100;
    /** 1: warm-up then a constant rate, as HRM trains. */
    public static final double MIN_LR_RATIO = 1.0;
    /** The optimizer HRM and TRM import, as its released package (0.0.3) computes it. */
    public static final String OPTIMIZER = "adam-atan2";
    /** HRM's β1. */
    public static final double BETA1 = 0.9;
    /** HRM's β2. */
    public static final double BETA2 = 0.95;
    /** Decoupled weight decay (HRM's default; its Sudoku and maze runs use 1.0). */
    public static final double WEIGHT_DECAY = 0.1;
    /** HRM's answer loss. */
    public static final String LOSS = "stablemax";
    /** HRM's halt_exploration_prob. */
    public static final double EXPLORATION = 0.1;
    /** No gradient clipping, as HRM. */
    public static final double CLIP_NORM = 0.0;
    /** TRM's ema_rate; the other models keep no average ({@link #defaults(String)}). */
    public static final double TRM_EMA_DECAY = 0.999;
    /** A fresh random augmentation of every puzzle each time it is drawn. */
    public static final boolean AUGMENT = true;
    /** The seed of the run. */
    public static final long SEED = 1;
    /** Evaluate and checkpoint after every epoch. */
    public static final int EVAL_EVERY = 1;

    public TrainConfig {
        require(steps >= 1, "steps must be at least 1, got " + steps);
        require(epochs >= 0, "epochs must be at least 0, got " + epochs);
        require(batch >= 1, "batch must be at least 1, got " + batch);
        require(maxSegments >= 1, "segments must be at least 1, got " + maxSegments);
        require(lr > 0 && Double.isFinite(lr), "learning rate must be positive, got " + lr);
        require(warmupSteps >= 0, "warm-up must be at least 0 steps, got " + warmupSteps);
        require(minLrRatio >= 0 && minLrRatio <= 1, "the final learning-rate ratio must be in [0, 1], got " + minLrRatio);
        require(optimizer.equals("adam-atan2") || optimizer.equals("adam-atan2-inside") || optimizer.equals("adamw"),
                "optimizer must be adam-atan2, adam-atan2-inside or adamw, got '" + optimizer + "'");
        require(loss.equals("stablemax") || loss.equals("softmax"), "loss must be stablemax or softmax, got '" + loss + "'");
        require(exploration >= 0 && exploration <= 1, "exploration must be a probability, got " + exploration);
        require(clipNorm >= 0, "gradient clipping must be at least 0, got " + clipNorm);
        require(emaDecay >= 0 && emaDecay < 1, "EMA decay must be in [0, 1), got " + emaDecay);
        require(evalEvery >= 1, "eval-every must be at least 1 epoch, got " + evalEvery);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new BadInputException(message);
        }
    }

    /**
     * The book's defaults for a model kind ("transformer", "looped", "hrm", "trm", "decoder"):
     * the named defaults above, with one segment for the models that carry nothing between
     * segments (transformer, decoder) and TRM's EMA for {@code trm} and {@code gram} (TRM with a random step).
     */
    public static TrainConfig defaults(String modelKind) {
        boolean carriesNothing = modelKind.equals("transformer") || modelKind.equals("decoder");
        return new TrainConfig(STEPS, EPOCHS, BATCH, carriesNothing ? 1 : MAX_SEGMENTS, LR, WARMUP_STEPS,
                MIN_LR_RATIO, OPTIMIZER, BETA1, BETA2, WEIGHT_DECAY, LOSS, EXPLORATION, CLIP_NORM,
                modelKind.equals("trm") || modelKind.equals("gram") ? TRM_EMA_DECAY : 0.0, AUGMENT, SEED, EVAL_EVERY);
    }

    // ---------------------------------------------------------------- copies with one field changed

    public TrainConfig withSteps(long v) {
        return with(f -> f.steps = v);
    }

    public TrainConfig withEpochs(int v) {
        return with(f -> f.epochs = v);
    }

    public TrainConfig withBatch(int v) {
        return with(f -> f.batch = v);
    }

    public TrainConfig withMaxSegments(int v) {
        return with(f -> f.maxSegments = v);
    }

    public TrainConfig withLr(double v) {
        return with(f -> f.lr = v);
    }

    public TrainConfig withWarmupSteps(long v) {
        return with(f -> f.warmupSteps = v);
    }

    public TrainConfig withMinLrRatio(double v) {
        return with(f -> f.minLrRatio = v);
    }

    public TrainConfig withOptimizer(String v) {
        return with(f -> f.optimizer = v);
    }

    /** β1 and β2 together, as the optimizers take them. */
    public TrainConfig withBetas(double b1, double b2) {
        return with(f -> {
            f.beta1 = b1;
            f.beta2 = b2;
        });
    }

    public TrainConfig withWeightDecay(double v) {
        return with(f -> f.weightDecay = v);
    }

    public TrainConfig withLoss(String v) {
        return with(f -> f.loss = v);
    }

    public TrainConfig withExploration(double v) {
        return with(f -> f.exploration = v);
    }

    public TrainConfig withClipNorm(double v) {
        return with(f -> f.clipNorm = v);
    }

    public TrainConfig withEmaDecay(double v) {
        return with(f -> f.emaDecay = v);
    }

    public TrainConfig withAugment(boolean v) {
        return with(f -> f.augment = v);
    }

    public TrainConfig withSeed(long v) {
        return with(f -> f.seed = v);
    }

    public TrainConfig withEvalEvery(int v) {
        return with(f -> f.evalEvery = v);
    }

    /** This configuration with the fields {@code change} sets; checked like a new one. */
    private TrainConfig with(Consumer<Fields> change) {
        Fields f = new Fields(this);
        change.accept(f);
        return f.build();
    }

    /** A mutable copy of the fields, for {@link #with}; never escapes this class. */
    private static final class Fields {
        long steps;
        int epochs;
        int batch;
        int maxSegments;
        double lr;
        long warmupSteps;
        double minLrRatio;
        String optimizer;
        double beta1;
        double beta2;
        double weightDecay;
        String loss;
        double exploration;
        double clipNorm;
        double emaDecay;
        boolean augment;
        long seed;
        int evalEvery;

        Fields(TrainConfig c) {
            steps = c.steps;
            epochs = c.epochs;
            batch = c.batch;
            maxSegments = c.maxSegments;
            lr = c.lr;
            warmupSteps = c.warmupSteps;
            minLrRatio = c.minLrRatio;
            optimizer = c.optimizer;
            beta1 = c.beta1;
            beta2 = c.beta2;
            weightDecay = c.weightDecay;
            loss = c.loss;
            exploration = c.exploration;
            clipNorm = c.clipNorm;
            emaDecay = c.emaDecay;
            augment = c.augment;
            seed = c.seed;
            evalEvery = c.evalEvery;
        }

        TrainConfig build() {
            return new TrainConfig(steps, epochs, batch, maxSegments, lr, warmupSteps, minLrRatio, optimizer, beta1,
                    beta2, weightDecay, loss, exploration, clipNorm, emaDecay, augment, seed, evalEvery);
        }
    }
}
