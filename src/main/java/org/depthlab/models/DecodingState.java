package org.depthlab.models;

import java.util.List;
import org.depthlab.nn.KvCache;
import org.depthlab.tensor.Tensor;

/**
 * Where a {@link Decoder} stands while it writes answers: it has read a batch of puzzles and
 * committed the first {@link #emitted()} answer tokens of each, and holds the scores of the
 * next answer position.
 *
 * <p>A state is an immutable value: {@link Decoder#next} returns a new one. A search that
 * retracts a token goes back to the state it had before it — which still holds the scores
 * and the KV cache of that moment — so taking back costs no model call.
 */
public final class DecodingState {

    private final int[] inputs;
    private final int sequences;
    private final int emitted;
    private final int[] tokens;
    private final Tensor scores;
    private final List<KvCache> caches;
    private final Tensor answerIds;

    DecodingState(int[] inputs, int sequences, int emitted, int[] tokens, Tensor scores, List<KvCache> caches,
                  Tensor answerIds) {
        this.inputs = inputs;
        this.sequences = sequences;
        this.emitted = emitted;
        this.tokens = tokens;
        this.scores = scores;
        this.caches = caches == null ? null : List.copyOf(caches);
        this.answerIds = answerIds;
    }

    /** Puzzles decoded side by side. */
    public int sequences() {
        return sequences;
    }

    /** Answer tokens committed so far, per sequence. */
    public int emitted() {
        return emitted;
    }

    /** Whether every answer position has its token (then there are no scores). */
    public boolean isComplete() {
        return scores == null;
    }

    /**
     * sequences × vocab: the model's scores (logits) for the next answer position, given the
     * puzzle and the tokens committed so far.
     *
     * @throws IllegalStateException when the answer is complete
     */
    public Tensor scores() {
        if (scores == null) {
            throw new IllegalStateException("the answer is complete: no position is left to score");
        }
        return scores;
    }

    /** The scores of sequence {@code s} as a plain array (a copy). */
    public double[] scoresOf(int s) {
        Tensor t = scores();
        double[] row = new double[t.cols()];
        System.arraycopy(t.value().data, s * t.cols(), row, 0, row.length);
        return row;
    }

    /** Whether this state decodes with a KV cache. */
    public boolean isCached() {
        return caches != null;
    }

    /** The committed answer tokens of sequence {@code s}, in the order written. */
    public int[] tokensOf(int s) {
        int[] out = new int[emitted];
        System.arraycopy(tokens, s * emitted, out, 0, emitted);
        return out;
    }

    int[] inputs() {
        return inputs;
    }

    int[] tokens() {
        return tokens;
    }

    List<KvCache> caches() {
        return caches;
    }

    Tensor answerIds() {
        return answerIds;
    }
}
