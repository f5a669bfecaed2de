package org.depthlab.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;

import java.math.BigDecimal;
import java.util.function.DoubleFunction;
import java.util.function.Function;
import org.depthlab.testing.Props;
import org.junit.jupiter.api.Test;

/**
 * F16 and BF16 against float64: every one of the 65,536 bit patterns widens to a float64 that
 * narrows back to the same bits (NaNs to a NaN), and narrowing any float64 gives the nearest
 * value of the format, ties to even — checked against the two neighbours in exact decimal
 * arithmetic, so the check does not share the conversion's own reasoning.
 */
class HalfFloatsTest {

    @Test
    void everyF16WidensExactlyAndNarrowsBackToItself() {
        everyPatternRoundTrips(HalfFloats::f16ToDouble, HalfFloats::doubleToF16);
    }

    @Test
    void everyBf16WidensExactlyAndNarrowsBackToItself() {
        everyPatternRoundTrips(HalfFloats::bf16ToDouble, HalfFloats::doubleToBf16);
    }

    private static void everyPatternRoundTrips(Function<Short, Double> widen, DoubleFunction<Short> narrow) {
        for (int bits = 0; bits < 1 << 16; bits++) {
            double x = widen.apply((short) bits);
            short back = narrow.apply(x);
            if (Double.isNaN(x)) {
                assertTrue(Double.isNaN(widen.apply(back)), "NaN stays NaN: " + Integer.toHexString(bits));
            } else {
                assertEquals(bits, back & 0xffff, "0x" + Integer.toHexString(bits) + " = " + x);
            }
        }
    }

    @Test
    void knownValues() {
        assertEquals(65504.0, HalfFloats.f16ToDouble((short) 0x7bff), 0.0, "largest F16");
        assertEquals(0x1p-24, HalfFloats.f16ToDouble((short) 0x0001), 0.0, "smallest F16 subnormal");
        assertEquals(-2.0, HalfFloats.f16ToDouble((short) 0xc000), 0.0);
        assertEquals(1.0, HalfFloats.bf16ToDouble((short) 0x3f80), 0.0);
        assertEquals(0x1p-133, HalfFloats.bf16ToDouble((short) 0x0001), 0.0, "smallest BF16 subnormal");
        assertEquals((short) 0x7c00, HalfFloats.doubleToF16(65520.0), "half an ulp past the largest F16 is infinite");
        assertEquals((short) 0x7bff, HalfFloats.doubleToF16(65519.99), "just below stays finite");
        assertEquals((short) 0x8000, HalfFloats.doubleToF16(-0x1p-26), "below half the smallest subnormal: -0");
        assertEquals((short) 0x0001, HalfFloats.doubleToF16(0x1.0000001p-25), "just above half rounds up");
    }

    /**
     * 1 + 2⁻⁸ + 2⁻³⁰ lies just above the midpoint of the BF16 neighbours 1 and 1 + 2⁻⁷, so it
     * rounds up. Going through float32 first lands exactly on the midpoint, which then rounds
     * to the even neighbour 1: the double rounding this class avoids.
     */
    @Test
    void narrowingRoundsOnceNotThroughFloat32() {
        double x = 1 + 0x1p-8 + 0x1p-30;
        assertEquals(1 + 0x1p-7, HalfFloats.bf16ToDouble(HalfFloats.doubleToBf16(x)), 0.0);
        assertEquals(1.0, HalfFloats.bf16ToDouble(HalfFloats.doubleToBf16((float) x)), 0.0,
                "the float32 detour would give 1");
    }

    /** Every midpoint between two neighbouring values (exact in float64) goes to the even one. */
    @Test
    void everyMidpointRoundsToTheEvenNeighbour() {
        midpointsGoToEven(HalfFloats::f16ToDouble, HalfFloats::doubleToF16, "F16");
        midpointsGoToEven(HalfFloats::bf16ToDouble, HalfFloats::doubleToBf16, "BF16");
    }

    private static void midpointsGoToEven(Function<Short, Double> widen, DoubleFunction<Short> narrow, String format) {
        for (int bits = 0; bits < 0xffff; bits++) {
            double a = widen.apply((short) bits);
            double b = widen.apply((short) (bits + 1));
            if (bits == 0x7fff || Double.isNaN(a) || Double.isNaN(b) || Double.isInfinite(a) || Double.isInfinite(b)) {
                continue;
            }
            int even = (bits & 1) == 0 ? bits : bits + 1;
            assertEquals(even, narrow.apply((a + b) / 2) & 0xffff, format + " midpoint of " + a + " and " + b);
        }
    }

    /** Any float64 narrows to a value no farther from it than either neighbour; on a tie, the even one. */
    @Test
    void narrowingGivesTheNearestValueTiesToEven() {
        Props.qt(3000)
                .forAll(doubles().any(), integers().between(-40, 20))
                .checkAssert((raw, scale) -> {
                    // Spread the draws over the formats' ranges, subnormals and overflow included.
                    double x = Math.scalb(raw == 0 || Double.isNaN(raw) || Double.isInfinite(raw) ? raw
                            : raw / Math.scalb(1.0, Math.getExponent(raw)), scale * 4);
                    nearest(x, HalfFloats::doubleToF16, HalfFloats::f16ToDouble, "F16");
                    nearest(x, HalfFloats::doubleToBf16, HalfFloats::bf16ToDouble, "BF16");
                });
    }

    private static void nearest(double x, DoubleFunction<Short> narrow, Function<Short, Double> widen, String format) {
        if (Double.isNaN(x)) {
            assertTrue(Double.isNaN(widen.apply(narrow.apply(x))));
            return;
        }
        short r = narrow.apply(x);
        double y = widen.apply(r);
        if (Double.isInfinite(y)) {
            // Overflow: x is at least the largest finite value plus half its ulp.
            short largest = (short) ((r & 0x8000) | ((r & 0x7fff) - 1));
            double max = widen.apply(largest);
            short below = (short) ((r & 0x8000) | ((r & 0x7fff) - 2));
            double halfUlp = (max - widen.apply(below)) / 2;
            assertTrue(Double.isInfinite(x) || Math.abs(x) >= Math.abs(max) + halfUlp,
                    format + ": " + x + " overflowed below the threshold");
            return;
        }
        BigDecimal exact = new BigDecimal(x);
        BigDecimal distance = exact.subtract(new BigDecimal(y)).abs();
        for (int step : new int[] {-1, 1}) {
            int neighbourBits = (r & 0xffff) + step;
            if (neighbourBits < 0 || neighbourBits > 0xffff) {
                continue;
            }
            double n = widen.apply((short) neighbourBits);
            if (Double.isNaN(n) || Double.isInfinite(n)) {
                continue;
            }
            int c = distance.compareTo(exact.subtract(new BigDecimal(n)).abs());
            assertTrue(c < 0 || (c == 0 && (r & 1) == 0),
                    format + ": " + x + " became " + y + " but " + n + " is at least as near");
        }
    }
}
