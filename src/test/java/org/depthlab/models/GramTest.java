package org.depthlab.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.depthlab.tensor.GradientCheck;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;
import org.depthlab.tasks.Tokens;
import org.depthlab.testing.Props;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * The stochastic recursive model of chapter 14 ([GRAM] on [TRM]): with its random step at zero
 * it is TRM, bit for bit; its samples are reproducible and independent of the batch they run
 * in; its training loss is reconstruction + β·KL with a gradient that matches finite
 * differences through the reparameterised draw.
 */
class GramTest {

    private static TrmConfig trm(SplittableRandom rng, boolean mixer, int recursions) {
        int heads = 1 + rng.nextInt(2);
        return new TrmConfig(3 + rng.nextInt(3), 3 + rng.nextInt(3), heads * 2 * (1 + rng.nextInt(2)), heads, 2.0,
                1 + rng.nextInt(2), recursions, 1 + rng.nextInt(2), mixer, Positions.LEARNED, 1,
                1 + rng.nextInt(3));
    }

    private static int[] tokens(int count, int vocab, SplittableRandom rng) {
        return rng.ints(count, 0, vocab).toArray();
    }

    /**
     * Claim: fixed noise taken at its mean (no seeds) is TRM exactly — the same parameters, the
     * same names, and the same logits, halting values and carry, bit for bit, over two segments.
     */
    @Test
    void fixedNoiseAtItsMeanIsTrmBitForBit() {
        Props.qt(20).forAll(longs().all(), integers().between(1, 3)).checkAssert((seed, recursions) -> {
            SplittableRandom rng = new SplittableRandom(seed);
            TrmConfig shape = trm(rng, rng.nextBoolean(), recursions);
            RefinementModel trm = shape.build(seed);
            Gram gram = GramConfig.of(shape, GramConfig.FIXED, 0.7, 0, 0).build(seed);
            assertEquals(names(trm.parameters()), names(gram.parameters()));
            int[] inputs = tokens(2 * shape.seqLen(), shape.vocab(), rng);
            Carry a = trm.initialCarry(2);
            Carry b = gram.initialCarry(2);
            for (int segment = 0; segment < 2; segment++) {
                SegmentOutput x = trm.segment(new Tape(), a, inputs);
                SegmentOutput y = gram.segment(new Tape(), b, inputs);
                assertArrayEquals(x.logits().value().data, y.logits().value().data, "seed " + seed);
                assertArrayEquals(x.qHalt().value().data, y.qHalt().value().data);
                assertArrayEquals(x.carry().get("y").value().data, y.carry().get("y").value().data);
                assertNull(y.regulariser());
                a = x.carry();
                b = y.carry();
            }
        });
    }

    /**
     * Claim: a sample depends on its seed alone — the same seed gives the same bits whether the
     * sequence runs alone or as one row among others, and another seed gives another answer
     * state. This is what makes pass@N grow with N.
     */
    @Test
    void aSampleDependsOnItsSeedAloneNotOnItsBatch() {
        Props.qt(15).forAll(longs().all(), integers().between(2, 5)).checkAssert((seed, n) -> {
            SplittableRandom rng = new SplittableRandom(seed);
            TrmConfig shape = trm(rng, false, 2);
            Gram model = (rng.nextBoolean() ? GramConfig.of(shape, GramConfig.VARIATIONAL, 0.4, 0.1, 3)
                    : GramConfig.of(shape, GramConfig.FIXED, 0.4, 0, 0)).build(seed);
            randomise(model, rng);
            int[] puzzle = tokens(shape.seqLen(), shape.vocab(), rng);
            int[] batch = new int[n * shape.seqLen()];
            for (int i = 0; i < n; i++) {
                System.arraycopy(puzzle, 0, batch, i * shape.seqLen(), shape.seqLen());
            }
            long[] seeds = NoiseSeeds.rows(seed, n);
            SegmentOutput all = model.sample(new Tape(), model.initialCarry(n), batch, seeds);
            int cells = shape.seqLen() * shape.vocab();
            for (int i = 0; i < n; i++) {
                SegmentOutput alone = model.sample(new Tape(), model.initialCarry(1), puzzle, new long[] {seeds[i]});
                assertArrayEquals(alone.logits().value().data,
                        Arrays.copyOfRange(all.logits().value().data, i * cells, (i + 1) * cells), "sample " + i);
            }
            assertFalse(Arrays.equals(Arrays.copyOfRange(all.logits().value().data, 0, cells),
                    Arrays.copyOfRange(all.logits().value().data, cells, 2 * cells)), "two seeds, one answer");
        });
    }

