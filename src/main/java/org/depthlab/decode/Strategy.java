package org.depthlab.decode;

import java.util.Optional;
import org.depthlab.models.Decoder;
import org.depthlab.solve.Csp;
import org.depthlab.tasks.Puzzle;
import org.depthlab.tensor.Tape;

/**
 * How to turn a decoder's scores into an answer — the closed family of decoding strategies
 * the book compares. All of them run the same trained {@link Decoder}, left to right, with its
 * KV cache; they differ in what they do with each position's scores:
 * <ul>
 *   <li>{@link Greedy}: the highest-scoring token, committed for good;</li>
 *   <li>{@link Sampling}: a token drawn from the temperature-scaled top-k softmax (seeded);</li>
 *   <li>{@link BeamSearch}: the k best partial answers by total log-probability;</li>
 *   <li>{@link ConstrainedGreedy}: the highest-scoring token the constraints still allow given
 *       the prefix (forward checking), committed for good — it can reach a dead end;</li>
 *   <li>{@link Backtracking}: depth-first search over the model's ranked allowed tokens with
 *       the constraint checker, retracting on dead ends, within a node budget — the "solver
 *       integration" that supplies the retraction the architecture lacks ([Logic-LM]).</li>
 * </ul>
 * With a model that scores every token alike, the last two make exactly the choices of the
 * classical {@link org.depthlab.solve.GreedyDecoder} and {@link org.depthlab.solve.CspSolver}
 * in index order (a test checks it), so the neural and classical pictures line up.
 */
public sealed interface Strategy permits Greedy, Sampling, BeamSearch, ConstrainedGreedy, Backtracking {

    /** A short name for reports, with the strategy's settings. */
    String name();

    /** Whether the strategy needs the task's constraints (Sudoku, N-Queens). */
    default boolean needsConstraints() {
        return false;
    }

    /**
     * Decodes one puzzle from its input tokens. Run it under {@link Tape#noGrad}; the tape's
     * meter (if any) counts every model call.
     *
     * @param constraints the puzzle as a CSP whose variable i is position i and value v token
     *     v + 2 ({@link Puzzle#constraints()}); required when {@link #needsConstraints()}
     */
    Decoding decode(Decoder decoder, Tape tape, int[] inputs, Optional<Csp> constraints);

    /** Decodes one puzzle on a fresh tape that records nothing. */
    default Decoding decode(Decoder decoder, Puzzle puzzle) {
        Tape tape = new Tape();
        return tape.noGrad(() -> decode(decoder, tape, puzzle.inputTokens(), puzzle.constraints()));
    }
}
