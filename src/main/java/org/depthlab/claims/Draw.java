package org.depthlab.claims;

import java.util.Locale;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.depthlab.tensor.Meter;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;

/**
 * Small helpers the claims share: random and structured tokens, a token changed for another,
 * a map's outputs with their measured depth, row comparisons, text.
 */
final class Draw {

    /** Vocabularies up to this size are swept value by value in a check's first instance. */
    static final int SWEPT_VOCABULARY = 1024;

    private Draw() {
    }

    /**
     * Outputs and how deep they lie, measured by the meter: {@code mixing} steps (the layer
     * applications, {@link Meter#mixingDepth}), {@code ops} (op depth), and how many computed
     * values re-entered the computation as copies.
     */
    record Measured(DMatrixRMaj value, int mixing, int ops, long reentered) {
    }

    /** The map applied to one sequence, measured, without recording for backward. */
    static Measured measure(SequenceMap map, int[] tokens) {
        Meter meter = Meter.measuringMixing();
        Tape tape = Tape.metered(meter);
        Tensor out = tape.noGrad(() -> map.apply(tape, tokens));
        return new Measured(out.value(), meter.mixingDepth(out), out.depth(), meter.reenteredCopies());
    }

    /**
     * The token values a check tries at a position: all of them for a vocabulary of up to
     * {@link #SWEPT_VOCABULARY}, else the extremes (0, 1, V − 2, V − 1), the middle and evenly
     * spaced ones up to that many.
     */
    static int[] values(int vocab) {
        if (vocab <= SWEPT_VOCABULARY) {
            int[] all = new int[vocab];
            for (int v = 0; v < vocab; v++) {
                all[v] = v;
            }
            return all;
        }
        TreeSet<Integer> some = new TreeSet<>(java.util.List.of(0, 1, vocab - 2, vocab - 1, vocab / 2));
        for (int i = 0; i < SWEPT_VOCABULARY - 5; i++) {
            some.add((int) ((long) i * (vocab - 1) / (SWEPT_VOCABULARY - 6)));
        }
        return some.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The extreme values of a vocabulary: 0 and V − 1 (and 1, V − 2 when there are more than two). */
    static int[] extremes(int vocab) {
        return vocab <= 2 ? new int[] {0, vocab - 1} : new int[] {0, vocab - 1, 1, vocab - 2};
    }

    /** {@code count} copies of one token. */
    static int[] repeated(int count, int token) {
        int[] t = new int[count];
        java.util.Arrays.fill(t, token);
        return t;
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

    /** The map's outputs for one sequence, computed without recording for backward (and without measuring). */
    static DMatrixRMaj outputs(SequenceMap map, int[] tokens) {
        Tape tape = new Tape();
        return tape.noGrad(() -> map.apply(tape, tokens)).value();
    }

    /** Whether some row of a and b differs. */
    static boolean anyRowDiffers(DMatrixRMaj a, DMatrixRMaj b) {
        for (int r = 0; r < a.numRows; r++) {
            if (!sameRow(a, b, r)) {
                return true;
            }
        }
        return false;
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

    /** Tokens as text, a run of one token shortened: "0 x 64", else {@link #text}. */
    static String brief(int[] tokens) {
        for (int t : tokens) {
            if (t != tokens[0]) {
                return text(tokens);
            }
        }
        return tokens.length == 0 ? "" : tokens[0] + " x " + tokens.length;
    }

    /** Bits as text, without separators: "1011". */
    static String bits(int[] bits) {
        StringBuilder b = new StringBuilder();
        for (int bit : bits) {
            b.append(bit);
        }
        return b.toString();
    }

    /** "1 mixing step", "3 mixing steps". */
    static String count(long n, String thing) {
        return n + " " + thing + (n == 1 ? "" : "s");
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
