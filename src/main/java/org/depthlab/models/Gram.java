package org.depthlab.models;

import java.util.List;
import java.util.SplittableRandom;
import org.depthlab.nn.Linear;
import org.depthlab.nn.Module;
import org.depthlab.nn.Stack;
import org.depthlab.tensor.GaussianKl;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;

/**
 * A stochastic recursive model: TRM whose answer state takes a random step after every
 * recursion, as GRAM makes the high-level state of a recursive reasoner stochastic (Baek et al.
 * 2026, "Generative Recursive Reasoning", arXiv 2605.19376; [GRAM], on [TRM]).
 *
 * <p>Symbols as in chapter 14: y the answer state (GRAM's high-level h), z the latent, x the
 * input, n = {@code latentSteps}, T = {@code recursions}. One recursion is TRM's, with the
 * answer update split into a proposal u and a step ε:
 * <pre>
 *   z ← net(z + y + x)      n times
 *   u = net(y + z)
 *   y ← u + ε
 * </pre>
 * and ε is, by the configuration ({@link GramConfig}):
 * <ul>
 *   <li><b>variational</b> — at inference a draw from the learned prior
 *       p(ε | u) = N(μp(u), σp(u)²); in training a draw from the posterior
 *       q(ε | u, e_y) = N(μq, σq²), which also sees the target's embedding e_y. Both are small
 *       MLPs applied at every position. Draws are <em>reparameterised</em>, ε = μ + σ ⊙ ξ with
 *       ξ ~ N(0, I) fixed by the seed, so the gradient reaches μ and σ. The segment's loss is
 *       the negative ELBO, reconstruction + β·Σ KL(q ‖ p) over the segment's steps ({@link GaussianKl}),
 *       back-propagated through the last recursion as the rest of TRM's loss is;</li>
 *   <li><b>fixed</b> — ε = σ·ξ with σ fixed: the naive noise of GRAM's ablation. Nothing else
 *       changes, so this model with ε = 0 <em>is</em> TRM (the same weights from the same seed,
 *       the same bits: {@code GramTest}).</li>
 * </ul>
 * Without seeds ({@link #segment}) every step takes its mean — ε = μp(u), or 0 — the model's one
 * deterministic trajectory. With seeds ({@link #sample}) sequence s draws its ξ from
 * {@code seeds[s]} alone, so N samples of a puzzle run as N rows of one batch and each comes out
 * the same however many run beside it.
 *
 * <p>The random step adds no layer application: the prior, the posterior and the sum work
 * position by position, so a segment lies T·(n + 1)·layers deep, as TRM's.
 */
public final class Gram implements StochasticModel {

    private final GramConfig config;
    private final TokenIo io;
    private final Stack net;
    private final Tensor yInit;
    private final Tensor zInit;
    private final GaussianHead prior;
    private final GaussianHead posterior;

    Gram(GramConfig config, long seed) {
        this.config = config;
        // TRM's weights first, drawn in TRM's order: a fixed-noise Gram has TRM's weights.
        SplittableRandom rng = new SplittableRandom(seed);
        TrmConfig trm = config.trm();
        this.io = new TokenIo(trm, true, rng);
        this.net = trm.mixer()
                ? Stack.mixer("L_level", trm.layers(), trm.hidden(), io.statePositions(), trm.expansion(),
                        trm.ffnMultiple(), rng)
                : new Stack("L_level", trm.layers(), Transformer.blockConfig(trm), rng);
        this.yInit = TokenIo.initialState("H_init", trm.hidden(), rng);
        this.zInit = TokenIo.initialState("L_init", trm.hidden(), rng);
        double logSigma = Math.log(config.noise());
        this.prior = config.variational()
                ? new GaussianHead("prior", config.hidden(), config.latentWidth(), config.hidden(), logSigma, rng) : null;
        this.posterior = config.variational()
                ? new GaussianHead("posterior", 2 * config.hidden(), config.latentWidth(), config.hidden(), logSigma, rng)
                : null;
    }

