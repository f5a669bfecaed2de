package org.depthlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.depthlab.testing.Props;
import org.junit.jupiter.api.Test;

/** ACT as HRM trains it: the maximum is obeyed, the Q head decides, exploration delays. */
class HaltingTest {

    @Test
    void everySequenceHaltsAtTheMaximumWhateverTheQHeadSays() {
        Props.qt(50).forAll(integers().between(1, 16), longs().all()).checkAssert((max, seed) -> {
            SplittableRandom rng = new SplittableRandom(seed);
            int n = 8;
            int[] steps = new int[n];
            double[] halt = new double[n];
            double[] cont = new double[n];
            for (int s = 0; s < n; s++) {
                steps[s] = max;
                halt[s] = -10;
                cont[s] = 10;
            }
            boolean[] halted = Halting.decide(steps, halt, cont, max, rng.nextDouble(), rng);
            for (boolean h : halted) {
                assertTrue(h, "at the maximum of " + max);
            }
        });
    }

    @Test
    void theQHeadHaltsWhenHaltBeatsContinueOrWhenHaltIsPositiveWithoutContinue() {
        int[] steps = {1, 1, 1};
        double[] halt = {2, -1, 0.5};
        double[] cont = {1, 3, 0.7};
        assertArrayEquals(new boolean[] {true, false, false},
                Halting.decide(steps, halt, cont, 16, 0.0, new SplittableRandom(1)));
        assertArrayEquals(new boolean[] {true, false, true},
                Halting.decide(steps, halt, null, 16, 0.0, new SplittableRandom(1)));
        assertArrayEquals(new boolean[] {false, false, false},
                Halting.decide(steps, null, null, 16, 0.0, new SplittableRandom(1)), "no head: only the maximum");
    }

    /** Claim: with exploration 1 a sequence never halts before a minimum drawn from 2..max. */
    @Test
    void explorationNeverHaltsBeforeSegmentTwoAndSometimesLater() {
        int max = 8;
        int stoppedAtTwoOrLater = 0;
        int keptGoing = 0;
        SplittableRandom rng = new SplittableRandom(5);
        for (int trial = 0; trial < 400; trial++) {
            int step = 1 + rng.nextInt(max - 1);
            boolean[] h = Halting.decide(new int[] {step}, new double[] {5}, new double[] {-5}, max, 1.0, rng);
            if (step == 1) {
                assertTrue(!h[0], "exploration's minimum is at least 2");
            } else if (h[0]) {
                stoppedAtTwoOrLater++;
            } else {
                keptGoing++;
            }
        }
        assertTrue(stoppedAtTwoOrLater > 0 && keptGoing > 0, stoppedAtTwoOrLater + " / " + keptGoing);
    }
}
