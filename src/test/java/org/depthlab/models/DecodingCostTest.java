package org.depthlab.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.depthlab.tensor.Meter;
import org.depthlab.tensor.Tape;
import org.depthlab.testing.Props;
import org.junit.jupiter.api.Test;

/**
 * What decoding costs, as the meter counts it: FLOPs as a function of the number of emitted
 * tokens m, with and without the KV cache, and sequential depth.
 *
 * <p>With the cache, step t runs one row through every projection (a constant) and attends
 * over the S + t positions so far, so the attention FLOPs of m tokens are a sum of prefix
 * lengths — quadratic in m, second difference exactly L·(4h + 5·heads) — and the projection
 * FLOPs are linear. Without it, step t reruns all S + t positions: attention a sum of squares
 * (cubic, constant third difference) and projections quadratic. One power more either way.
 */
class DecodingCostTest {

    private static final int TOKENS = 6;

    /** FLOPs of reading the puzzle and committing m tokens, by op: [attention, matmul, total]. */
    private static long[][] costs(Decoder decoder, int[] inputs, int[] answer, boolean cached) {
        long[][] out = new long[TOKENS + 1][];
        for (int m = 0; m <= TOKENS; m++) {
            Meter meter = new Meter();
            Tape tape = Tape.metered(meter);
            DecodingState state = decoder.start(tape, inputs, cached);
            for (int t = 0; t < m; t++) {
                state = decoder.next(tape, state, new int[] {answer[t]});
            }
            out[m] = new long[] {meter.flopsByOp().get("attention"), meter.flopsByOp().get("matmul"), meter.flops()};
        }
        return out;
    }

    /** The k-th finite difference of column c at m. */
    private static long difference(long[][] f, int c, int k, int m) {
        return k == 0 ? f[m][c] : difference(f, c, k - 1, m) - difference(f, c, k - 1, m - 1);
    }

    /** Claim: with the cache, attention FLOPs grow as the sum of prefix lengths and projections linearly; without it, one power faster. */
    @Test
    void theCacheMakesAttentionQuadraticAndProjectionsLinearInTokens() {
        Props.qt(10).forAll(integers().between(1, 5), integers().between(1, 2), longs().all())
                .checkAssert((seqLen, layers, seed) -> {
                    SplittableRandom rng = new SplittableRandom(seed);
                    int heads = 1 + rng.nextInt(2);
                    int hidden = heads * 2 * (1 + rng.nextInt(2));
                    DecoderConfig config = new DecoderConfig(5, seqLen + TOKENS, hidden, heads, 2.0, layers,
                            rng.nextBoolean() ? Positions.ROPE : Positions.LEARNED);
                    Decoder decoder = config.build(seed);
                    int[] inputs = rng.ints(config.seqLen(), 0, 5).toArray();
                    int[] answer = rng.ints(TOKENS, 0, 5).toArray();
                    long[][] cached = costs(decoder, inputs, answer, true);
                    long[][] uncached = costs(decoder, inputs, answer, false);
                    long perKey = (long) layers * (4L * hidden + 5L * heads);
                    for (int m = 2; m <= TOKENS; m++) {
                        assertEquals(perKey, difference(cached, 0, 2, m), "cached attention, second difference at " + m);
                        assertEquals(0, difference(cached, 1, 2, m), "cached projections are linear, at " + m);
                        assertTrue(difference(cached, 1, 1, m) > 0);
                        assertTrue(difference(uncached, 1, 2, m) > 0, "uncached projections are quadratic");
                    }
                    for (int m = 3; m <= TOKENS; m++) {
                        assertEquals(0, difference(cached, 2, 3, m), "cached total is quadratic, at " + m);
                        assertEquals(2 * perKey, difference(uncached, 0, 3, m), "uncached attention, third difference");
                        assertEquals(0, difference(uncached, 1, 3, m), "uncached projections are quadratic, not more");
                        assertTrue(difference(uncached, 2, 3, m) > 0, "uncached total is cubic");
                    }
                });
    }
}