    /**
     * A trained TRM — or a gram trained with fixed noise — with naive noise of scale σ on its
     * answer state at test time: the same weights (copied by name), ε = σ·ξ. Without seeds it is
     * the trained model exactly.
     *
     * @throws org.depthlab.BadInputException for another kind of model
     */
    public static Gram withNaiveNoise(RefinementModel trained, double sigma) {
        TrmConfig shape;
        if (trained.config() instanceof TrmConfig trm) {
            shape = trm;
        } else if (trained.config() instanceof GramConfig g && !g.variational()) {
            shape = g.trm();
        } else {
            throw new org.depthlab.BadInputException("naive noise is added to a trm model (or a gram trained with fixed"
                    + " noise), not to a " + (trained.config() instanceof GramConfig ? "variational gram"
                    : trained.config().kind()) + " model");
        }
        Gram noisy = GramConfig.of(shape, GramConfig.FIXED, sigma, 0, 0).build(0);
        copy(trained.parameters(), noisy.parameters());
        copy(trained.buffers(), noisy.buffers());
        return noisy;
    }

    private static void copy(List<Tensor> from, List<Tensor> to) {
        for (int i = 0; i < to.size(); i++) {
            if (!from.get(i).name().equals(to.get(i).name())) {
                throw new IllegalStateException("weights differ: " + from.get(i).name() + " vs " + to.get(i).name());
            }
            to.get(i).value().setTo(from.get(i).value());
        }
    }

    @Override
    public GramConfig config() {
        return config;
    }

    @Override
    public int statePositions() {
        return io.statePositions();
    }

    @Override
    public Carry initialCarry(int sequences) {
        int rows = sequences * statePositions();
        return Carry.of("y", TokenIo.broadcast(yInit, rows), "z", TokenIo.broadcast(zInit, rows));
    }

    // ------------------------------------------------------------------ the random step

    /**
     * How this segment's steps ε are taken: at the mean, from the prior, or from the posterior
     * (training). {@code xi} draws ξ row by row from each sequence's own stream; {@code target}
     * is e_y, the embedded target (posterior only); {@code kl} collects β·KL of every step.
     */
    private final class Step {
        private final SplittableRandom[] streams;
        private final Tensor target;
        private Tensor kl;

        Step(long[] seeds, Tensor target) {
            this.streams = seeds == null ? null : new SplittableRandom[seeds.length];
            for (int s = 0; streams != null && s < seeds.length; s++) {
                streams[s] = new SplittableRandom(seeds[s]);
            }
            this.target = target;
        }

        /** y = u + ε. */
        Tensor apply(Tape tape, Tensor u) {
            if (!config.variational()) {
                return streams == null ? u : tape.add(u, Tensor.constant(scaled(xi(u), config.noise())));
            }
            Tensor[] p = prior.forward(tape, u);
            if (streams == null) {
                return tape.add(u, p[0]);
            }
            if (target == null) {
                return tape.add(u, reparameterised(tape, p));
            }
            Tensor[] q = posterior.forward(tape, tape.concat(u, target));
            // Every step's KL enters the loss; only the recorded recursion's carries a gradient.
            Tensor term = tape.scale(GaussianKl.kl(tape, q[0], q[1], p[0], p[1]), config.beta());
            kl = kl == null ? term : tape.add(kl, term);
            return tape.add(u, reparameterised(tape, q));
        }

        /** ε = μ + e^s ⊙ ξ: a draw whose gradient reaches μ and s (the reparameterisation trick). */
        private Tensor reparameterised(Tape tape, Tensor[] meanAndLogSigma) {
            Tensor xi = Tensor.constant(xi(meanAndLogSigma[0]));
            return tape.add(meanAndLogSigma[0], tape.mul(tape.exp(meanAndLogSigma[1]), xi));
        }

        /** ξ ~ N(0, I) of {@code like}'s shape, sequence s's rows from its own stream. */
        private DMatrixRMaj xi(Tensor like) {
            DMatrixRMaj m = new DMatrixRMaj(like.rows(), like.cols());
            int perSequence = statePositions() * like.cols();
            for (int i = 0; i < m.data.length; i++) {
                m.data[i] = streams[i / perSequence].nextGaussian();
            }
            return m;
        }
    }

    private static DMatrixRMaj scaled(DMatrixRMaj m, double c) {
        for (int i = 0; i < m.data.length; i++) {
            m.data[i] *= c;
        }
        return m;
    }

    // ------------------------------------------------------------------ the recursion

    /** One recursion: n latent updates, the proposal u, the step y = u + ε. Returns {y, z}. */
    private Tensor[] recursion(Tape tape, Tensor y, Tensor z, Tensor x, Step step) {
        for (int i = 0; i < config.latentSteps(); i++) {
            z = net.forward(tape, tape.add(z, tape.add(y, x)), statePositions());
        }
        Tensor u = net.forward(tape, tape.add(y, z), statePositions());
        return new Tensor[] {step.apply(tape, u), z};
    }

