package org.depthlab.tensor;

import static org.depthlab.tensor.BlockedBackendTest.assertBitForBit;
import static org.depthlab.tensor.BlockedBackendTest.assertEqualsEjmlWithinRounding;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.depthlab.tensor.BlockedBackendTest.Case;
import org.depthlab.tensor.BlockedBackendTest.Form;
import org.depthlab.testing.Props;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * Claims about the optional vector backend: every product is the textbook loop with one fused
 * multiply-add per step, bit for bit; it equals EJML to rounding; and its results do not depend
 * on the number of threads. The build runs tests with the Vector API module (pom.xml), so these
 * run in every {@code mvn verify}.
 */
class VectorBackendTest {

    /** Claim: the test JVM has the module, and the name "vector" gives the vector backend. */
    @Test
    void vectorIsChosenByNameWhenTheModuleIsPresent() {
        assertTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                "tests must run with --add-modules jdk.incubator.vector (surefire's argLine in pom.xml)");
        Backends.Choice choice = Backends.choose("vector");
        assertNull(choice.note());
        assertEquals("vector", choice.backend().name());
    }

    /**
     * Claim: every product, overwriting or accumulating, is bit for bit the loop
     * {@code for p: c = Math.fma(a[i][p], b[p][j], c)} — for sizes 1 and odd, ragged strips and
     * leftover rows.
     */
    @Test
    void everyProductIsTheFusedTextbookLoopBitForBit() {
        Backend vector = new VectorBackend(2);
        Props.qt(60).forAll(integers().between(1, 45), integers().between(1, 45), integers().between(1, 90),
                longs().all()).checkAssert((m, k, n, seed) -> {
                    SplittableRandom rng = new SplittableRandom(seed);
                    for (Form form : Form.values()) {
                        Case c = Case.draw(form, m, k, n, rng);
                        assertBitForBit(c.textbook(true), c.on(vector), c.describe());
                    }
                });
    }

    /** Claim: the same across panel edges and for products split over threads. */
    @Test
    void largeProductsAreTheFusedTextbookLoopBitForBit() {
        Backend vector = new VectorBackend(2);
        Props.qt(6).forAll(integers().between(1, 70), integers().between(200, 530), integers().between(60, 300),
                longs().all()).checkAssert((m, k, n, seed) -> {
                    SplittableRandom rng = new SplittableRandom(seed);
                    for (Form form : Form.values()) {
                        Case c = Case.draw(form, m, k, n, rng);
                        assertBitForBit(c.textbook(true), c.on(vector), c.describe());
                    }
                });
    }

    /** Claim: the vector backend equals EJML within 1e-12 of each entry's scale. */
    @Test
    void vectorEqualsEjmlWithinRounding() {
        Backend vector = new VectorBackend(2);
        Props.qt(60).forAll(integers().between(1, 80), integers().between(1, 300), integers().between(1, 80),
                longs().all()).checkAssert((m, k, n, seed) -> {
                    SplittableRandom rng = new SplittableRandom(seed);
                    for (Form form : Form.values()) {
                        assertEqualsEjmlWithinRounding(Case.draw(form, m, k, n, rng), vector);
                    }
                });
    }

    /** Claim: results are bit-identical on 1, 2 and 3 threads, and from run to run. */
    @Test
    void resultsDoNotDependOnTheThreadCount() {
        Backend one = new VectorBackend(1);
        Backend two = new VectorBackend(2);
        Backend three = new VectorBackend(3);
        Props.qt(12).forAll(integers().between(1, 200), integers().between(40, 200), integers().between(1, 200),
                longs().all()).checkAssert((m, k, n, seed) -> {
                    SplittableRandom rng = new SplittableRandom(seed);
                    for (Form form : Form.values()) {
                        Case c = Case.draw(form, m, k, n, rng);
                        DMatrixRMaj alone = c.on(one);
                        assertBitForBit(alone, c.on(two), c.describe() + " on 2 threads vs 1");
                        assertBitForBit(alone, c.on(three), c.describe() + " on 3 threads vs 1");
                        assertBitForBit(alone, c.on(two), c.describe() + " on 2 threads, second run");
                    }
                });
    }
}
