package org.depthlab.decode;

import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import org.depthlab.BadInputException;
import org.depthlab.models.Decoder;
import org.depthlab.solve.Csp;
import org.depthlab.tensor.Tape;

/**
 * Sampling with temperature T and top-k: at every position keep the k highest-scoring tokens
 * (all of them when k = 0), and draw one with probability
 * <pre>
 *   p_T(v) = exp(x_v / T) / Σ_{u in top k} exp(x_u / T)
 * </pre>
 * committed and fed back like a greedy choice (T → 0 or k = 1 is greedy). Like greedy
 * decoding it writes a given of the puzzle as given, without a draw. The draws come from
 * {@code seed} alone, so the same seed gives the same answer (Holtzman et al. 2020, "The
 * Curious Case of Neural Text Degeneration", discuss top-k and temperature).
 *
 * @param temperature T &gt; 0
 * @param topK        k ≥ 0, 0 for the whole vocabulary
 * @param seed        the draws' seed
 */
public record Sampling(double temperature, int topK, long seed) implements Strategy {

    public Sampling {
        if (!(temperature > 0) || !Double.isFinite(temperature)) {
            throw new BadInputException("the sampling temperature must be a positive number, not " + temperature);
        }
        if (topK < 0) {
            throw new BadInputException("top-k must be 0 (no limit) or more, not " + topK);
        }
    }

    @Override
    public String name() {
        return String.format(Locale.ROOT, "sample (T %s, top-k %s, seed %d)", temperature,
                topK == 0 ? "all" : Integer.toString(topK), seed);
    }

    @Override
    public Decoding decode(Decoder decoder, Tape tape, int[] inputs, Optional<Csp> constraints) {
        SplittableRandom rng = new SplittableRandom(seed);
        return new Session(decoder, tape).commitLeftToRight(name(), inputs, constraints, scores -> draw(scores, rng));
    }

    /** One draw from the temperature-scaled softmax over the top k tokens. */
    int draw(double[] scores, SplittableRandom rng) {
        int[] ranked = Scores.ranked(scores, Scores.all(scores.length));
        int keep = topK == 0 ? ranked.length : Math.min(topK, ranked.length);
        double best = scores[ranked[0]];
        double[] weight = new double[keep];
        double total = 0;
        for (int i = 0; i < keep; i++) {
            weight[i] = Math.exp((scores[ranked[i]] - best) / temperature);
            total += weight[i];
        }
        double u = rng.nextDouble() * total;
        for (int i = 0; i < keep; i++) {
            u -= weight[i];
            if (u < 0) {
                return ranked[i];
            }
        }
        return ranked[keep - 1];
    }
}
