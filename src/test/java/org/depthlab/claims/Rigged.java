package org.depthlab.claims;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import org.depthlab.models.Carry;
import org.depthlab.models.ModelConfig;
import org.depthlab.models.RefinementModel;
import org.depthlab.models.SegmentOutput;
import org.depthlab.nn.Block;
import org.depthlab.nn.BlockConfig;
import org.depthlab.nn.Embedding;
import org.depthlab.nn.Linear;
import org.depthlab.nn.Module;
import org.depthlab.nn.MultiHeadAttention;
import org.depthlab.nn.RmsNorm;
import org.depthlab.nn.Rope;
import org.depthlab.nn.SwiGlu;
import org.depthlab.tensor.AttentionMask;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;

/**
 * Models written to fool the claims, and their honest twins — built only from the public
 * parts a reader has (embedding, attention, SwiGLU, RMSNorm, Block), the way an engineer
 * outside the project would write them. Each adversary hides one violation of one claim in one
 * of the ways issue 19 lists: a layer that does not announce itself, a value that leaves the
 * computation and comes back, a violation that starts beyond small sizes, a check that tests
 * nothing, a trigger keyed to one rare token.
 */
final class Rigged {

    static final int HIDDEN = 8;
    static final int HEADS = 2;

    private Rigged() {
    }

    /** A post-norm layer made of the parts, not a {@link Block}: x ← rms(x + attn(x)); x ← rms(x + mlp(x)). */
    static final class PartsLayer implements Module {
        private final MultiHeadAttention attention;
        private final SwiGlu mlp;
        private final RmsNorm norm = new RmsNorm(RmsNorm.DEFAULT_EPS);

        PartsLayer(String name, AttentionMask mask, int maxPositions, SplittableRandom rng) {
            this.attention = new MultiHeadAttention(name + ".attn", HIDDEN, HEADS, mask,
                    new Rope(HIDDEN / HEADS, maxPositions, Rope.DEFAULT_THETA), rng);
            this.mlp = new SwiGlu(name + ".mlp", HIDDEN, 2.0, rng);
        }

        Tensor forward(Tape tape, Tensor x, int seqLen) {
            Tensor h = norm.forward(tape, tape.add(x, attention.forward(tape, x, seqLen)));
            return norm.forward(tape, tape.add(h, mlp.forward(tape, h)));
        }

        @Override
        public List<Tensor> parameters() {
            return Module.parametersOf(attention, mlp);
        }
    }

    static Block block(String name, AttentionMask mask, int maxPositions, SplittableRandom rng) {
        return new Block(name, new BlockConfig(HIDDEN, HEADS, 2.0, mask, Rope.DEFAULT_THETA, maxPositions,
                RmsNorm.DEFAULT_EPS), rng);
    }

    // ------------------------------------------------------------------ refinement models

    /** How a {@link Refiner} may leave the computation and come back between its loops and its last block. */
    enum Reentry {
        /** It does not. */
        NONE,
        /** {@code Tensor.constant(z.value())}: the same matrix, a new leaf. */
        SAME_MATRIX,
        /** {@code Tensor.constant(z.value().copy())}: a bit-for-bit copy. */
        COPY,
        /** A copy with every entry moved by one ulp: numbers the computation never produced. */
        PERTURBED
    }

