package org.depthlab.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.depthlab.testing.Matrices;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** The tape's contract: what it records, what noGrad and detach cut, how depth is counted. */
class TapeTest {

    private final SplittableRandom rng = new SplittableRandom(7);

    private Tensor param(String name, int rows, int cols) {
        return Tensor.parameter(name, Matrices.uniform(rows, cols, rng));
    }

    @Test
    void noGradComputesTheSameValuesButRecordsAndRetainsNothing() {
        Tensor x = param("x", 3, 4);
        Tensor w = param("w", 4, 2);
        Meter meter = new Meter();
        Tape tape = Tape.metered(meter);
        Tensor recorded = tape.matmul(x, w);
        Tensor free = tape.noGrad(() -> tape.matmul(x, w));
        assertArrayEquals(recorded.value().data, free.value().data);
        assertTrue(recorded.requiresGrad());
        assertFalse(free.requiresGrad());
        assertEquals(1, tape.size(), "only the recorded product is on the tape");
        assertEquals(8L * (12 + 8), tape.bytesRetained(), "a matmul keeps both operands");
        assertEquals(2 * 2L * 3 * 4 * 2, meter.flops(), "noGrad work is still counted");
        assertEquals(1, free.depth(), "noGrad work still has depth");
    }

    @Test
    void detachCutsTheGradientPathButKeepsDepth() {
        Tensor x = param("x", 2, 3);
        Tensor w = param("w", 3, 3);
        Tape tape = new Tape();
        Tensor h = tape.matmul(x, w);
        Tensor cut = h.detach();
        Tensor loss = tape.sum(tape.mul(cut, cut));
        tape.backward(loss);
        assertNull(w.grad(), "no gradient may cross a detach");
        assertEquals(h.depth(), cut.depth());
        assertFalse(cut.requiresGrad());
    }

    @Test
    void aParameterUsedTwiceReceivesBothGradients() {
        Tensor x = param("x", 2, 3);
        Tensor w = param("w", 3, 2);
        Tape once = new Tape();
        once.backward(once.sum(once.matmul(x, w)));
        DMatrixRMaj single = w.grad().copy();
        w.zeroGrad();
        x.zeroGrad();
        Tape twice = new Tape();
        twice.backward(twice.sum(twice.add(twice.matmul(x, w), twice.matmul(x, w))));
        for (int i = 0; i < single.data.length; i++) {
            assertEquals(2 * single.data[i], w.grad().data[i], 1e-15);
        }
    }

    @Test
    void depthIsOneMoreThanTheDeepestInput() {
        Tensor a = param("a", 2, 2);
        Tape tape = new Tape();
        Tensor chain = a;
        for (int i = 0; i < 5; i++) {
            chain = tape.exp(tape.scale(chain, 0.1));
        }
        assertEquals(10, chain.depth());
        Tensor shallow = tape.sigmoid(a);
        assertEquals(11, tape.add(chain, shallow).depth(), "a join is as deep as its deepest branch, plus one");
        assertEquals(0, a.depth());
    }

    @Test
    void countLayerRaisesLayerDepthAlongTheLongestPath() {
        Tensor a = param("a", 1, 2);
        Tape tape = new Tape();
        Tensor one = tape.countLayer(tape.exp(a));
        Tensor two = tape.countLayer(tape.exp(one));
        Tensor side = tape.countLayer(tape.exp(a));
        assertEquals(2, two.layerDepth());
        assertEquals(2, tape.add(two, side).layerDepth());
        assertEquals(3, tape.countLayer(tape.add(two, side)).layerDepth());
    }

    @Test
    void aTapeRunsBackwardOnceAndThenRecordsNoMore() {
        Tensor a = param("a", 2, 2);
        Tape tape = new Tape();
        Tensor loss = tape.sum(a);
        tape.backward(loss);
        assertThrows(IllegalStateException.class, () -> tape.backward(loss));
        assertThrows(IllegalStateException.class, () -> tape.exp(a));
    }

    @Test
    void backwardFromANonScalarNeedsASeed() {
        Tensor a = param("a", 2, 2);
        Tape tape = new Tape();
        Tensor y = tape.exp(a);
        assertThrows(IllegalArgumentException.class, () -> tape.backward(y));
    }

    @Test
    void constantsGetNoGradient() {
        Tensor c = Tensor.constant(Matrices.uniform(2, 2, rng));
        Tensor w = param("w", 2, 2);
        Tape tape = new Tape();
        tape.backward(tape.sum(tape.matmul(c, w)));
        assertNull(c.grad());
        assertTrue(w.grad() != null);
    }

    @Test
    void shapeMistakesAreReportedWithBothShapes() {
        Tape tape = new Tape();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> tape.matmul(param("a", 2, 3), param("b", 2, 3)));
        assertTrue(e.getMessage().contains("2x3 · 2x3"), e.getMessage());
    }
}
