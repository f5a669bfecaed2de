package org.depthlab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.depthlab.tensor.AttentionMask;
import org.depthlab.tensor.Backend;
import org.depthlab.tensor.Backends;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;
import org.depthlab.testing.Matrices;
import org.depthlab.testing.Props;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * A whole block — products, attention split over sequences, norms — gives the same numbers on
 * every backend: the same bits on any number of threads, and EJML's numbers to rounding.
 */
class BlockBackendTest {

    private static final AttentionMask[] MASKS = {AttentionMask.full(), AttentionMask.causal(),
        AttentionMask.local(2)};

    /** The block's output, the input's gradient and every parameter's gradient, in order. */
    private static List<DMatrixRMaj> run(Backend backend, int hidden, int sequences, AttentionMask mask,
                                         long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int positions = 36;
        BlockConfig config = new BlockConfig(hidden, hidden / 32, 4.0, mask, Rope.DEFAULT_THETA, positions, 1e-5);
        Block block = new Block("b", config, rng);
        Tensor x = Tensor.parameter("x", Matrices.normal(sequences * positions, hidden, rng));
        Tape tape = new Tape(backend, null);
        Tensor y = block.forward(tape, x, positions);
        tape.backward(y, Matrices.normal(sequences * positions, hidden, rng));
        List<DMatrixRMaj> out = new ArrayList<>(List.of(y.value(), x.grad()));
        for (Tensor p : block.parameters()) {
            out.add(p.grad());
        }
        return out;
    }

    /**
     * Claim: forward and backward of a block at the book's sizes are bit-identical on one and
     * on two threads (big enough that products and attention are split between them).
     */
    @Test
    void aBlockIsBitIdenticalOnOneAndTwoThreads() {
        for (String name : List.of("blocked", "vector")) {
            bitIdenticalOnOneAndTwoThreads(name);
        }
    }

    private static void bitIdenticalOnOneAndTwoThreads(String backend) {
        Props.qt(4).forAll(integers().between(0, MASKS.length - 1), integers().between(2, 9), longs().all())
                .checkAssert((mask, sequences, seed) -> {
                    List<DMatrixRMaj> one = run(Backends.choose(backend, 1).backend(), 64, sequences, MASKS[mask], seed);
                    List<DMatrixRMaj> two = run(Backends.choose(backend, 2).backend(), 64, sequences, MASKS[mask], seed);
                    for (int i = 0; i < one.size(); i++) {
                        double[] a = one.get(i).data;
                        double[] b = two.get(i).data;
                        for (int j = 0; j < a.length; j++) {
                            assertEquals(Double.doubleToLongBits(a[j]), Double.doubleToLongBits(b[j]),
                                    "matrix " + i + " (0: output, 1: input gradient, then parameter gradients), entry "
                                            + j + ": " + a[j] + " on one thread, " + b[j] + " on two, backend "
                                            + backend + ", mask " + MASKS[mask]);
                        }
                    }
                });
    }

    /** Claim: the blocked and vector backends reproduce the reference backend's block to 1e-10. */
    @Test
    void aBlockOnTheFastBackendsMatchesEjml() {
        for (String name : List.of("blocked", "vector")) {
            matchesEjml(name);
        }
    }

    private static void matchesEjml(String backend) {
        Props.qt(3).forAll(integers().between(0, MASKS.length - 1), integers().between(1, 4), longs().all())
                .checkAssert((mask, sequences, seed) -> {
                    List<DMatrixRMaj> fast = run(Backends.choose(backend).backend(), 64, sequences, MASKS[mask], seed);
                    List<DMatrixRMaj> reference = run(Backend.ejml(), 64, sequences, MASKS[mask], seed);
                    for (int i = 0; i < fast.size(); i++) {
                        double difference = Matrices.maxRelativeDifference(fast.get(i), reference.get(i));
                        int which = i;
                        assertTrue(difference <= 1e-10, () -> "matrix " + which + " on " + backend
                                + " differs from EJML's by " + difference + ", mask " + MASKS[mask]);
                    }
                });
    }
}
