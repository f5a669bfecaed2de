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
 *   <li>input: x = embed_tokens[token] · √h, with the table drawn at std 1/√h so that x starts
 *       at unit scale; with learned positions, x = √h · (embed_tokens[token] + embed_pos[p]) / √2
 *       (see {@link Positions});</li>
 *   <li>output: logits = lm_head(z), a bias-free linear map to the vocabulary;</li>
 *   <li>halting: (q_halt, q_continue) = q_head(z at position 0 of each sequence), a linear map
 *       with bias whose weights start at 0 and bias at −5, so that every sequence starts out
 *       almost sure it should not stop yet.</li>
 * </ul>
 * (HRM's learned puzzle-identifier prefix is for ARC, where a task id is part of the input;
 * depthlab's puzzles do not need it.)
 */
final class TokenIo implements Module {

    private final int hidden;
    private final int seqLen;
    private final Embedding embed;
    private final Embedding positions;
    private final Linear lmHead;
    private final Linear qHead;

    TokenIo(ModelConfig config, boolean haltingHead, SplittableRandom rng) {
        int vocab = config.vocab();
        this.hidden = config.hidden();
        this.seqLen = config.seqLen();
        this.embed = new Embedding("embed_tokens", vocab, hidden, 1.0 / Math.sqrt(hidden), rng);
        this.positions = config.positions() == Positions.LEARNED
                ? new Embedding("embed_pos", seqLen, hidden, 1.0 / Math.sqrt(hidden), rng) : null;
        this.lmHead = new Linear("lm_head", hidden, vocab, false, rng);
        if (haltingHead) {
            this.qHead = new Linear("q_head", hidden, 2, true, rng);
            qHead.weight().value().zero();
            qHead.parameters().get(1).value().fill(-5.0);
        } else {
            this.qHead = null;
        }
    }

    /** x = E[tokens]·√h, or √h·(E[tokens] + P[positions])/√2 with learned positions. */
    Tensor embed(Tape tape, int[] tokens) {
        Tensor x = embed.forward(tape, tokens);
        if (positions == null) {
            return tape.scale(x, Math.sqrt(hidden));
        }
        int[] at = new int[tokens.length];
        for (int i = 0; i < at.length; i++) {
            at[i] = i % seqLen;
        }
        return tape.scale(tape.add(x, positions.forward(tape, at)), Math.sqrt(hidden) / Math.sqrt(2));
    }

    /** The answer's scores at every position. */
    Tensor logits(Tape tape, Tensor z) {
        return lmHead.forward(tape, z);
    }

    /** [q_halt, q_continue] from position 0 of every sequence: two sequences × 1 tensors. */
    Tensor[] q(Tape tape, Tensor z, int seqLen) {
        int sequences = z.rows() / seqLen;
        int[] first = new int[sequences];
        for (int s = 0; s < sequences; s++) {
            first[s] = s * seqLen;
        }
        Tensor q = qHead.forward(tape, tape.gather(z, first));
        return new Tensor[] {tape.slice(q, 0, 1), tape.slice(q, 1, 2)};
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
        if (positions != null) {
            all.addAll(positions.parameters());
        }
        all.addAll(lmHead.parameters());
        if (qHead != null) {
            all.addAll(qHead.parameters());
        }
        return List.copyOf(all);
    }
}