    /**
     * Claim: the variational model's training loss, CE + β·KL(q ‖ p), has the gradient that
     * finite differences give, through the reparameterised draws ε = μ + e^s ⊙ ξ (ξ fixed by
     * the seeds) into the prior, the posterior and the network — with one recursion, so that
     * every step is recorded and the truncated gradient is the whole one.
     */
    @Test
    void theElboGradientMatchesFiniteDifferences() {
        Props.qt(8).forAll(longs().all()).checkAssert(seed -> {
            SplittableRandom rng = new SplittableRandom(seed);
            TrmConfig shape = new TrmConfig(4, 3, 4, 1, 2.0, 1, 1, 1, false, Positions.LEARNED, 1, 1);
            Gram model = GramConfig.of(shape, GramConfig.VARIATIONAL, 0.5, 0.3, 3).build(seed);
            randomise(model, rng);
            int[] inputs = tokens(2 * shape.seqLen(), shape.vocab(), rng);
            int[] targets = tokens(2 * shape.seqLen(), shape.vocab(), rng);
            long[] seeds = NoiseSeeds.rows(seed, 2);
            double error = GradientCheck.relativeError(tape -> {
                SegmentOutput out = model.trainingSegment(tape, model.initialCarry(2), inputs, targets, seeds);
                Tensor ce = tape.softmaxCrossEntropy(out.logits(), targets, Tokens.PAD);
                return tape.add(ce, out.regulariser());
            }, model.parameters(), seed);
            assertTrue(error <= 1e-6, "ELBO gradient: relative error " + error + " (seed " + seed + ")");
        });
    }

    /**
     * Claim: before training prior and posterior agree (the KL is 0 and ε ~ N(0, σ₀²)); once
     * the posterior's weights move, the regulariser is β times a positive KL.
     */
    @Test
    void theKlStartsAtZeroAndIsPositiveOnceThePosteriorMoves() {
        SplittableRandom rng = new SplittableRandom(Props.SEED);
        TrmConfig shape = trm(rng, false, 2);
        Gram model = GramConfig.of(shape, GramConfig.VARIATIONAL, 0.3, 0.25, 4).build(7);
        int[] inputs = tokens(3 * shape.seqLen(), shape.vocab(), rng);
        int[] targets = tokens(3 * shape.seqLen(), shape.vocab(), rng);
        long[] seeds = NoiseSeeds.rows(1, 3);
        SegmentOutput fresh = model.trainingSegment(new Tape(), model.initialCarry(3), inputs, targets, seeds);
        assertNotNull(fresh.regulariser());
        assertEquals(0.0, fresh.regulariser().item(), 1e-15);
        for (Tensor p : model.parameters()) {
            if (p.name().startsWith("posterior.1.weight")) {
                for (int i = 0; i < p.value().data.length; i++) {
                    p.value().data[i] = rng.nextDouble(-0.5, 0.5);
                }
            }
        }
        SegmentOutput moved = model.trainingSegment(new Tape(), model.initialCarry(3), inputs, targets, seeds);
        assertTrue(moved.regulariser().item() > 0, "KL after the posterior moved: " + moved.regulariser().item());
    }

    /** Claim: the random step adds no layer application: a segment is T·(n+1)·layers deep, as TRM's. */
    @Test
    void theRandomStepAddsNoDepth() {
        SplittableRandom rng = new SplittableRandom(Props.SEED);
        TrmConfig shape = trm(rng, false, 2);
        Gram model = GramConfig.of(shape, GramConfig.VARIATIONAL, 0.3, 0.1, 4).build(3);
        int[] inputs = tokens(2 * shape.seqLen(), shape.vocab(), rng);
        Tape tape = new Tape();
        SegmentOutput out = tape.noGrad(() -> model.sample(tape, model.initialCarry(2), inputs, NoiseSeeds.rows(5, 2)));
        assertEquals(shape.recursions() * (shape.latentSteps() + 1) * shape.layers(), out.logits().layerDepth());
        assertEquals(model.layerApplicationsPerSegment(), shape.build(3).layerApplicationsPerSegment());
    }

    /** Moves every zero-initialised weight (heads' output layers, the Q head) so gradients reach everything. */
    private static void randomise(RefinementModel model, SplittableRandom rng) {
        for (Tensor p : model.parameters()) {
            DMatrixRMaj v = p.value();
            for (int i = 0; i < v.data.length; i++) {
                v.data[i] += rng.nextDouble(-0.3, 0.3);
            }
        }
    }

    private static List<String> names(List<Tensor> params) {
        return params.stream().map(Tensor::name).toList();
    }
}
