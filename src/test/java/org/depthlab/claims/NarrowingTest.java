package org.depthlab.claims;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import java.util.function.Predicate;
import org.depthlab.testing.Props;
import org.junit.jupiter.api.Test;

/** Narrowing a failing change of many tokens: the result still fails, and no change in it can be undone. */
class NarrowingTest {

    /** Claim: for a violation that needs a hidden set of k changed positions, narrowing returns exactly that set. */
    @Test
    void narrowingFindsTheSmallestSetOfChanges() {
        Props.qt(100).forAll(integers().between(1, 80), integers().between(1, 4), longs().all()).checkAssert((n, k, seed) -> {
            SplittableRandom rng = new SplittableRandom(seed);
            int[] base = new int[n];
            int[] changed = new int[n];
            for (int p = 0; p < n; p++) {
                changed[p] = 1;
            }
            int[] needed = rng.ints(0, n).distinct().limit(Math.min(k, n)).sorted().toArray();
            Predicate<int[]> violates = t -> {
                for (int p : needed) {
                    if (t[p] == 0) {
                        return false;
                    }
                }
                return true;
            };
            Narrowing.Result r = Narrowing.narrow(base, changed, violates);
            assertArrayEquals(needed, r.positions());
            assertTrue(r.complete() && violates.test(r.tokens()));
        });
    }

    /** Claim: where several sets would do, the one returned still fails and undoing any change in it does not. */
    @Test
    void theResultIsOneMinimal() {
        Props.qt(100).forAll(integers().between(2, 60), longs().all()).checkAssert((n, seed) -> {
            SplittableRandom rng = new SplittableRandom(seed);
            int[] base = new int[n];
            int[] changed = new int[n];
            for (int p = 0; p < n; p++) {
                changed[p] = 1 + rng.nextInt(3);
            }
            int threshold = 1 + rng.nextInt(Math.max(1, n));
            Predicate<int[]> violates = t -> java.util.Arrays.stream(t).sum() >= threshold;
            if (!violates.test(changed)) {
                return;
            }
            Narrowing.Result r = Narrowing.narrow(base, changed, violates);
            assertTrue(violates.test(r.tokens()));
            for (int p : r.positions()) {
                int[] undone = r.tokens().clone();
                undone[p] = base[p];
                assertTrue(!violates.test(undone), "undoing " + p + " of " + java.util.Arrays.toString(r.positions()));
            }
        });
    }
}
