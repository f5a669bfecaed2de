package org.depthlab.solve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.depthlab.testing.Props;
import org.junit.jupiter.api.Test;

/** Pointer chasing by repeated squaring against direct iteration. */
class PointerChasingTest {


    // Claim: next^k(start) by repeated squaring equals k direct hops, for every k.
    @Test
    void repeatedSquaringMatchesDirectIteration() {
        Props.qt(300)
                .forAll(integers().between(1, 40), integers().between(0, 3000), longs().all())
                .checkAssert((m, k, seed) -> {
                    SplittableRandom rng = new SplittableRandom(seed);
                    int[] next = new int[m];
                    for (int i = 0; i < m; i++) {
                        next[i] = rng.nextInt(m);
                    }
                    int start = rng.nextInt(m);
                    int node = start;
                    for (int hop = 0; hop < k; hop++) {
                        node = next[node];
                    }
                    assertEquals(node, PointerChasing.follow(next, start, k), "m " + m + " k " + k + " seed " + seed);
                });
    }
}