    /**
     * A looped refiner, z ← Block(z + x) K times then, if {@code reentry} is set, z re-enters and
     * one more block runs; extra layers made of the parts — {@code extraParts} always, one per
     * {@code growEvery} positions, one when the first token is {@code depthToken} — and its own
     * declared depth. With {@code oneStep} all but its last loop (and every {@code checkpointEvery}-th)
     * run without gradient.
     */
    record Refiner(int vocab, int length, long seed, int loops, int extraParts, int growEvery, int depthToken,
                   Reentry reentry, boolean oneStep, int checkpointEvery, int declared, int shifts, boolean stateless) {

        static Refiner honest(int vocab, int length, long seed, int loops) {
            return new Refiner(vocab, length, seed, loops, 0, 0, -1, Reentry.NONE, false, 0, loops, 0, false);
        }

        /** Adds {@code n} layers that mix positions without attention: z ← z + z shifted by one row (a gather). */
        Refiner shifting(int n) {
            return new Refiner(vocab, length, seed, loops, extraParts, growEvery, depthToken, reentry, oneStep,
                    checkpointEvery, declared, n, stateless);
        }

        /** Carries nothing from segment to segment: every segment starts from the same constant. */
        Refiner carryingNothing() {
            return new Refiner(vocab, length, seed, loops, extraParts, growEvery, depthToken, reentry, oneStep,
                    checkpointEvery, declared, shifts, true);
        }

        Refiner withExtraParts(int n) {
            return new Refiner(vocab, length, seed, loops, n, growEvery, depthToken, reentry, oneStep, checkpointEvery,
                    declared, shifts, stateless);
        }

        Refiner growingEvery(int positions) {
            return new Refiner(vocab, length, seed, loops, extraParts, positions, depthToken, reentry, oneStep,
                    checkpointEvery, declared, shifts, stateless);
        }

        Refiner deeperOn(int token) {
            return new Refiner(vocab, length, seed, loops, extraParts, growEvery, token, reentry, oneStep,
                    checkpointEvery, declared, shifts, stateless);
        }

        Refiner reentering(Reentry how) {
            return new Refiner(vocab, length, seed, loops, extraParts, growEvery, depthToken, how, oneStep,
                    checkpointEvery, declared, shifts, stateless);
        }

        Refiner oneStep(int checkpointEveryOrZero) {
            return new Refiner(vocab, length, seed, loops, extraParts, growEvery, depthToken, reentry, true,
                    checkpointEveryOrZero, declared, shifts, stateless);
        }

        Refiner declaring(int layers) {
            return new Refiner(vocab, length, seed, loops, extraParts, growEvery, depthToken, reentry, oneStep,
                    checkpointEvery, layers, shifts, stateless);
        }

        RefinementModel build() {
            return new RefinerModel(this);
        }
    }

    private static final class RefinerModel implements RefinementModel {
        private final Refiner r;
        private final Embedding embed;
        private final Block block;
        private final PartsLayer parts;
        private final Linear head;

        RefinerModel(Refiner r) {
            this.r = r;
            SplittableRandom rng = new SplittableRandom(r.seed());
            this.embed = new Embedding("embed", r.vocab(), HIDDEN, 1 / Math.sqrt(HIDDEN), rng);
            this.block = block("block", AttentionMask.full(), r.length(), rng);
            this.parts = new PartsLayer("parts", AttentionMask.full(), r.length(), rng);
            this.head = new Linear("head", HIDDEN, r.vocab(), false, rng);
        }

        @Override
        public SegmentOutput segment(Tape tape, Carry carry, int[] inputs) {
            int n = r.length();
            Tensor x = tape.scale(embed.forward(tape, inputs), Math.sqrt(HIDDEN));
            Tensor z = r.stateless() ? initialState(inputs.length / n) : carry.get("z");
            for (int k = 1; k <= r.loops(); k++) {
                Tensor from = z;
                boolean hidden = r.oneStep() && k < r.loops() && !(r.checkpointEvery() > 0 && k % r.checkpointEvery() == 0);
                z = hidden ? tape.noGrad(() -> block.forward(tape, tape.add(from, x), n))
                        : block.forward(tape, tape.add(from, x), n);
            }
            int extra = r.extraParts() + (r.growEvery() > 0 ? n / r.growEvery() : 0)
                    + (inputs[0] == r.depthToken() ? 1 : 0);
            for (int e = 0; e < extra; e++) {
                z = parts.forward(tape, z, n);
            }
            for (int e = 0; e < r.shifts(); e++) {
                int[] left = new int[inputs.length];
                for (int i = 0; i < left.length; i++) {
                    left[i] = i % n == 0 ? i : i - 1;
                }
                z = tape.add(z, tape.gather(z, left));
            }
            if (r.reentry() != Reentry.NONE) {
                z = switch (r.reentry()) {
                    case SAME_MATRIX -> Tensor.constant(z.value());
                    case COPY -> Tensor.constant(z.value().copy());
                    default -> {
                        DMatrixRMaj moved = z.value().copy();
                        for (int i = 0; i < moved.data.length; i++) {
                            moved.data[i] = Math.nextUp(moved.data[i]);
                        }
                        yield Tensor.constant(moved);
                    }
                };
                z = block.forward(tape, tape.add(z, x), n);
            }
            Carry next = r.stateless() ? new Carry(java.util.Map.of()) : Carry.of("z", z).detach();
            return new SegmentOutput(next, head.forward(tape, z), null, null);
        }

