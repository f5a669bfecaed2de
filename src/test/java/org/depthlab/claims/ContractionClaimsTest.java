package org.depthlab.claims;

import org.junit.jupiter.api.Test;

/** A γ-contraction: one fixed point, error shrinking by γ, and the one-step gradient within ‖J‖/(1 − ‖J‖). */
class ContractionClaimsTest {

    @Test
    void aContractionHasOneFixedPoint() {
        ClaimAssertions.holds(Contraction.fixedPoint(), Families.tanhMap(), 30);
    }

    @Test
    void theErrorShrinksByGammaEveryStep() {
        ClaimAssertions.holds(Contraction.errorShrinks(), Families.tanhMap(), 30);
    }

    @Test
    void theOneStepGradientIsWithinTheBound() {
        ClaimAssertions.holds(Contraction.oneStepGradient(), Families.tanhMap(), 30);
    }

    /** Contrast: a map that only says it contracts has several fixed points and errors that do not shrink. */
    @Test
    void anExpansiveMapFailsBoth() {
        ClaimAssertions.fails(Contraction.fixedPoint(), Families.expansiveMap(), 10);
        ClaimAssertions.fails(Contraction.errorShrinks(), Families.expansiveMap(), 10);
    }
}
