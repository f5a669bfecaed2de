package org.depthlab.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.depthlab.BadInputException;
import org.depthlab.testing.Props;
import org.junit.jupiter.api.Test;

class WarmupCosineTest {

    /** The landmarks, for η = 1e-3, W = 100, T = 1100, r = 0.1. */
    @Test
    void scheduleHitsItsLandmarks() {
        WarmupCosine s = new WarmupCosine(1e-3, 100, 1100, 0.1);
        assertEquals(0.0, s.lr(0), "before the first update");
        assertEquals(1e-5, s.lr(1), 1e-20, "the first update gets η/W, as in HRM");
        assertEquals(0.5e-3, s.lr(50), 1e-18, "halfway up");
        assertEquals(1e-3, s.lr(100), 1e-18, "the peak at the end of warm-up");
        assertEquals(0.55e-3, s.lr(600), 1e-18, "halfway down the cosine: η·(r + (1 − r)/2)");
        assertEquals(1e-4, s.lr(1100), 1e-18, "the floor r·η at the last update");
        assertEquals(1e-4, s.lr(5000), 0.0, "after the last update the rate stays at the floor");
    }

    /**
     * Claim: the rate rises (weakly) during warm-up and falls (weakly) after it, staying
     * between r·η and η; with r = 1 it is exactly η from the end of warm-up on.
     */
    @Test
    void scheduleRisesThenFallsBetweenFloorAndPeak() {
        Props.qt(100)
                .forAll(longs().all(), integers().between(0, 50), integers().between(0, 200))
                .checkAssert((seed, warmup, rest) -> {
                    double ratio = new SplittableRandom(seed).nextDouble();
                    double peak = 1e-4;
                    WarmupCosine s = new WarmupCosine(peak, warmup, warmup + rest, ratio);
                    WarmupCosine flat = WarmupCosine.warmupThenConstant(peak, warmup, warmup + rest);
                    for (long t = 1; t <= warmup + rest + 5; t++) {
                        double now = s.lr(t);
                        double before = s.lr(t - 1);
                        if (t <= warmup) {
                            assertTrue(now >= before, "warm-up fell at " + t + " (seed " + seed + ")");
                        } else {
                            assertTrue(now <= before, "cosine rose at " + t + " (seed " + seed + ")");
                            assertTrue(now >= ratio * peak * (1 - 1e-15), "below the floor at " + t);
                            assertEquals(peak, flat.lr(t), 0.0, "warm-up then constant at " + t);
                        }
                        assertTrue(now <= peak, "above the peak at " + t);
                    }
                });
    }

    @Test
    void constantScheduleIsConstant() {
        Schedule s = Schedule.constant(1e-4);
        assertEquals(1e-4, s.lr(0));
        assertEquals(1e-4, s.lr(123456));
    }

    @Test
    void impossibleSchedulesAreBadInput() {
        assertThrows(BadInputException.class, () -> new WarmupCosine(1e-3, 10, 5, 0));
        assertThrows(BadInputException.class, () -> new WarmupCosine(1e-3, -1, 5, 0));
        assertThrows(BadInputException.class, () -> new WarmupCosine(-1e-3, 1, 5, 0));
        assertThrows(BadInputException.class, () -> new WarmupCosine(1e-3, 1, 5, 1.5));
        assertThrows(BadInputException.class, () -> Schedule.constant(Double.NaN));
    }
}
