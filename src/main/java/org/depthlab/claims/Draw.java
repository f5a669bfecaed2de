package org.depthlab.claims;

import java.util.Locale;
import java.util.SplittableRandom;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;

/** Small helpers the claims share: random tokens and vectors, a token changed for another, row comparisons, text. */
final class Draw {

    private Draw() {
    }

    /** {@code count} tokens uniform in 0 … vocab − 1. */
    static int[] tokens(int count, int vocab, SplittableRandom rng) {
        return rng.ints(count, 0, vocab).toArray();
    }

    /** A token other than {@code token}, uniform among the other vocab − 1. */
    static int other(int token, int vocab, SplittableRandom rng) {
        return (token + 1 + rng.nextInt(vocab - 1)) % vocab;
    }

    /** An n × 1 vector with entries uniform in [−bound, bound). */
    static DMatrixRMaj uniform(int n, double bound, SplittableRandom rng) {
        DMatrixRMaj v = new DMatrixRMaj(n, 1);
        for (int i = 0; i < n; i++) {
            v.data[i] = rng.nextDouble(-bound, bound);
        }
        return v;
    }

    /** The map applied to one sequence without recording for backward: the outputs and their depth. */
    static Tensor apply(SequenceMap map, int[] tokens) {
        Tape tape = new Tape();
        return tape.noGrad(() -> map.apply(tape, tokens));
    }

    /** The map's outputs for one sequence, computed without recording for backward. */
    static DMatrixRMaj outputs(SequenceMap map, int[] tokens) {
        return apply(map, tokens).value();
    }

    /** Whether row r of a and b are equal entry by entry (== on doubles: bit for bit, −0 = 0). */
    static boolean sameRow(DMatrixRMaj a, DMatrixRMaj b, int r) {
        for (int c = 0; c < a.numCols; c++) {
            if (a.get(r, c) != b.get(r, c)) {
                return false;
            }
        }
        return true;
    }

    /** max |a − b| over row r. */
    static double rowDifference(DMatrixRMaj a, DMatrixRMaj b, int r) {
        double worst = 0;
        for (int c = 0; c < a.numCols; c++) {
            worst = Math.max(worst, Math.abs(a.get(r, c) - b.get(r, c)));
        }
        return worst;
    }

    /** max |a − b| / max(|a|, |b|, 1) over all entries: relative for large entries, absolute for small. */
    static double maxRelativeDifference(DMatrixRMaj a, DMatrixRMaj b) {
        if (a.numRows != b.numRows || a.numCols != b.numCols) {
            return Double.POSITIVE_INFINITY;
        }
        double worst = 0;
        for (int i = 0; i < a.data.length; i++) {
            double scale = Math.max(1.0, Math.max(Math.abs(a.data[i]), Math.abs(b.data[i])));
            worst = Math.max(worst, Math.abs(a.data[i] - b.data[i]) / scale);
        }
        return worst;
    }

    /** Tokens as text: "3 1 0 2". */
    static String text(int[] tokens) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < tokens.length; i++) {
            b.append(i == 0 ? "" : " ").append(tokens[i]);
        }
        return b.toString();
    }

    /** Bits as text, without separators: "1011". */
    static String bits(int[] bits) {
        StringBuilder b = new StringBuilder();
        for (int bit : bits) {
            b.append(bit);
        }
        return b.toString();
    }

    /** Numbers as "a, b, c" with thousands separators. */
    static String list(long[] values) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            b.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%,d", values[i]));
        }
        return b.toString();
    }
}
