package org.depthlab.claims;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.depthlab.decode.Backtracking;
import org.depthlab.decode.ConstrainedGreedy;
import org.depthlab.decode.Greedy;
import org.depthlab.decode.Sampling;
import org.depthlab.decode.Strategy;
import org.depthlab.models.Carry;
import org.depthlab.models.Decoder;
import org.depthlab.models.DecoderConfig;
import org.depthlab.models.HrmConfig;
import org.depthlab.models.LoopedConfig;
import org.depthlab.models.Positions;
import org.depthlab.models.RefinementModel;
import org.depthlab.models.SegmentOutput;
import org.depthlab.models.TransformerConfig;
import org.depthlab.models.TrmConfig;
import org.depthlab.solve.CspSolver;
import org.depthlab.solve.GreedyDecoder;
import org.depthlab.solve.VariableOrder;
import org.depthlab.tasks.Puzzle;
import org.depthlab.tensor.AttentionMask;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;
import org.depthlab.train.Halting;

/**
 * The project's models as {@link Family families} the claims draw from: small widths and
 * random weights from the seed, the vocabulary and length the claim asks for (up to each
 * family's {@link Scale}). Widths are small (hidden 2–8, one or two layers and heads) so that
 * the whole table runs in seconds; the claims are about structure, which does not depend on
 * width — lengths and step counts, which it can depend on, go up to the scale's bounds.
 * Contrasts (families outside a claim's class) sit beside the families they break.
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
        return new Family<>("hrm", (seed, vocab, length) -> hrm(seed, vocab, length, 0, 0));
    }

    /** HRM with N cycles of T L-steps (N, T &gt; 0), or both drawn from 1..3 (0). */
    private static RefinementModel hrm(long seed, int vocab, int length, int cycles, int steps) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[] h = widthAndHeads(rng);
        int hLayers = 1 + rng.nextInt(2);
        int lLayers = 1 + rng.nextInt(2);
        int n = 1 + rng.nextInt(3);
        int t = 1 + rng.nextInt(3);
        return withHaltingHead(new HrmConfig(vocab, length, h[0], h[1], 2.0, hLayers, lLayers,
                cycles > 0 ? cycles : n, steps > 0 ? steps : t, positions(rng)).build(seed), rng);
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

    /** HRM unrolled to N cycles of T L-steps, for the memory claims. */
    public static Family<TapeMemory.Unrolled> hrmUnrolled() {
        return new Family<>("hrm", (seed, vocab, length) -> (cycles, steps) -> hrm(seed, vocab, length, cycles, steps));
    }

    /** A looped stack with K = N·T loops. */
    public static Family<TapeMemory.Unrolled> loopedUnrolled() {
        return new Family<>("looped", (seed, vocab, length) -> (cycles, steps) ->
                looped(seed, vocab, length, cycles * steps));
    }

    /** TRM with n = N·T latent steps (T = 2 recursions; its last recursion is back-propagated in full). */
    public static Family<TapeMemory.Unrolled> trmUnrolled() {
        return new Family<>("trm", (seed, vocab, length) -> (cycles, steps) ->
                trm(seed, vocab, length, cycles * steps));
    }

    /** A causal decoder of 1..2 blocks writing a random non-empty subset of the positions. */
    public static Family<StepDecoder> decoder() {
        return new Family<>("decoder", (seed, vocab, length) -> StepDecoder.of(decoder(seed, vocab, length)));
    }

    /** The same decoders, scoring every answer token from the puzzle alone ({@link StepDecoder#parallel}). */
    public static Family<StepDecoder> parallelDecoder() {
        return new Family<>("parallel-decoder", (seed, vocab, length) ->
                StepDecoder.parallel(decoder(seed, vocab, length)));
    }

    /** The same decoders with a KV cache that is never extended ({@link StepDecoder#staleCache}). */
    public static Family<StepDecoder> staleCache() {
        return new Family<>("stale-cache", (seed, vocab, length) -> StepDecoder.staleCache(decoder(seed, vocab, length)));
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

    /**
     * Local attention blind to its input: the same looped stacks run on token 0 at every
     * position, whatever the tokens — nothing ever reaches an output (the light cone's contrast).
     */
    public static Family<SequenceMap> inputBlind() {
        return new Family<>("input-blind", (seed, vocab, length) -> {
            SequenceMap local = localAttention().draw(seed, vocab, length);
            return new SequenceMap() {
                @Override
                public int vocab() {
                    return local.vocab();
                }

                @Override
                public int length() {
                    return local.length();
                }

                @Override
                public int radius() {
                    return local.radius();
                }

                @Override
                public Tensor apply(Tape tape, int[] tokens) {
                    return local.apply(tape, new int[tokens.length]);
                }
            };
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

    /** HRM with its halting rule as the trainer applies it ({@link HaltingRule#trainer()}). */
    public static Family<HaltingRule.Subject> hrmHalting() {
        return halting("hrm", hrm(), HaltingRule.trainer());
    }

    /** TRM (no continue head) with the trainer's halting rule. */
    public static Family<HaltingRule.Subject> trmHalting() {
        return halting("trm", trm(), HaltingRule.trainer());
    }

    /** HRM with a rule that halts on a tie, q_halt >= q_continue: the strict inequality broken. */
    public static Family<HaltingRule.Subject> haltsOnTies() {
        return halting("halts-on-ties", hrm(), (steps, h, c, max, p, rng) -> {
            Halting.Decision d = HaltingRule.trainer().decide(steps, h, c, max, p, rng);
            boolean tie = !Double.isNaN(c) && h == c && steps >= d.minimum();
            return new Halting.Decision(d.halts() || tie, d.minimum());
        });
    }

    /** HRM with a rule that leaves halting to the head alone: a sequence may run past the maximum. */
    public static Family<HaltingRule.Subject> ignoresMaximum() {
        return halting("ignores-maximum", hrm(), (steps, h, c, max, p, rng) -> {
            Halting.Decision d = HaltingRule.trainer().decide(steps, h, c, max, p, rng);
            boolean head = Double.isNaN(c) ? h > 0 : h > c;
            return new Halting.Decision(head && steps >= d.minimum(), d.minimum());
        });
    }

    /** HRM with a rule that draws the exploration minimum and then ignores it. */
    public static Family<HaltingRule.Subject> haltsBeforeMinimum() {
        return halting("halts-before-minimum", hrm(), (steps, h, c, max, p, rng) -> {
            Halting.Decision d = HaltingRule.trainer().decide(steps, h, c, max, p, rng);
            boolean head = Double.isNaN(c) ? h > 0 : h > c;
            return new Halting.Decision(steps >= max || head, d.minimum());
        });
    }

    private static Family<HaltingRule.Subject> halting(String name, Family<RefinementModel> models, HaltingRule rule) {
        return new Family<>(name, (seed, vocab, length) -> new HaltingRule.Subject(models.draw(seed, vocab, length), rule));
    }

    /** The project's evaluation ({@link Evaluation#evaluator()}). */
    public static Family<Evaluation> evaluator() {
        return new Family<>("evaluator", (seed, vocab, length) -> Evaluation.evaluator());
    }

    /** An evaluation that stops each puzzle where its halting head first says stop. */
    public static Family<Evaluation> earlyExit() {
        return new Family<>("early-exit-evaluator", (seed, vocab, length) -> (model, puzzles, maxSegments) -> {
            for (Puzzle puzzle : puzzles) {
                Tape tape = new Tape();
                Carry carry = model.initialCarry(1);
                for (int segment = 1; segment <= maxSegments; segment++) {
                    Carry from = carry;
                    SegmentOutput out = tape.noGrad(() -> model.segment(tape, from, puzzle.inputTokens()));
                    carry = out.carry();
                    double h = out.qHalt().get(0, 0);
                    if (out.qContinue() != null ? h > out.qContinue().get(0, 0) : h > 0) {
                        break;
                    }
                }
            }
        });
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

    /** z ← tanh(W z) + x with eigenvalues ½ and norm above 1, declared ½-Lipschitz ({@link TanhMap#nonNormal}). */
    public static Family<ContractiveMap> nonNormalMap() {
        return new Family<>("non-normal-map", (seed, vocab, length) ->
                TanhMap.nonNormal(length, new SplittableRandom(seed)));
    }
}
