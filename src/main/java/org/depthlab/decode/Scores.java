package org.depthlab.decode;

import java.util.Arrays;
import org.depthlab.tasks.Tokens;

/** Reading a decoder's scores (logits) for one position: probabilities, rankings, the allowed tokens. */
final class Scores {

    private Scores() {
    }

    /** softmax(x): p_i = exp(x_i − max) / Σ_j exp(x_j − max). */
    static double[] probabilities(double[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (double x : logits) {
            max = Math.max(max, x);
        }
        double[] p = new double[logits.length];
        double total = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(logits[i] - max);
            total += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= total;
        }
        return p;
    }

    /** log softmax(x): x_i − max − log Σ_j exp(x_j − max). */
    static double[] logProbabilities(double[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (double x : logits) {
            max = Math.max(max, x);
        }
        double total = 0;
        for (double x : logits) {
            total += Math.exp(x - max);
        }
        double log = Math.log(total);
        double[] out = new double[logits.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = logits[i] - max - log;
        }
        return out;
    }

    /**
     * The given tokens, best score first; equal scores keep the lower token first — so with
     * uniform scores the order is ascending, as the classical solver tries values.
     */
    static int[] ranked(double[] logits, int[] tokens) {
        return Arrays.stream(tokens).boxed()
                .sorted((a, b) -> order(logits, a, b))
                .mapToInt(Integer::intValue).toArray();
    }

    /**
     * {@code ranked(logits, tokens)[0]} in one pass, without sorting: what a greedy step
     * commits. {@code tokens} must not be empty.
     */
    static int best(double[] logits, int[] tokens) {
        int best = tokens[0];
        for (int i = 1; i < tokens.length; i++) {
            if (order(logits, tokens[i], best) < 0) {
                best = tokens[i];
            }
        }
        return best;
    }

    /** The ranking: higher score first, equal scores lower token first. */
    private static int order(double[] logits, int a, int b) {
        return logits[a] != logits[b] ? Double.compare(logits[b], logits[a]) : Integer.compare(a, b);
    }

    /** Every token of the vocabulary, 0..V−1. */
    static int[] all(int vocab) {
        int[] t = new int[vocab];
        for (int i = 0; i < vocab; i++) {
            t[i] = i;
        }
        return t;
    }

    /** The tokens of the CSP values in {@code domain} (value v is token v + 2), ascending. */
    static int[] tokensOf(long domain) {
        int[] t = new int[Long.bitCount(domain)];
        int k = 0;
        for (long m = domain; m != 0; m &= m - 1) {
            t[k++] = Tokens.ofValue(Long.numberOfTrailingZeros(m));
        }
        return t;
    }
}