        @Override
        public Carry initialCarry(int sequences) {
            return r.stateless() ? new Carry(java.util.Map.of()) : Carry.of("z", initialState(sequences));
        }

        private Tensor initialState(int sequences) {
            DMatrixRMaj z0 = new DMatrixRMaj(sequences * r.length(), HIDDEN);
            z0.fill(0.5);
            return Tensor.constant(z0);
        }

        @Override
        public ModelConfig config() {
            throw new UnsupportedOperationException("a rigged model has no checkpoint format");
        }

        @Override
        public int vocab() {
            return r.vocab();
        }

        @Override
        public int seqLen() {
            return r.length();
        }

        @Override
        public int layerApplicationsPerSegment() {
            return r.declared();
        }

        @Override
        public List<Tensor> parameters() {
            return Module.parametersOf(embed, block, parts, head);
        }
    }

    // ------------------------------------------------------------------ sequence maps

    /** What a {@link Map} adds to its honest outputs: a hidden term computed from the tokens, or nothing. */
    @FunctionalInterface
    interface Extra {
        /** A (length × HIDDEN) matrix added to the outputs, or null for none. */
        DMatrixRMaj of(int[] tokens, int vocab);
    }

    /**
     * x = √h·E[tokens], then {@code layers} layers of the given mask (Blocks, or layers made of the
     * parts), then a hidden {@link Extra} added to the outputs; its declared radius.
     */
    static final class Map implements SequenceMap {
        private final int vocab;
        private final int length;
        private final int radius;
        private final Embedding embed;
        private final List<Object> layers = new ArrayList<>();
        private final Extra extra;
        private final boolean blind;

        Map(int vocab, int length, int radius, long seed, List<AttentionMask> masks, boolean fromParts, Extra extra,
            boolean blind) {
            this.vocab = vocab;
            this.length = length;
            this.radius = radius;
            SplittableRandom rng = new SplittableRandom(seed);
            this.embed = new Embedding("embed", vocab, HIDDEN, 1 / Math.sqrt(HIDDEN), rng);
            for (int i = 0; i < masks.size(); i++) {
                layers.add(fromParts ? new PartsLayer("layer" + i, masks.get(i), length, rng)
                        : block("layer" + i, masks.get(i), length, rng));
            }
            this.extra = extra;
            this.blind = blind;
        }

        @Override
        public int vocab() {
            return vocab;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public int radius() {
            return radius;
        }

        @Override
        public Tensor apply(Tape tape, int[] tokens) {
            Tensor z = tape.scale(embed.forward(tape, blind ? new int[tokens.length] : tokens), Math.sqrt(HIDDEN));
            for (Object layer : layers) {
                z = layer instanceof Block b ? b.forward(tape, z, length) : ((PartsLayer) layer).forward(tape, z, length);
            }
            DMatrixRMaj added = extra == null ? null : extra.of(tokens, vocab);
            return added == null ? z : tape.add(z, Tensor.constant(added));
        }
    }

    /** A family of maps drawn at the claim's length (the vocabulary fixed if {@code vocab} > 0). */
    static Family<SequenceMap> maps(String name, int vocab, BiFunction<Long, int[], SequenceMap> make) {
        return new Family<>(name, (seed, v, length) -> make.apply(seed, new int[] {vocab > 0 ? vocab : v, length}));
    }

    /**
     * A fixed sinusoidal table, made afresh on every call — a constant built from the structure,
     * as honest models make them (masks, positions), which must not pass for a re-entered value.
     */
    static DMatrixRMaj positionsTable(int[] tokens, int vocab) {
        DMatrixRMaj m = new DMatrixRMaj(tokens.length, HIDDEN);
        for (int p = 0; p < tokens.length; p++) {
            for (int j = 0; j < HIDDEN; j++) {
                m.set(p, j, Math.sin((p + 1) * (j + 1) * 0.1));
            }
        }
        return m;
    }

    /** A term added to output row {@code row} (of a length × HIDDEN matrix), scaled by c. */
    static DMatrixRMaj bump(int length, int row, double c) {
        DMatrixRMaj m = new DMatrixRMaj(length, HIDDEN);
        for (int j = 0; j < HIDDEN; j++) {
            m.set(row, j, c * (1 + j));
        }
        return m;
    }
}
