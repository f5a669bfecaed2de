package org.depthlab.claims;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * ACT halting ([HRM], [TRM]): the rule the trainer applies halts exactly at the maximum or on the
 * head's strict inequality, never before the exploration minimum, and evaluation runs every
 * segment — each with a rule or an evaluation that breaks it.
 */
class HaltingClaimsTest {

    @Test
    void theTrainersRuleHaltsExactlyAtTheMaximumOrWhenTheHeadSaysSo() {
        ClaimAssertions.holds(Halts.inTraining(), Families.hrmHalting(), 10);
        ClaimAssertions.holds(Halts.inTraining(), Families.trmHalting(), 10);
    }

    @Test
    void aTieDoesNotHaltAndTheMaximumAlwaysDoes() {
        Verdict ties = ClaimAssertions.fails(Halts.inTraining(), Families.haltsOnTies(), 3);
        assertTrue(ties.evidence().contains("q_halt = 0.0, q_continue = 0.0: it halted"), ties.evidence());
        Verdict max = ClaimAssertions.fails(Halts.inTraining(), Families.ignoresMaximum(), 3);
        assertTrue(max.evidence().contains("the maximum is reached"), max.evidence());
    }

    @Test
    void theExplorationMinimumIsRespected() {
        ClaimAssertions.holds(Halts.explorationMinimum(), Families.hrmHalting(), 10);
        ClaimAssertions.holds(Halts.explorationMinimum(), Families.trmHalting(), 10);
        Verdict v = ClaimAssertions.fails(Halts.explorationMinimum(), Families.haltsBeforeMinimum(), 3);
        assertTrue(v.evidence().contains("the minimum is not reached"), v.evidence());
    }

    @Test
    void evaluationRunsEverySegment() {
        ClaimAssertions.holds(new EvaluationSegments(), Families.evaluator(), 10);
        Verdict v = ClaimAssertions.fails(new EvaluationSegments(), Families.earlyExit(), 10);
        assertTrue(v.evidence().contains("its head said stop after segment"), v.evidence());
    }
}
