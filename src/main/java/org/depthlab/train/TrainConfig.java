package org.depthlab.train;

import org.depthlab.BadInputException;

/**
 * How a model is trained: the settings of {@link Trainer}, saved with every checkpoint.
 *
 * <p>The defaults follow HRM where it makes sense at the book's scale ([HRM]): Adam-atan2
 * with β = (0.9, 0.95), stablemax cross-entropy, up to 16 supervision segments with ACT
 * exploration 0.1, warm-up then a constant rate; TRM adds an EMA of the weights. Sizes and
 * rates are smaller than the paper's so that a run fits on two cores.
 *
 * @param steps        optimizer updates to run in all (one update per supervision segment)
 * @param epochs       or stop after this many passes over the training puzzles (0: no limit)
 * @param batch        sequences per update
 * @param maxSegments  supervision segments a sequence may use (HRM: 16); 1 for a plain transformer
 * @param lr           peak learning rate
 * @param warmupSteps  linear warm-up length
 * @param minLrRatio   final rate / peak after the cosine decay (1: warm-up then constant, as HRM)
 * @param optimizer    "adam-atan2" or "adamw"
 * @param beta1        first-moment decay
 * @param beta2        second-moment decay
 * @param weightDecay  decoupled weight decay
 * @param loss         "stablemax" or "softmax" cross-entropy for the answer
 * @param exploration  probability that a sequence must run a random minimum number of segments
 * @param clipNorm     global gradient-norm limit, 0 for none
 * @param emaDecay     decay of the weights' moving average used for evaluation, 0 for none
 * @param augment      draw a random answer-preserving augmentation of every training puzzle
 * @param seed         all randomness of the run
 * @param evalEvery    evaluate (and checkpoint) every this many epochs
 */
public record TrainConfig(long steps, int epochs, int batch, int maxSegments, double lr, long warmupSteps,
                          double minLrRatio, String optimizer, double beta1, double beta2, double weightDecay,
                          String loss, double exploration, double clipNorm, double emaDecay, boolean augment,
                          long seed, int evalEvery) {

    public TrainConfig {
        require(steps >= 1, "steps must be at least 1, got " + steps);
        require(epochs >= 0, "epochs must be at least 0, got " + epochs);
        require(batch >= 1, "batch must be at least 1, got " + batch);
        require(maxSegments >= 1, "segments must be at least 1, got " + maxSegments);
        require(lr > 0 && Double.isFinite(lr), "learning rate must be positive, got " + lr);
        require(warmupSteps >= 0, "warm-up must be at least 0 steps, got " + warmupSteps);
        require(minLrRatio >= 0 && minLrRatio <= 1, "the final learning-rate ratio must be in [0, 1], got " + minLrRatio);
        require(optimizer.equals("adam-atan2") || optimizer.equals("adamw"),
                "optimizer must be adam-atan2 or adamw, got '" + optimizer + "'");
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
     * one segment for the models that carry nothing between segments.
     */
    public static TrainConfig defaults(String modelKind) {
        int segments = modelKind.equals("transformer") || modelKind.equals("decoder") ? 1 : 8;
        double ema = modelKind.equals("trm") ? 0.999 : 0.0;
        return new TrainConfig(2000, 0, 32, segments, 1e-3, 100, 1.0, "adam-atan2", 0.9, 0.95, 0.1,
                "stablemax", 0.1, 0.0, ema, true, 1, 1);
    }

    public TrainConfig withSteps(long newSteps) {
        return new TrainConfig(newSteps, epochs, batch, maxSegments, lr, warmupSteps, minLrRatio, optimizer, beta1,
                beta2, weightDecay, loss, exploration, clipNorm, emaDecay, augment, seed, evalEvery);
    }
}
