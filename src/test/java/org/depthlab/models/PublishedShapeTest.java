package org.depthlab.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.depthlab.nn.BlockConfig;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;
import org.depthlab.testing.Matrices;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * The shapes TRM's code builds that depthlab follows: a 16-position puzzle-embedding prefix
 * (one learned vector, 15 zero positions), no position encoding for the MLP variant on Sudoku,
 * and the SwiGLU width rounded up to a multiple of 256 ([TRM] in book/references.md).
 */
class PublishedShapeTest {

    private static final int VOCAB = 6;
    private static final int SEQ = 5;
    private static final int HIDDEN = 8;

    private static TrmConfig trm(Positions positions, int prefix, boolean mixer) {
        return new TrmConfig(VOCAB, SEQ, HIDDEN, 2, 2.0, 1, 2, 2, mixer, positions, 1, prefix);
    }

    /** A TokenIo whose puzzle embedding and Q head are random, not at their zero starts. */
    private static TokenIo io(ModelConfig config, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        TokenIo io = new TokenIo(config, true, rng);
        for (Tensor p : io.parameters()) {
            if (p.name().startsWith("puzzle_emb") || p.name().startsWith("q_head")) {
                p.value().setTo(Matrices.uniform(p.rows(), p.cols(), rng));
            }
        }
        return io;
    }

