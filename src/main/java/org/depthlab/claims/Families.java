package org.depthlab.claims;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.depthlab.decode.Backtracking;
import org.depthlab.decode.ConstrainedGreedy;
import org.depthlab.decode.Greedy;
import org.depthlab.decode.Sampling;
import org.depthlab.decode.Strategy;
import org.depthlab.models.Decoder;
import org.depthlab.models.DecoderConfig;
import org.depthlab.models.HrmConfig;
import org.depthlab.models.LoopedConfig;
import org.depthlab.models.Positions;
import org.depthlab.models.RefinementModel;
import org.depthlab.models.TransformerConfig;
import org.depthlab.models.TrmConfig;
import org.depthlab.solve.CspSolver;
import org.depthlab.solve.GreedyDecoder;
import org.depthlab.solve.VariableOrder;
import org.depthlab.tensor.AttentionMask;
import org.depthlab.tensor.Tensor;

/**
 * The project's models as {@link Family families} the claims draw from: small sizes and
 * random weights from the seed, the vocabulary and length the claim asks for. Sizes are
 * small (hidden 2–8, one or two layers and heads) so that the whole table runs in seconds;
 * the claims are about structure, which does not depend on size.
 */
public final class Families {

    private Families() {
    }

    /** Width h: 2 per head, times 1 or 2; heads 1 or 2. */
    private static int[] widthAndHeads(SplittableRandom rng) {
        int heads = 1 + rng.nextInt(2);
        return new int[] {heads * 2 * (1 + rng.nextInt(2)), heads};
    }

    private static Positions positions(SplittableRandom rng) {
        return rng.nextBoolean() ? Positions.ROPE : Positions.LEARNED;
    }

    /** A stack of L = 1..3 blocks. */
    public static Family<RefinementModel> transformer() {
        return new Family<>("transformer", (seed, vocab, length) -> {
            SplittableRandom rng = new SplittableRandom(seed);
            int[] h = widthAndHeads(rng);
            return new TransformerConfig(vocab, length, h[0], h[1], 2.0, 1 + rng.nextInt(3), positions(rng))
                    .build(seed);
        });
    }

    /** One stack of L = 1..2 blocks looped K = 1..3 times. */
    public static Family<RefinementModel> looped() {
        return new Family<>("looped", (seed, vocab, length) -> looped(seed, vocab, length, 0));
    }