    /** T recursions, the first T − 1 without gradient, as TRM; then the readout. */
    private SegmentOutput run(Tape tape, Carry carry, int[] inputs, Step step) {
        sequencesIn(inputs);
        Tensor x = io.embed(tape, inputs);
        Tensor[] yz = tape.noGrad(() -> {
            Tensor[] state = {carry.get("y"), carry.get("z")};
            for (int r = 0; r < config.recursions() - 1; r++) {
                state = recursion(tape, state[0], state[1], x, step);
            }
            return state;
        });
        yz = recursion(tape, yz[0], yz[1], x, step);
        Tensor y = yz[0];
        Tensor[] q = io.q(tape, y);
        return new SegmentOutput(Carry.of("y", y, "z", yz[1]).detach(), io.logits(tape, y), q[0], null, step.kl);
    }

    /** The deterministic segment: every step at its mean (ε = μp(u), or 0 for fixed noise). */
    @Override
    public SegmentOutput segment(Tape tape, Carry carry, int[] inputs) {
        return run(tape, carry, inputs, new Step(null, null));
    }

    /** A segment with ε drawn from the prior (or the fixed noise), sequence s from {@code seeds[s]}. */
    @Override
    public SegmentOutput sample(Tape tape, Carry carry, int[] inputs, long[] seeds) {
        requireSeeds(inputs, seeds);
        return run(tape, carry, inputs, new Step(seeds, null));
    }

    /**
     * Training: ε from the posterior, which sees the target, with β·KL(q ‖ p) summed over the
     * segment's steps as the regulariser; for fixed noise, the noise and no regulariser.
     */
    @Override
    public SegmentOutput trainingSegment(Tape tape, Carry carry, int[] inputs, int[] targets, long[] seeds) {
        requireSeeds(inputs, seeds);
        Tensor target = config.variational() ? io.embed(tape, targets) : null;
        return run(tape, carry, inputs, new Step(seeds, target));
    }

    /** Training without seeds given: the noise of sequence s from seed (0, s). */
    @Override
    public SegmentOutput trainingSegment(Tape tape, Carry carry, int[] inputs, int[] targets) {
        return trainingSegment(tape, carry, inputs, targets, NoiseSeeds.rows(0, sequencesIn(inputs)));
    }

    private void requireSeeds(int[] inputs, long[] seeds) {
        int sequences = sequencesIn(inputs);
        if (seeds.length != sequences) {
            throw new IllegalArgumentException(seeds.length + " seeds for " + sequences + " sequences");
        }
    }

    @Override
    public int layerApplicationsPerSegment() {
        return config.recursions() * (config.latentSteps() + 1) * config.layers();
    }

    @Override
    public boolean halts() {
        return true;
    }

    @Override
    public List<Tensor> parameters() {
        return Module.parametersOf(io, net, prior, posterior);
    }

    @Override
    public List<Tensor> buffers() {
        return List.of(yInit, zInit);
    }

    // ------------------------------------------------------------------ prior and posterior

    /**
     * (μ, log σ) of a diagonal Gaussian at every position: Linear → SiLU → Linear, the output
     * split in two. The output layer starts at zero weights with log σ's bias at log σ₀, so
     * before training prior and posterior agree, N(0, σ₀²) everywhere, and the KL is 0.
     */
    private static final class GaussianHead implements Module {
        private final Linear in;
        private final Linear out;
        private final int dim;

        GaussianHead(String name, int inputs, int width, int dim, double logSigma, SplittableRandom rng) {
            this.in = new Linear(name + ".0", inputs, width, true, rng);
            this.out = new Linear(name + ".1", width, 2 * dim, true, rng);
            this.dim = dim;
            out.weight().value().zero();
            double[] bias = out.parameters().get(1).value().data;
            for (int j = dim; j < 2 * dim; j++) {
                bias[j] = logSigma;
            }
        }

        /** {μ, log σ}, each rows × dim. */
        Tensor[] forward(Tape tape, Tensor features) {
            Tensor o = out.forward(tape, tape.silu(in.forward(tape, features)));
            return new Tensor[] {tape.slice(o, 0, dim), tape.slice(o, dim, 2 * dim)};
        }

        @Override
        public List<Tensor> parameters() {
            return Module.parametersOf(in, out);
        }
    }
}
