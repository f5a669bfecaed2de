package org.depthlab.claims;

import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;

/**
 * A looped model with hand-set weights that computes the parity of n bits in n steps by a
 * running XOR, mixing positions only with its immediate neighbour (radius 1). Input bits x
 * (n × 1), state p (n × 1, zero at the start); one step, the same weights every time, is one
 * layer application:
 * <pre>
 *   ℓ = M·p                 radius-1 mixing: (M·p)_i = p_{i−1}, and 0 at i = 0
 *   p ← x + ℓ − 2·(x ⊙ ℓ)   a gated unit with weights (1, 1, −2): on bits, x ⊕ ℓ
 * </pre>
 * After t steps p_i = x_i ⊕ x_{i−1} ⊕ … ⊕ x_{i−t+1} (induction on t), so after n steps the
 * last position holds the parity of all n bits. Every value is 0 or 1, so float64 computes
 * it exactly.
 *
 * <p><b>Depth and the cone.</b> The output at the last position after k steps lies in a cone of
 * radius k·1, so it can see bit 0 only when k ≥ n − 1; this net uses n steps (its first step
 * reads the bit under each position into the empty state). With fewer than n − 1 steps no
 * model of radius 1 can compute parity at all: flipping bit 0 flips the parity, but cannot
 * reach the output ({@link ParityNeedsTheCone}).
 *
 * <p><b>What this does and does not say about transformers.</b> The impossibility is about the
 * cone: a bounded receptive field. It is not a result about transformers, whose attention can
 * reach every position in one layer. What is known about them (book/references.md): with
 * <em>hard</em> attention a transformer of fixed depth cannot recognise PARITY at every length
 * [Hahn], and unique-hard-attention transformers recognise only languages in AC0 [HAF], which
 * PARITY is not in [FSS; Ajtai]; with <em>soft</em> attention and Lipschitz components one
 * flipped bit moves the output by O(1/n), so the cross-entropy on PARITY approaches that of
 * guessing as n grows [Hahn] — a bound on confidence, not an impossibility. Log-precision
 * soft-attention transformers of fixed depth lie in uniform TC0 [MS-TC0], an upper bound that
 * contains PARITY and so says nothing either way about computing it.
 */
public final class ParityNet implements SequenceMap {

    private final int length;
    private final int steps;
    private final DMatrixRMaj mixing;

    /** The net for n bits with {@code steps} steps (n computes the parity). */
    public ParityNet(int length, int steps) {
        if (length < 1 || steps < 0) {
            throw new IllegalArgumentException("need length >= 1 and steps >= 0, got " + length + " and " + steps);
        }
        this.length = length;
        this.steps = steps;
        this.mixing = new DMatrixRMaj(length, length);
        for (int i = 1; i < length; i++) {
            mixing.set(i, i - 1, 1.0);
        }
    }

    /** The net for n bits with n steps: it computes their parity. */
    public static ParityNet of(int length) {
        return new ParityNet(length, length);
    }

    @Override
    public int vocab() {
        return 2;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public int radius() {
        return 1;
    }

    /** The number of steps (layer applications). */
    public int steps() {
        return steps;
    }

    /** The state after all steps: n × 1, p_i at row i; the parity is at row n − 1 when steps ≥ n. */
    @Override
    public Tensor apply(Tape tape, int[] bits) {
        if (bits.length != length) {
            throw new IllegalArgumentException(length + " bits expected, got " + bits.length);
        }
        DMatrixRMaj xv = new DMatrixRMaj(length, 1);
        for (int i = 0; i < length; i++) {
            if (bits[i] != 0 && bits[i] != 1) {
                throw new IllegalArgumentException("bits are 0 or 1, got " + bits[i] + " at " + i);
            }
            xv.data[i] = bits[i];
        }
        Tensor x = Tensor.constant(xv);
        Tensor m = Tensor.constant(mixing);
        Tensor p = Tensor.constant(new DMatrixRMaj(length, 1));
        for (int t = 0; t < steps; t++) {
            Tensor left = tape.matmul(m, p);
            p = tape.countLayer(tape.add(tape.add(x, left), tape.scale(tape.mul(x, left), -2.0)));
        }
        return p;
    }

    /** The parity of the bits: 1 if an odd number of them are 1. */
    public static int parity(int[] bits) {
        int p = 0;
        for (int b : bits) {
            p ^= b & 1;
        }
        return p;
    }
}
