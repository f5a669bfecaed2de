package org.depthlab.claims;

import java.util.SplittableRandom;
import org.depthlab.models.RefinementModel;
import org.depthlab.train.Halting;

/**
 * How a training loop decides, after a segment, whether a sequence stops: from the segments it
 * has used, its halting head's logits, the maximum and the exploration probability. The
 * trainer's rule is {@link #trainer()} ({@link Halting}); the halting claims ({@link Halts})
 * check a rule on the logits of a real model, the {@link Subject}.
 */
@FunctionalInterface
public interface HaltingRule {

    /**
     * @param steps     segments used so far, this one included
     * @param qHalt     the head's "stop now" logit
     * @param qContinue the "continue" logit, or NaN when the model has no continue head (TRM)
     * @param rng       the random stream the exploration minimum is drawn from
     */
    Halting.Decision decide(int steps, double qHalt, double qContinue, int maxSegments, double exploration,
                            SplittableRandom rng);

    /** The rule {@code depthlab train} uses ({@link Halting#decide}). */
    static HaltingRule trainer() {
        return (steps, qHalt, qContinue, max, exploration, rng) -> Double.isNaN(qContinue)
                ? Halting.decide(steps, qHalt, max, exploration, rng)
                : Halting.decide(steps, qHalt, qContinue, max, exploration, rng);
    }

    /**
     * A rule and the model whose halting head feeds it.
     *
     * @param model a model with a halting head ({@link RefinementModel#halts()})
     * @param rule  the rule its training loop applies
     */
    record Subject(RefinementModel model, HaltingRule rule) {
    }
}
