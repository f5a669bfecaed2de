package org.depthlab.claims;

import java.util.List;
import org.depthlab.models.RefinementModel;
import org.depthlab.tasks.Puzzle;
import org.depthlab.train.Evaluator;

/**
 * How a model is evaluated on held-out puzzles, as the claim {@link EvaluationSegments} sees
 * it: the evaluation runs the model's segments, up to {@code maxSegments}, on the puzzles. The
 * project's is {@link #evaluator()}.
 */
@FunctionalInterface
public interface Evaluation {

    /** Evaluates {@code model} on {@code puzzles} with up to {@code maxSegments} segments each. */
    void run(RefinementModel model, List<Puzzle> puzzles, int maxSegments);

    /** The evaluation {@code depthlab train} and {@code eval} run ({@link Evaluator#evaluate}), in batches of two. */
    static Evaluation evaluator() {
        return (model, puzzles, maxSegments) -> Evaluator.evaluate(model, puzzles, maxSegments, 2);
    }
}
