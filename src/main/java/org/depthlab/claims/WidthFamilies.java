package org.depthlab.claims;

import java.util.SplittableRandom;
import org.depthlab.models.Carry;
import org.depthlab.models.GramConfig;
import org.depthlab.models.NoiseSeeds;
import org.depthlab.models.Positions;
import org.depthlab.models.RefinementModel;
import org.depthlab.models.SegmentOutput;
import org.depthlab.models.StochasticModel;
import org.depthlab.models.TrmConfig;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;
import org.depthlab.train.Width;

/**
 * The samplers the width claims draw (chapter 14): the stochastic recursive model
 * ({@link org.depthlab.models.Gram}, variational or with fixed noise, random weights, small) run
 * N times — as the project runs it, in parallel with seeds from (base, i), and two contrasts: a
 * draw that reseeds every sample for every N, and a chain that runs the N samples one after
 * another, each from the carry the last one left (the same total work, done sequentially).
 */
public final class WidthFamilies {

    private WidthFamilies() {
    }

    /** A gram model: TRM of 1–2 layers, T = 1..2, n = 1..2, variational or fixed noise of scale 0.5–1.5. */
    static StochasticModel gram(long seed, int vocab, int length) {
        SplittableRandom rng = new SplittableRandom(seed);
        int heads = 1 + rng.nextInt(2);
        int hidden = heads * 2 * (1 + rng.nextInt(2));
        TrmConfig trm = new TrmConfig(vocab, length, hidden, heads, 2.0, 1 + rng.nextInt(2), 1 + rng.nextInt(2),
                1 + rng.nextInt(2), false, rng.nextBoolean() ? Positions.ROPE : Positions.LEARNED);
        double sigma = rng.nextDouble(0.5, 1.5);
        GramConfig config = rng.nextBoolean() ? GramConfig.of(trm, GramConfig.VARIATIONAL, sigma, 0.1, 1 + rng.nextInt(4))
                : GramConfig.of(trm, GramConfig.FIXED, sigma, 0, 0);
        return config.build(seed);
    }

    /** N samples as N rows of one batch, sample i seeded by (base, i): {@link Width#run}, as eval and the lab run it. */
    public static Family<WidthSampler> parallel() {
        return new Family<>("gram", (seed, vocab, length) -> sampler(gram(seed, vocab, length), false));
    }

    /** Contrast: N samples in parallel, but every sample's seed drawn from (base, N, i) — fresh for every N. */
    public static Family<WidthSampler> reseeded() {
        return new Family<>("gram-reseeded", (seed, vocab, length) -> sampler(gram(seed, vocab, length), true));
    }

    /**
     * Contrast: the same N·S segments of work done one after another — sample i + 1 starts from
     * the carry sample i left, as one trajectory of N·S segments would.
     */
    public static Family<WidthSampler> chained() {
        return new Family<>("gram-chained", (seed, vocab, length) -> {
            StochasticModel model = gram(seed, vocab, length);
            return new WidthSampler() {
                @Override
                public RefinementModel model() {
                    return model;
                }

                @Override
                public Tensor run(Tape tape, int[] puzzle, int n, int segments, long base) {
                    Carry carry = model.initialCarry(1);
                    Tensor[] logits = new Tensor[n];
                    for (int i = 0; i < n; i++) {
                        long[] seeds = {Width.sampleSeed(base, 0, i)};
                        for (int k = 0; k < segments; k++) {
                            long[] now = NoiseSeeds.next(seeds, k);
                            Carry from = carry;
                            SegmentOutput out = tape.noGrad(() -> model.sample(tape, from, puzzle, now));
                            carry = out.carry();
                            logits[i] = out.logits();
                        }
                    }
                    return tape.noGrad(() -> tape.concatRows(logits));
                }
            };
        });
    }

    private static WidthSampler sampler(StochasticModel model, boolean reseed) {
        return new WidthSampler() {
            @Override
            public RefinementModel model() {
                return model;
            }

            @Override
            public Tensor run(Tape tape, int[] puzzle, int n, int segments, long base) {
                int[] inputs = new int[n * puzzle.length];
                long[] seeds = new long[n];
                for (int i = 0; i < n; i++) {
                    System.arraycopy(puzzle, 0, inputs, i * puzzle.length, puzzle.length);
                    seeds[i] = reseed ? NoiseSeeds.derive(NoiseSeeds.derive(base, n), i) : Width.sampleSeed(base, 0, i);
                }
                return Width.run(tape, model, inputs, seeds, segments, (k, out) -> { }).logits();
            }
        };
    }
}