    private static Tensor named(List<Tensor> params, String name) {
        return params.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    /**
     * Claim: TRM's prefix is 16 positions, x = √h·[puzzle_emb; 0 × 15; E[tokens]]: the learned
     * vector first, then 15 rows of exact zeros, then the puzzle.
     */
    @Test
    void trmsPrefixIsOneLearnedVectorThenFifteenZeros() {
        TrmConfig config = trm(Positions.NONE, TrmConfig.PUZZLE_EMB_LEN, false);
        TokenIo io = io(config, 1);
        assertEquals(SEQ + 16, io.statePositions());
        int[] tokens = new SplittableRandom(2).ints(2 * SEQ, 0, VOCAB).toArray();
        Tensor x = io.embed(new Tape(), tokens);
        assertEquals(2 * (SEQ + 16), x.rows());
        double scale = Math.sqrt(HIDDEN);
        Tensor puzzleEmb = named(io.parameters(), "puzzle_emb.weight");
        Tensor table = named(io.parameters(), "embed_tokens.weight");
        assertEquals(1, puzzleEmb.rows(), "one learned vector, not sixteen");
        for (int s = 0; s < 2; s++) {
            int base = s * (SEQ + 16);
            for (int c = 0; c < HIDDEN; c++) {
                assertEquals(scale * puzzleEmb.get(0, c), x.get(base, c), 0.0);
                for (int p = 1; p < 16; p++) {
                    assertEquals(0.0, x.get(base + p, c), "prefix position " + p + " must be zero");
                }
                for (int p = 0; p < SEQ; p++) {
                    assertEquals(scale * table.get(tokens[s * SEQ + p], c), x.get(base + 16 + p, c), 0.0);
                }
            }
        }
    }

    /**
     * Claim: the answer is read at the puzzle positions only (after all 16 prefix rows) and the
     * halting head at the first prefix position.
     */
    @Test
    void logitsSkipTheWholePrefixAndHaltingReadsItsFirstPosition() {
        TokenIo io = io(trm(Positions.NONE, 16, false), 3);
        int width = SEQ + 16;
        Tensor z = Tensor.constant(Matrices.uniform(2 * width, HIDDEN, new SplittableRandom(4)));
        Tape tape = new Tape();
        Tensor logits = io.logits(tape, z);
        Tensor[] q = io.q(tape, z);
        Tensor lmHead = named(io.parameters(), "lm_head.weight");
        Tensor qWeight = named(io.parameters(), "q_head.weight");
        Tensor qBias = named(io.parameters(), "q_head.bias");
        assertEquals(2 * SEQ, logits.rows());
        for (int s = 0; s < 2; s++) {
            for (int p = 0; p < SEQ; p++) {
                for (int v = 0; v < VOCAB; v++) {
                    assertEquals(dot(lmHead, v, z, s * width + 16 + p), logits.get(s * SEQ + p, v), 1e-12);
                }
            }
            assertEquals(dot(qWeight, 0, z, s * width) + qBias.get(0, 0), q[0].get(s, 0), 1e-12);
            assertEquals(dot(qWeight, 1, z, s * width) + qBias.get(0, 1), q[1].get(s, 0), 1e-12);
        }
    }

    private static double dot(Tensor weight, int row, Tensor z, int zRow) {
        double sum = 0;
        for (int c = 0; c < z.cols(); c++) {
            sum += weight.get(row, c) * z.get(zRow, c);
        }
        return sum;
    }

    /**
     * Claim: the zero positions cost no parameters (with attention and no learned positions a
     * 16-position prefix has exactly the parameters of a 1-position one); learned positions get a
     * row for every position, prefix included; the mixer's token MLP mixes all S + 16 positions.
     */
    @Test
    void theZeroPositionsCostNoParametersButEveryPositionIsAState() {
        for (Positions p : List.of(Positions.NONE, Positions.ROPE)) {
            assertEquals(trm(p, 1, false).build(1).parameterCount(), trm(p, 16, false).build(1).parameterCount());
        }
        RefinementModel learned = trm(Positions.LEARNED, 16, false).build(1);
        assertEquals(SEQ + 16, named(learned.parameters(), "embed_pos.weight").rows());
        RefinementModel mixer = trm(Positions.NONE, 16, true).build(1);
        assertEquals(SEQ + 16, named(mixer.parameters(), "L_level.layers.0.mlp_t.gate_up_proj.weight").cols());
        assertEquals(2 * (SEQ + 16), mixer.initialCarry(2).get("y").rows());
    }

    /**
     * Claim: with no position encoding, an attention model cannot tell cells apart except by
     * their content — permuting the puzzle's tokens permutes its answer the same way. With RoPE
     * or learned positions it does not (the contrast).
     */
    @Test
    void withoutPositionsAnAttentionModelIsPermutationEquivariant() {
        int[] permutation = {3, 0, 4, 1, 2};
        for (Positions p : List.of(Positions.NONE, Positions.ROPE, Positions.LEARNED)) {
            for (ModelConfig config : List.of(trm(p, 16, false),
                    new HrmConfig(VOCAB, SEQ, HIDDEN, 2, 2.0, 1, 1, 2, 2, p, 1))) {
                RefinementModel model = config.build(7);
                int[] tokens = new SplittableRandom(8).ints(SEQ, 0, VOCAB).toArray();
                int[] permuted = new int[SEQ];
                for (int i = 0; i < SEQ; i++) {
                    permuted[i] = tokens[permutation[i]];
                }
                DMatrixRMaj a = answer(model, tokens);
                DMatrixRMaj b = answer(model, permuted);
                double worst = 0;
                for (int i = 0; i < SEQ; i++) {
                    for (int v = 0; v < VOCAB; v++) {
                        worst = Math.max(worst, Math.abs(b.get(i, v) - a.get(permutation[i], v)));
                    }
                }
                String what = config.kind() + " with positions " + p + ": worst difference " + worst;
                assertTrue(p == Positions.NONE ? worst <= 1e-9 : worst > 1e-6, what);
            }
        }
    }

    private static DMatrixRMaj answer(RefinementModel model, int[] tokens) {
        Tape tape = new Tape();
        SegmentOutput out = tape.noGrad(() -> model.segment(tape, model.initialCarry(1), tokens));
        SegmentOutput next = tape.noGrad(() -> model.segment(tape, out.carry(), tokens));
        return next.logits().value();
    }

    /** Claim: {@code --model trm}'s shape, what TRM's code builds: prefix 16, SwiGLU width a multiple of 256. */
    @Test
    void theFullConstructorCarriesThePublishedShape() {
        TrmConfig published = new TrmConfig(VOCAB, SEQ, HIDDEN, 2, 4.0, 2, 3, 6, false, Positions.ROPE,
                BlockConfig.HRM_FFN_MULTIPLE, TrmConfig.PUZZLE_EMB_LEN);
        RefinementModel model = published.build(1);
        assertEquals(SEQ + 16, model.statePositions());
        assertEquals(256, named(model.parameters(), "L_level.layers.0.mlp.down_proj.weight").cols());
        assertEquals(1, trm(Positions.ROPE, 0, false).puzzleEmbLen(), "0 means 1, as in TRM's code");
    }
}
