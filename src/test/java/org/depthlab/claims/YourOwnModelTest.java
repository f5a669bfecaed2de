package org.depthlab.claims;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.depthlab.models.Carry;
import org.depthlab.models.ModelConfig;
import org.depthlab.models.RefinementModel;
import org.depthlab.models.SegmentOutput;
import org.depthlab.nn.Block;
import org.depthlab.nn.BlockConfig;
import org.depthlab.nn.Embedding;
import org.depthlab.nn.Linear;
import org.depthlab.nn.Module;
import org.depthlab.nn.RmsNorm;
import org.depthlab.nn.Rope;
import org.depthlab.tensor.AttentionMask;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;
import org.depthlab.testing.Props;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * The reader's-own-model example (README, "Claims"): a model that is not part of the project
 * implements the refinement-model contract, and the claims library checks it. Copy this file
 * to start with a model of your own.
 *
 * <p>The model: one block with a local attention window of radius 1, applied {@code loops}
 * times per segment to z + x (x = √h·E[tokens]), the state z carried from segment to segment;
 * the answer is a linear read-out of z.
 */
class YourOwnModelTest {

    /** The reader's model. Nothing in the library knows it. */
    static final class LocalRefiner implements RefinementModel {

        private final int vocab;
        private final int length;
        private final int hidden;
        private final int loops;
        private final Embedding embed;
        private final Block block;
        private final Linear head;

        LocalRefiner(int vocab, int length, int loops, long seed) {
            SplittableRandom rng = new SplittableRandom(seed);
            this.vocab = vocab;
            this.length = length;
            this.hidden = 8;
            this.loops = loops;
            this.embed = new Embedding("embed", vocab, hidden, 1 / Math.sqrt(hidden), rng);
            this.block = new Block("block", new BlockConfig(hidden, 2, 2.0, AttentionMask.local(1),
                    Rope.DEFAULT_THETA, length, RmsNorm.DEFAULT_EPS), rng);
            this.head = new Linear("head", hidden, vocab, false, rng);
        }

        /** The configuration records are the project's own (checkpoints); this model has none. */
        @Override
        public ModelConfig config() {
            throw new UnsupportedOperationException("LocalRefiner has no checkpoint format");
        }

        @Override
        public int vocab() {
            return vocab;
        }

        @Override
        public int seqLen() {
            return length;
        }

        @Override
        public Carry initialCarry(int sequences) {
            return Carry.of("z", Tensor.constant(new DMatrixRMaj(sequences * length, hidden)));
        }

        @Override
        public SegmentOutput segment(Tape tape, Carry carry, int[] inputs) {
            sequencesIn(inputs);
            Tensor x = tape.scale(embed.forward(tape, inputs), Math.sqrt(hidden));
            Tensor z = carry.get("z");
            for (int k = 0; k < loops; k++) {
                z = block.forward(tape, tape.add(z, x), length);
            }
            return new SegmentOutput(Carry.of("z", z).detach(), head.forward(tape, z), null, null);
        }

        @Override
        public int layerApplicationsPerSegment() {
            return loops;
        }

        @Override
        public List<Tensor> parameters() {
            return Module.parametersOf(embed, block, head);
        }
    }

    /** Its family: random loops, the claim's vocabulary and length. */
    static Family<RefinementModel> mine() {
        return new Family<>("local-refiner", (seed, vocab, length) ->
                new LocalRefiner(vocab, length, 1 + new SplittableRandom(seed).nextInt(3), seed));
    }

    @Test
    void itsDepthPerSegmentIsWhatItDeclares() {
        Verdict v = SegmentDepth.declared().check(mine(), Props.SEED);
        assertTrue(v.holds(), v.toString());
    }

    @Test
    void afterTwoSegmentsItsConeHasRadiusTwiceItsLoops() {
        Family<SequenceMap> asMap = new Family<>("local-refiner", (seed, vocab, length) ->
                SequenceMap.of(mine().draw(seed, vocab, length), 2, 1));
        Verdict v = LightCone.declared().check(asMap, Props.SEED);
        assertTrue(v.holds(), v.toString());
        // And it is not causal: its window looks both ways.
        assertTrue(new Causality().check(asMap, Props.SEED).fails());
    }

    @Test
    void itsTapeMemoryGrowsWithItsLoops() {
        Family<TapeMemory.Unrolled> unrolled = new Family<>("local-refiner", (seed, vocab, length) ->
                (cycles, steps) -> new LocalRefiner(vocab, length, cycles * steps, seed));
        Verdict v = TapeMemory.linear().check(unrolled, Props.SEED);
        assertTrue(v.holds(), v.toString());
    }
}
