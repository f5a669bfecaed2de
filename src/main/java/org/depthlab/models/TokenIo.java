package org.depthlab.models;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.depthlab.nn.Embedding;
import org.depthlab.nn.Init;
import org.depthlab.nn.Linear;
import org.depthlab.nn.Module;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;

/**
 * The parts every refinement model shares around its core, as HRM has them (FACTS.md):
 * <ul>
 *   <li><b>A prefix position.</b> Each sequence of S puzzle tokens is preceded by one learned
 *       vector, HRM's puzzle embedding ({@code puzzle_emb}, zero at the start). HRM learns one
 *       per puzzle identifier; Sudoku and mazes have a single identifier, so it is one vector
 *       for all puzzles: a scratch position that belongs to no cell. The model's states
 *       therefore have S + 1 positions, the prefix first ({@link #PREFIX}).</li>
 *   <li><b>Input</b>: x = √h · [puzzle_emb; embed_tokens[tokens]], the token table drawn at std
 *       1/√h so that x starts at unit scale; with learned positions,
 *       x = √h · ([puzzle_emb; embed_tokens[tokens]] + embed_pos) / √2 (see {@link Positions}).</li>
 *   <li><b>Output</b>: logits = lm_head(z) at the S puzzle positions, a bias-free linear map.</li>
 *   <li><b>Halting</b>: (q_halt, q_continue) = q_head(z at the prefix position), a linear map
 *       with bias whose weights start at 0 and bias at −5, so that every sequence starts out
 *       almost sure it should not stop yet.</li>
 * </ul>
 * (HRM trains its puzzle embeddings with sign-SGD; here the prefix is one more parameter of
 * the model's optimizer.)
 */
final class TokenIo implements Module {

    /** Positions in front of the puzzle in every state: HRM's puzzle-embedding prefix. */
    static final int PREFIX = 1;

    private final int hidden;
    private final int vocab;
    private final int seqLen;
    private final Tensor prefix;
    private final Embedding embed;
    private final Embedding positions;
    private final Linear lmHead;
    private final Linear qHead;

    TokenIo(ModelConfig config, boolean haltingHead, SplittableRandom rng) {
        this.vocab = config.vocab();
        this.hidden = config.hidden();
        this.seqLen = config.seqLen();
        this.embed = new Embedding("embed_tokens", vocab, hidden, 1.0 / Math.sqrt(hidden), rng);
        this.prefix = Tensor.parameter("puzzle_emb.weight", new DMatrixRMaj(PREFIX, hidden));
        this.positions = config.positions() == Positions.LEARNED
                ? new Embedding("embed_pos", seqLen + PREFIX, hidden, 1.0 / Math.sqrt(hidden), rng) : null;
        this.lmHead = new Linear("lm_head", hidden, vocab, false, rng);
        if (haltingHead) {
            this.qHead = new Linear("q_head", hidden, 2, true, rng);
            qHead.weight().value().zero();
            qHead.parameters().get(1).value().fill(-5.0);
        } else {
            this.qHead = null;
        }
    }

    /** Positions per sequence in the model's states: the prefix and the puzzle. */
    int statePositions() {
        return seqLen + PREFIX;
    }

    /** x = √h·[puzzle_emb; E[tokens]] per sequence (plus learned positions, over √2). */
    Tensor embed(Tape tape, int[] tokens) {
        int sequences = tokens.length / seqLen;
        int width = statePositions();
        // One gather from the stacked table [puzzle_emb; embed_tokens]: row 0 is the prefix,
        // row 1 + t is token t.
        int[] rows = new int[sequences * width];
        for (int s = 0; s < sequences; s++) {
            for (int p = 0; p < seqLen; p++) {
                int t = tokens[s * seqLen + p];
                if (t < 0 || t >= vocab) {
                    throw new IllegalArgumentException("token " + t + " at " + (s * seqLen + p)
                            + " is outside the vocabulary 0.." + (vocab - 1));
                }
                rows[s * width + PREFIX + p] = 1 + t;
            }
        }
        Tensor x = tape.gather(tape.concatRows(prefix, embed.parameters().get(0)), rows);  // (B·P) × h
        if (positions == null) {
            return tape.scale(x, Math.sqrt(hidden));
        }
        int[] at = new int[rows.length];
        for (int i = 0; i < at.length; i++) {
            at[i] = i % width;
        }
        return tape.scale(tape.add(x, positions.forward(tape, at)), Math.sqrt(hidden) / Math.sqrt(2));
    }

    /** The answer's scores at the puzzle positions (the prefix has none). */
    Tensor logits(Tape tape, Tensor z) {
        int sequences = z.rows() / statePositions();
        int[] cells = new int[sequences * seqLen];
        for (int s = 0; s < sequences; s++) {
            for (int p = 0; p < seqLen; p++) {
                cells[s * seqLen + p] = s * statePositions() + PREFIX + p;
            }
        }
        return lmHead.forward(tape, tape.gather(z, cells));        // (B·S) × h → (B·S) × V
    }

    /** [q_halt, q_continue] from the prefix position of every sequence: two sequences × 1 tensors. */
    Tensor[] q(Tape tape, Tensor z) {
        int sequences = z.rows() / statePositions();
        int[] first = new int[sequences];
        for (int s = 0; s < sequences; s++) {
            first[s] = s * statePositions();
        }
        Tensor q = qHead.forward(tape, tape.gather(z, first));     // B × h → B × 2
        return new Tensor[] {tape.slice(q, 0, 1), tape.slice(q, 1, 2)};   // two B × 1
    }

    /** A named 1 × h state drawn truncated-normal with std 1 (HRM's fixed initial states). */
    static Tensor initialState(String name, int hidden, SplittableRandom rng) {
        return Tensor.buffer(name, Init.truncatedNormal(1, hidden, 1.0, rng));
    }

    /** The 1 × h state repeated on every one of {@code rows} rows, as an input (no gradient). */
    static Tensor broadcast(Tensor state, int rows) {
        int h = state.cols();
        DMatrixRMaj m = new DMatrixRMaj(rows, h);
        for (int r = 0; r < rows; r++) {
            System.arraycopy(state.value().data, 0, m.data, r * h, h);
        }
        return Tensor.constant(m);
    }

    @Override
    public List<Tensor> parameters() {
        List<Tensor> all = new ArrayList<>(embed.parameters());
        all.add(prefix);
        all.addAll(Module.parametersOf(positions, lmHead, qHead));
        return List.copyOf(all);
    }
}
