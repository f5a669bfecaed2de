package org.depthlab.claims;

import java.util.Locale;
import java.util.Objects;

/**
 * What checking a claim on a class of models found: whether it held on every instance tried,
 * failed on one, or could not be tested at all; how many instances were drawn and how many of
 * them tested something; the inputs tried and the range of sizes; and the evidence — the
 * measured numbers of a representative instance when it held, the smallest counterexample found
 * (with the seed and instance that reproduce it) when it did not, the reason when nothing was
 * tested.
 *
 * @param outcome  holds, fails or not tested
 * @param tried    instances drawn and checked
 * @param tested   instances on which the claim said something (the others held vacuously)
 * @param inputs   inputs (sequences, pairs of sequences, decisions) tried on those instances
 * @param sizes    the sizes tried, e.g. "n 2-64, steps 1-16" (empty if the check has none)
 * @param evidence measured numbers, a counterexample that reproduces the failure, or why
 *                 nothing was tested
 */
public record Verdict(Outcome outcome, int tried, int tested, long inputs, String sizes, String evidence) {

    /** The three verdicts. */
    public enum Outcome {
        /** No instance tried contradicts the claim, and at least one tested it. */
        HOLDS,
        /** Some instance contradicts it; the evidence is the smallest such instance found. */
        FAILS,
        /** No instance could test it: every one held vacuously. A "holds" here would mean nothing. */
        NOT_TESTED
    }

    public Verdict {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(sizes, "sizes");
        Objects.requireNonNull(evidence, "evidence");
    }

    /** A verdict without counts of inputs or sizes (for a claim of your own). */
    public Verdict(Outcome outcome, int tried, String evidence) {
        this(outcome, tried, outcome == Outcome.NOT_TESTED ? 0 : tried, 0, "", evidence);
    }

    /** Whether the claim held on every instance tried, and some instance tested it. */
    public boolean holds() {
        return outcome == Outcome.HOLDS;
    }

    /** Whether some instance contradicts the claim. */
    public boolean fails() {
        return outcome == Outcome.FAILS;
    }

    /** Whether the check tested something (it held or failed, not vacuously). */
    public boolean isTested() {
        return outcome != Outcome.NOT_TESTED;
    }

    /** "holds", "FAILS" or "not tested". */
    public String word() {
        return switch (outcome) {
            case HOLDS -> "holds";
            case FAILS -> "FAILS";
            case NOT_TESTED -> "not tested";
        };
    }

    /** "10 instances (n 2-64, 1,234 inputs)": what was tried. */
    public String scope() {
        StringBuilder b = new StringBuilder();
        b.append(tried).append(tried == 1 ? " instance" : " instances");
        StringBuilder in = new StringBuilder();
        if (!sizes.isEmpty()) {
            in.append(sizes);
        }
        if (inputs > 0) {
            in.append(in.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%,d inputs", inputs));
        }
        return in.length() == 0 ? b.toString() : b.append(" (").append(in).append(')').toString();
    }

    @Override
    public String toString() {
        return word() + " on " + scope() + ": " + evidence;
    }
}
