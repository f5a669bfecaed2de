package org.depthlab.claims;

import org.depthlab.models.Carry;
import org.depthlab.models.Decoder;
import org.depthlab.models.RefinementModel;
import org.depthlab.models.SegmentOutput;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;

/**
 * A model seen as a map from a sequence of tokens to one output row per position — the view
 * the claims about <em>influence</em> need: which inputs can change which outputs (causality,
 * the light cone, parity).
 *
 * <p>The outputs are computed on a tape, so the meter measures how many layer applications k
 * lie between input and output ({@link org.depthlab.tensor.Meter#mixingDepth}: the
 * position-mixing ops on the longest path); the light-cone claim reads k from there rather
 * than trusting the model's word. The radius is the model's word ({@link #radius()}).
 */
public interface SequenceMap {

    /** Tokens are 0 … vocab − 1. */
    int vocab();

    /** Positions per sequence. */
    int length();

    /**
     * How far one layer application mixes positions, as the model is built (its attention
     * window, its kernel's radius); −1 if unlimited (full attention).
     */
    int radius();

    /** The outputs for one sequence of {@link #length()} tokens: length × width, row p for position p. */
    Tensor apply(Tape tape, int[] tokens);

    /**
     * A refinement model after {@code segments} supervision segments from its initial carry:
     * the logits at every puzzle position. (HRM-style models keep a prefix position in front
     * of the puzzle; it is not an output, and a cell's distance to another is unchanged by it.)
     */
    static SequenceMap of(RefinementModel model, int segments, int radius) {
        return new SequenceMap() {
            @Override
            public int vocab() {
                return model.vocab();
            }

            @Override
            public int length() {
                return model.seqLen();
            }

            @Override
            public int radius() {
                return radius;
            }

            @Override
            public Tensor apply(Tape tape, int[] tokens) {
                Carry carry = model.initialCarry(1);
                Tensor logits = null;
                for (int s = 0; s < segments; s++) {
                    Carry from = carry;
                    SegmentOutput out = tape.noGrad(() -> model.segment(tape, from, tokens));
                    carry = out.carry();
                    logits = out.logits();
                }
                return logits;
            }
        };
    }

    /**
     * A decoder's stream read in one pass: tokens are the S puzzle tokens followed by the
     * D − 1 answer tokens it would have written (D = its answer positions), outputs its last
     * hidden state at every stream position. Causality is a claim about this map.
     */
    static SequenceMap stream(Decoder decoder) {
        return new SequenceMap() {
            @Override
            public int vocab() {
                return decoder.vocab();
            }

            @Override
            public int length() {
                return decoder.streamLength();
            }

            @Override
            public int radius() {
                return -1;
            }

            @Override
            public Tensor apply(Tape tape, int[] tokens) {
                int s = decoder.seqLen();
                int answered = tokens.length - s;
                int[] puzzle = java.util.Arrays.copyOf(tokens, s);
                DMatrixRMaj ids = new DMatrixRMaj(Math.max(answered, 1), 1);
                for (int i = 0; i < answered; i++) {
                    ids.data[i] = tokens[s + i];
                }
                return tape.noGrad(() -> decoder.hidden(tape, puzzle, Tensor.constant(ids), answered));
            }
        };
    }
}
