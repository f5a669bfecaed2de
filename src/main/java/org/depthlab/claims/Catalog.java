package org.depthlab.claims;

import java.util.List;
import java.util.Objects;

/**
 * Every provable property of the sources (book/references.md) that this project checks, each
 * paired with the model families it is about — and with <em>contrasts</em>: families outside
 * the claim's class, on which the check should find a counterexample, to show that it can.
 * A contrast is an existence statement ("some member breaks it"): when a few instances show
 * none, that is reported, not counted as the claim failing; the property tests make sure each
 * contrast's counterexample is found.
 * This is the table {@code depthlab claims} prints.
 */
public final class Catalog {

    private Catalog() {
    }

    /**
     * A claim checked on one family.
     *
     * @param inClass whether the family is one the claim is about (it must hold) or a contrast
     *                (it must fail)
     */
    public record Entry<M>(Claim<M> claim, Family<M> family, boolean inClass) {

        public Entry {
            Objects.requireNonNull(claim, "claim");
            Objects.requireNonNull(family, "family");
        }

        /** The claim's verdict on the family, from {@code seed} with {@code tries} instances. */
        public Verdict check(long seed, int tries) {
            return claim.check(family, seed, tries);
        }

        /** Whether the verdict refutes a claim: it failed on a family it is about. */
        public boolean refutes(Verdict verdict) {
            return inClass && verdict.fails();
        }
    }

    private static <M> Entry<M> holds(Claim<M> claim, Family<M> family) {
        return new Entry<>(claim, family, true);
    }

    private static <M> Entry<M> fails(Claim<M> claim, Family<M> family) {
        return new Entry<>(claim, family, false);
    }

    /** The whole table, in the order of the book: every claim with the families it is about and a contrast that fails. */
    public static List<Entry<?>> all() {
        return List.of(
                holds(SegmentDepth.facts(), Families.transformer()),
                holds(SegmentDepth.facts(), Families.looped()),
                holds(SegmentDepth.facts(), Families.hrm()),
                holds(SegmentDepth.facts(), Families.trm()),
                fails(SegmentDepth.facts(), Families.decoderSegments()),
                holds(new DecodingDepth(), Families.decoder()),
                fails(new DecodingDepth(), Families.parallelDecoder()),
                holds(TapeMemory.constant(), Families.hrmUnrolled()),
                fails(TapeMemory.constant(), Families.loopedUnrolled()),
                holds(TapeMemory.linear(), Families.loopedUnrolled()),
                holds(TapeMemory.linear(), Families.trmUnrolled()),
                fails(TapeMemory.linear(), Families.hrmUnrolled()),
                holds(new Causality(), Families.decoderStream()),
                fails(new Causality(), Families.fullAttention()),
                holds(LightCone.declared(), Families.localAttention()),
                fails(LightCone.withRadius(1), Families.fullAttention()),
                fails(LightCone.declared(), Families.inputBlind()),
                holds(new ComputesParity(), Families.parityNet()),
                fails(new ComputesParity(), Families.shortParityNet()),
                holds(new ParityNeedsTheCone(), Families.shortParityNet()),
                holds(new ParityNeedsTheCone(), Families.localAttention()),
                fails(new ParityNeedsTheCone(), Families.parityNet()),
                holds(new PrefixMonotonicity(), Families.greedy()),
                holds(new PrefixMonotonicity(), Families.sampling()),
                holds(new PrefixMonotonicity(), Families.constrained()),
                fails(new PrefixMonotonicity(), Families.backtracking()),
                holds(new KvCacheEquivalence(), Families.decoder()),
                fails(new KvCacheEquivalence(), Families.staleCache()),
                holds(new GreedyCommitment(), Families.sameOrder()),
                fails(new GreedyCommitment(), Families.mixedOrders()),
                holds(new ZeroBacktrackCeiling(), Families.constrained()),
                holds(new ZeroBacktrackCeiling(), Families.greedy()),
                fails(new ZeroBacktrackCeiling(), UnboundedSearch.unbounded()),
                holds(new UnboundedSearch(), UnboundedSearch.unbounded()),
                fails(new UnboundedSearch(), UnboundedSearch.budgeted()),
                holds(Halts.inTraining(), Families.hrmHalting()),
                holds(Halts.inTraining(), Families.trmHalting()),
                fails(Halts.inTraining(), Families.haltsOnTies()),
                fails(Halts.inTraining(), Families.ignoresMaximum()),
                holds(Halts.explorationMinimum(), Families.hrmHalting()),
                holds(Halts.explorationMinimum(), Families.trmHalting()),
                fails(Halts.explorationMinimum(), Families.haltsBeforeMinimum()),
                holds(new EvaluationSegments(), Families.evaluator()),
                fails(new EvaluationSegments(), Families.earlyExit()),
                holds(Contraction.fixedPoint(), Families.tanhMap()),
                fails(Contraction.fixedPoint(), Families.expansiveMap()),
                holds(Contraction.errorShrinks(), Families.tanhMap()),
                fails(Contraction.errorShrinks(), Families.expansiveMap()),
                fails(Contraction.errorShrinks(), Families.nonNormalMap()),
                holds(Contraction.oneStepGradient(), Families.tanhMap()),
                fails(Contraction.oneStepGradient(), Families.nonNormalMap()),
                holds(new ErrorFallsWithLoops(0.01), ErrorFallsWithLoops.gradientDescent()),
                fails(new ErrorFallsWithLoops(0.01), ErrorFallsWithLoops.overshootingDescent()),
                holds(new SleepReadsNoTokens(), ConsolidationFamilies.sleepingFastWeights()),
                fails(new SleepReadsNoTokens(), ConsolidationFamilies.rereading()),
                holds(new ConsolidatedMemory(), ConsolidationFamilies.fastWeights()),
                fails(new ConsolidatedMemory(), ConsolidationFamilies.keptContext()),
                holds(new DeltaRuleRecall(), ConsolidationFamilies.orthonormalKeys()),
                fails(new DeltaRuleRecall(), ConsolidationFamilies.overlappingKeys()),
                holds(new MaskAlgebra(), ModularityFamilies.binaryMasks()),
                fails(new MaskAlgebra(), ModularityFamilies.softMasks()),
                holds(new AblationIsolation(), ModularityFamilies.disconnectedBlocks()),
                fails(new AblationIsolation(), ModularityFamilies.connectedBlocks()),
                holds(new WidthDepth(), WidthFamilies.parallel()),
                fails(new WidthDepth(), WidthFamilies.chained()),
                holds(new Coverage(), WidthFamilies.parallel()),
                fails(new Coverage(), WidthFamilies.reseeded()));
    }
}
