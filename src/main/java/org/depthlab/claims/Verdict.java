package org.depthlab.claims;

import java.util.Objects;

/**
 * What checking a claim on a class of models found: whether it held on every instance tried,
 * how many instances were tried, and the evidence — the measured numbers of a representative
 * instance when it held, the smallest counterexample found when it did not.
 *
 * @param outcome  holds or fails
 * @param tried    instances drawn and checked
 * @param evidence measured numbers, or a counterexample that reproduces the failure
 */
public record Verdict(Outcome outcome, int tried, String evidence) {

    /** The two verdicts. */
    public enum Outcome {
        /** No instance tried contradicts the claim. */
        HOLDS,
        /** Some instance contradicts it; the evidence is the smallest such instance found. */
        FAILS
    }

    public Verdict {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(evidence, "evidence");
    }

    /** Whether the claim held on every instance tried. */
    public boolean holds() {
        return outcome == Outcome.HOLDS;
    }

    @Override
    public String toString() {
        return (holds() ? "holds" : "FAILS") + " on " + tried + (tried == 1 ? " instance: " : " instances: ")
                + evidence;
    }
}
