package org.depthlab.claims;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A γ-contraction: one fixed point, error shrinking by γ, and the one-step gradient within ‖J‖/(1 − ‖J‖). */
class ContractionClaimsTest {

    @Test
    void aContractionHasOneFixedPoint() {
        ClaimAssertions.holds(Contraction.fixedPoint(), Families.tanhMap(), 10);
    }

    @Test
    void theErrorShrinksByGammaEveryStep() {
        ClaimAssertions.holds(Contraction.errorShrinks(), Families.tanhMap(), 10);
    }

    @Test
    void theOneStepGradientIsWithinTheBound() {
        ClaimAssertions.holds(Contraction.oneStepGradient(), Families.tanhMap(), 10);
    }

    /** Contrast: a map that only says it contracts has several fixed points and errors that do not shrink. */
    @Test
    void anExpansiveMapFailsBoth() {
        ClaimAssertions.fails(Contraction.fixedPoint(), Families.expansiveMap(), 10);
        ClaimAssertions.fails(Contraction.errorShrinks(), Families.expansiveMap(), 10);
    }

    /**
     * Contrast: eigenvalues ½ declared as the Lipschitz constant. One fixed point still (the
     * first claim holds for it), but the error can grow for a step and ‖J‖ &gt; 1 breaks the bound.
     */
    @Test
    void aNonNormalMapBreaksTheErrorAndGradientBounds() {
        ClaimAssertions.holds(Contraction.fixedPoint(), Families.nonNormalMap(), 5);
        ClaimAssertions.fails(Contraction.errorShrinks(), Families.nonNormalMap(), 5);
        Verdict v = ClaimAssertions.fails(Contraction.oneStepGradient(), Families.nonNormalMap(), 5);
        assertTrue(v.evidence().contains("> bound"), v.evidence());
    }
}
