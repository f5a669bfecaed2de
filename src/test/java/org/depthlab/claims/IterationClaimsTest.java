package org.depthlab.claims;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * "Error falls with loops", the empirical claim chapter 11 asks of trained models, on loops
 * whose behaviour is known: gradient descent (in the class) and an overshooting step (outside).
 * Instances are drawn from the suite's seed ({@code -Ddepthlab.seed}).
 */
class IterationClaimsTest {

    @Test
    void gradientDescentErrorFallsWithLoops() {
        ClaimAssertions.holds(new ErrorFallsWithLoops(0.01), ErrorFallsWithLoops.gradientDescent(), 30);
        // Even with no band at all: gradient descent's error falls at every step.
        ClaimAssertions.holds(new ErrorFallsWithLoops(0), ErrorFallsWithLoops.gradientDescent(), 30);
    }

    /** Contrast: past the stable step the loop drifts, and the claim fails. */
    @Test
    void anOvershootingLoopDrifts() {
        Verdict v = ClaimAssertions.fails(new ErrorFallsWithLoops(0.01), ErrorFallsWithLoops.overshootingDescent(), 5);
        assertTrue(v.evidence().contains("the error rose"), v.evidence());
    }

    /** The verdict over given curves, as the experiment asks it of trained models, one per seed. */
    @Test
    void aTrainedCurveThatRisesPastItsLoopsFails() {
        ErrorFallsWithLoops claim = new ErrorFallsWithLoops(0.01);
        ErrorFallsWithLoops.Curve iterating = new ErrorFallsWithLoops.Curve("a", 2, new double[] {0.9, 0.5, 0.4, 0.395});
        ErrorFallsWithLoops.Curve drifting = new ErrorFallsWithLoops.Curve("b", 2, new double[] {0.9, 0.5, 0.52, 0.7});
        assertTrue(claim.check(List.of(iterating)).holds());
        Verdict v = claim.check(List.of(iterating, drifting));
        assertTrue(!v.holds() && v.evidence().contains("b: the error rose from 0.500 after 2 iterations"), v.evidence());
        // Before the trained iterations a rise is allowed: the claim is about running longer.
        assertTrue(claim.check(List.of(new ErrorFallsWithLoops.Curve("c", 3, new double[] {0.5, 0.9, 0.3, 0.3}))).holds());
    }
}
