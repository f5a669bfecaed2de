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
 * The parts every refinement model shares around its core, as HRM and TRM have them
 * ({@code models/hrm/hrm_act_v1.py}, {@code models/recursive_reasoning/trm.py}; [HRM], [TRM] in
 * book/references.md):
 * <ul>
 *   <li><b>A prefix.</b> Each sequence of S puzzle tokens is preceded by P scratch positions
 *       that belong to no cell. The first holds HRM's puzzle embedding ({@code puzzle_emb},
 *       zero at the start), a learned vector; HRM learns one per puzzle identifier, and Sudoku
 *       and mazes have a single identifier, so it is one vector for all puzzles. HRM has
 *       P = 1; TRM pads the embedding with zeros to P = 16 positions ({@code puzzle_emb_len}),
 *       so the other 15 enter with x = 0 (or only their learned position). The model's states
 *       therefore have S + P positions, the prefix first ({@link #prefixLength}).</li>
 *   <li><b>Input</b>: x = √h · [puzzle_emb; 0; …; 0; embed_tokens[tokens]], the token table
 *       drawn at std 1/√h so that x starts at unit scale; with learned positions,
 *       x = √h · ([puzzle_emb; 0; …; embed_tokens[tokens]] + embed_pos) / √2; with none, no
 *       position enters at all (see {@link Positions}).</li>
 *   <li><b>Output</b>: logits = lm_head(z) at the S puzzle positions, a bias-free linear map.</li>
 *   <li><b>Halting</b>: (q_halt, q_continue) = q_head(z at the first prefix position), a linear map
 *       with bias whose weights start at 0 and bias at −5, so that every sequence starts out
 *       almost sure it should not stop yet.</li>
 * </ul>
 * (HRM trains its puzzle embeddings with sign-SGD; here the prefix is one more parameter of
 * the model's optimizer.)
 */
final class TokenIo implements Module {

    private final int hidden;
    private final int vocab;
    private final int seqLen;
    private final int prefixLength;
    private final Tensor prefix;
    private final Embedding embed;
    private final Embedding positions;
    private final Linear lmHead;
    private final Linear qHead;

    TokenIo(ModelConfig config, boolean haltingHead, SplittableRandom rng) {
        this.vocab = config.vocab();
        this.hidden = config.hidden();
        this.seqLen = config.seqLen();
        this.prefixLength = prefixLength(config);
        this.embed = new Embedding("embed_tokens", vocab, hidden, 1.0 / Math.sqrt(hidden), rng);
        this.prefix = Tensor.parameter("puzzle_emb.weight", new DMatrixRMaj(1, hidden));
        this.positions = config.positions() == Positions.LEARNED
                ? new Embedding("embed_pos", seqLen + prefixLength, hidden, 1.0 / Math.sqrt(hidden), rng) : null;
        this.lmHead = new Linear("lm_head", hidden, vocab, false, rng);
        if (haltingHead) {
            this.qHead = new Linear("q_head", hidden, 2, true, rng);
            qHead.weight().value().zero();
            qHead.parameters().get(1).value().fill(-5.0);
        } else {
            this.qHead = null;
        }
    }

    /** Positions in front of the puzzle in a model's states: TRM's {@code puzzleEmbLen}, 1 for the others (HRM's). */
    static int prefixLength(ModelConfig config) {
        return config instanceof TrmConfig trm ? trm.puzzleEmbLen() : 1;
    }

    /** Positions per sequence in the model's states: the prefix and the puzzle. */
    int statePositions() {
        return seqLen + prefixLength;
    }

    /** x = √h·[puzzle_emb; 0; …; 0; E[tokens]] per sequence (plus learned positions, over √2). */
    Tensor embed(Tape tape, int[] tokens) {
        int sequences = tokens.length / seqLen;
        int width = statePositions();
        // One gather from a stacked table: row 0 is the puzzle embedding; with a longer prefix
        // row 1 is a zero row for its other positions; then token t.
        Tensor table = prefixLength == 1 ? tape.concatRows(prefix, embed.parameters().get(0))
                : tape.concatRows(prefix, Tensor.constant(new DMatrixRMaj(1, hidden)), embed.parameters().get(0));
        int firstToken = prefixLength == 1 ? 1 : 2;
        int[] rows = new int[sequences * width];
        for (int s = 0; s < sequences; s++) {
            for (int p = 1; p < prefixLength; p++) {
                rows[s * width + p] = 1;
            }
            for (int p = 0; p < seqLen; p++) {
                int t = tokens[s * seqLen + p];
                if (t < 0 || t >= vocab) {
                    throw new IllegalArgumentException("token " + t + " at " + (s * seqLen + p)
                            + " is outside the vocabulary 0.." + (vocab - 1));
                }
                rows[s * width + prefixLength + p] = firstToken + t;
            }
        }
        Tensor x = tape.gather(table, rows);  // (B·P) × h
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
                cells[s * seqLen + p] = s * statePositions() + prefixLength + p;
            }
        }
        return lmHead.forward(tape, tape.gather(z, cells));        // (B·S) × h → (B·S) × V
    }

    /** [q_halt, q_continue] from the first prefix position of every sequence: two sequences × 1 tensors. */
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