    private static RefinementModel looped(long seed, int vocab, int length, int loops) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[] h = widthAndHeads(rng);
        int layers = 1 + rng.nextInt(2);
        int k = 1 + rng.nextInt(3);
        return new LoopedConfig(vocab, length, h[0], h[1], 2.0, layers, loops > 0 ? loops : k, positions(rng))
                .build(seed);
    }

    /** HRM with |H|, |L| = 1..2 blocks, N, T = 1..3; its halting head moved off its zero start. */
    public static Family<RefinementModel> hrm() {
        return new Family<>("hrm", (seed, vocab, length) -> hrm(seed, vocab, length, 0));
    }

    private static RefinementModel hrm(long seed, int vocab, int length, int cycles) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[] h = widthAndHeads(rng);
        int hLayers = 1 + rng.nextInt(2);
        int lLayers = 1 + rng.nextInt(2);
        int n = 1 + rng.nextInt(3);
        int t = 1 + rng.nextInt(3);
        return withHaltingHead(new HrmConfig(vocab, length, h[0], h[1], 2.0, hLayers, lLayers,
                cycles > 0 ? cycles : n, cycles > 0 ? 2 : t, positions(rng)).build(seed), rng);
    }

    /** TRM with 1..2 layers, T = 1..3 recursions of n = 1..3 latent steps (attention or MLP mixer). */
    public static Family<RefinementModel> trm() {
        return new Family<>("trm", (seed, vocab, length) -> trm(seed, vocab, length, 0));
    }

    private static RefinementModel trm(long seed, int vocab, int length, int latentSteps) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[] h = widthAndHeads(rng);
        int layers = 1 + rng.nextInt(2);
        int recursions = 1 + rng.nextInt(3);
        int n = 1 + rng.nextInt(3);
        boolean mixer = rng.nextInt(3) == 0;
        return withHaltingHead(new TrmConfig(vocab, length, h[0], h[1], 2.0, layers,
                latentSteps > 0 ? 2 : recursions, latentSteps > 0 ? latentSteps : n, mixer, positions(rng))
                .build(seed), rng);
    }

    /**
     * The Q head starts at weight 0 and bias −5 (it never halts early); random weights make it
     * halt at varied segments, so that the ACT claims see every case.
     */
    private static RefinementModel withHaltingHead(RefinementModel model, SplittableRandom rng) {
        for (Tensor p : model.parameters()) {
            if (p.name().startsWith("q_head")) {
                for (int i = 0; i < p.value().data.length; i++) {
                    p.value().data[i] = rng.nextDouble(-1, 1);
                }
            }
        }
        return model;
    }

    /** HRM with N = s cycles of T = 2 L-steps (N·T = 2s), for the memory claims. */
    public static Family<TapeMemory.Unrolled> hrmUnrolled() {
        return new Family<>("hrm", (seed, vocab, length) -> steps -> hrm(seed, vocab, length, steps));
    }

    /** A looped stack with K = s loops. */
    public static Family<TapeMemory.Unrolled> loopedUnrolled() {
        return new Family<>("looped", (seed, vocab, length) -> steps -> looped(seed, vocab, length, steps));
    }

    /** TRM with n = s latent steps (T = 2; its last recursion is back-propagated in full). */
    public static Family<TapeMemory.Unrolled> trmUnrolled() {
        return new Family<>("trm", (seed, vocab, length) -> steps -> trm(seed, vocab, length, steps));
    }

    /** A causal decoder of 1..2 blocks writing a random non-empty subset of the positions. */
    public static Family<Decoder> decoder() {
        return new Family<>("decoder", Families::decoder);
    }

    private static Decoder decoder(long seed, int vocab, int length) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[] h = widthAndHeads(rng);
        List<Integer> answers = new ArrayList<>();
        for (int i = 0; i < length; i++) {
            if (rng.nextInt(3) > 0) {
                answers.add(i);
            }
        }
        if (answers.isEmpty()) {
            answers.add(rng.nextInt(length));
        }
        return new DecoderConfig(vocab, length, h[0], h[1], 2.0, 1 + rng.nextInt(2), positions(rng), answers)
                .build(seed);
    }

    /**
     * The decoder as a refinement model, writing every position: one segment is a whole greedy
     * decoding of D = S tokens, so a longer puzzle means a deeper segment.
     */
    public static Family<RefinementModel> decoderSegments() {
        return new Family<>("decoder", (seed, vocab, length) -> {
            SplittableRandom rng = new SplittableRandom(seed);
            int[] h = widthAndHeads(rng);
            return new DecoderConfig(vocab, length, h[0], h[1], 2.0, 1 + rng.nextInt(2), positions(rng)).build(seed);
        });
    }

    /** The decoder's whole stream read in one pass ({@link SequenceMap#stream}): S puzzle positions, D − 1 answers. */
    public static Family<SequenceMap> decoderStream() {
        return new Family<>("decoder", (seed, vocab, length) -> SequenceMap.stream(decoder(seed, vocab, length)));
    }

    /**
     * The looped recurrence with a local attention window of radius r = 1..2 and k = K·L ≤ 2
     * layer applications ({@link LoopedStack}): a light cone of k·r ≤ 4.
     */
    public static Family<SequenceMap> localAttention() {
        return new Family<>("local-attention", (seed, vocab, length) -> {
            SplittableRandom rng = new SplittableRandom(seed);
            int[] h = widthAndHeads(rng);
            int layers = 1 + rng.nextInt(2);
            int loops = layers == 1 ? 1 + rng.nextInt(2) : 1;
            return new LoopedStack(vocab, length, h[0], h[1], layers, loops, AttentionMask.local(1 + rng.nextInt(2)),
                    seed);
        });
    }

    /** One block of full attention, applied once (k = 1): the light cone's contrast. */
    public static Family<SequenceMap> fullAttention() {
        return new Family<>("full-attention", (seed, vocab, length) -> {
            SplittableRandom rng = new SplittableRandom(seed);
            int[] h = widthAndHeads(rng);
            return new LoopedStack(vocab, length, h[0], h[1], 1, 1, AttentionMask.full(), seed);
        });
    }

    /** The hand-set parity net with n steps for n bits ({@link ParityNet}). */
    public static Family<SequenceMap> parityNet() {
        return new Family<>("parity-net", (seed, vocab, length) -> ParityNet.of(length));
    }

    /** The same net with fewer than n − 1 steps: its cone misses bit 0. */
    public static Family<SequenceMap> shortParityNet() {
        return new Family<>("short-parity-net", (seed, vocab, length) ->
                new ParityNet(length, new SplittableRandom(seed).nextInt(Math.max(1, length - 1))));
    }

    /** Greedy decoding. */
    public static Family<Strategy> greedy() {
        return new Family<>("greedy", (seed, vocab, length) -> new Greedy());
    }

    /** Sampling at a random temperature 0.3–3 and top-k 0–3 (0: all), seeded. */
    public static Family<Strategy> sampling() {
        return new Family<>("sample", (seed, vocab, length) -> {
            SplittableRandom rng = new SplittableRandom(seed);
            return new Sampling(Math.round(rng.nextDouble(0.3, 3) * 10) / 10.0, rng.nextInt(4), seed);
        });
    }

    /** Greedy under the constraint mask. */
    public static Family<Strategy> constrained() {
        return new Family<>("constrained", (seed, vocab, length) -> new ConstrainedGreedy());
    }

    /** Backtracking decoding: a search around the decoder, which retracts. */
    public static Family<Strategy> backtracking() {
        return new Family<>("backtrack", (seed, vocab, length) -> new Backtracking(Backtracking.DEFAULT_BUDGET));
    }

    /** The greedy decoder and the solver in the same, random, variable order. */
    public static Family<GreedyCommitment.Pair> sameOrder() {
        return new Family<>("greedy-vs-solver", (seed, vocab, length) -> {
            VariableOrder[] orders = VariableOrder.values();
            VariableOrder order = orders[new SplittableRandom(seed).nextInt(orders.length)];
            return new GreedyCommitment.Pair(new GreedyDecoder(order), new CspSolver(order), "order " + order);
        });
    }

    /** The greedy decoder in MRV order against the solver in index order: outside the claim. */
    public static Family<GreedyCommitment.Pair> mixedOrders() {
        return new Family<>("greedy-vs-solver-mixed-orders", (seed, vocab, length) -> new GreedyCommitment.Pair(
                new GreedyDecoder(VariableOrder.MRV), new CspSolver(VariableOrder.INDEX), "greedy MRV, solver INDEX"));
    }

    /** z ← tanh(W·z) + x with ‖W‖₂ = γ drawn from [0.2, 0.9]. */
    public static Family<ContractiveMap> tanhMap() {
        return new Family<>("tanh-map", (seed, vocab, length) -> {
            SplittableRandom rng = new SplittableRandom(seed);
            return TanhMap.contractive(length, rng.nextDouble(0.2, 0.9), rng);
        });
    }

    /** z ← tanh(3z) + x, declared 0.9-Lipschitz: not a contraction. */
    public static Family<ContractiveMap> expansiveMap() {
        return new Family<>("expansive-map", (seed, vocab, length) ->
                TanhMap.expansive(length, new SplittableRandom(seed)));
    }
}
