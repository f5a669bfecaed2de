package org.depthlab.io;

/**
 * The two 16-bit float formats PyTorch checkpoints use, to and from float64.
 * <ul>
 *   <li><b>F16</b>, IEEE 754 binary16: sign, 5 exponent bits (bias 15), 10 fraction bits;
 *       normal numbers from 2⁻¹⁴ to 65504, subnormals down to 2⁻²⁴.</li>
 *   <li><b>BF16</b>, bfloat16 (Google Brain; the format of HRM's and TRM's forward pass): the
 *       top 16 bits of a binary32 — sign, 8 exponent bits (bias 127), 7 fraction bits — so it
 *       has float32's range with 8 significant bits.</li>
 * </ul>
 * Widening to float64 is exact for both. Narrowing rounds to the nearest value of the format,
 * ties to the even one, in one step from the float64: rounding first to float32 and then to
 * bfloat16 would round twice and can land on the wrong side of a tie (1 + 2⁻⁸ + 2⁻³⁰ is
 * nearer 1 + 2⁻⁷ than 1, but float32 rounds it to the tie 1 + 2⁻⁸, which then goes to the even
 * 1). Values beyond the largest finite one round to infinity, as IEEE 754 rounding does; NaN
 * stays NaN.
 */
public final class HalfFloats {

    private HalfFloats() {
    }

    /** The F16 value of the 16 bits {@code h}, exactly. */
    public static double f16ToDouble(short h) {
        int bits = h & 0xffff;
        int sign = bits >>> 15;
        int exponent = (bits >>> 10) & 0x1f;
        int fraction = bits & 0x3ff;
        double magnitude;
        if (exponent == 0x1f) {
            magnitude = fraction == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
        } else if (exponent == 0) {
            magnitude = fraction * 0x1p-24; // subnormal: fraction · 2⁻¹⁰ · 2⁻¹⁴
        } else {
            magnitude = (1024 + fraction) * Math.scalb(1.0, exponent - 15 - 10);
        }
        return sign == 1 ? -magnitude : magnitude;
    }

    /** The BF16 value of the 16 bits {@code b}, exactly: they are the top half of a float32. */
    public static double bf16ToDouble(short b) {
        return Float.intBitsToFloat((b & 0xffff) << 16);
    }

    /** {@code x} rounded to the nearest F16, ties to even. */
    public static short doubleToF16(double x) {
        return round(x, 11, -14, 15, 0x7e00);
    }

    /** {@code x} rounded to the nearest BF16, ties to even. */
    public static short doubleToBf16(double x) {
        return round(x, 8, -126, 127, 0x7fc0);
    }

    /**
     * Rounds a float64 to a binary format with {@code p} significant bits (the leading one
     * included), exponents {@code emin}..{@code emax} for normal numbers and subnormals below,
     * and returns its bits: sign, biased exponent, fraction.
     */
    private static short round(double x, int p, int emin, int emax, int quietNaN) {
        long bits = Double.doubleToRawLongBits(x);
        int sign = (int) (bits >>> 63) << 15;
        int exponentBits = 16 - p;
        int bias = emax;
        int infinity = ((1 << exponentBits) - 1) << (p - 1);
        if (Double.isNaN(x)) {
            return (short) (sign | quietNaN);
        }
        if (Double.isInfinite(x)) {
            return (short) (sign | infinity);
        }
        int biased = (int) ((bits >>> 52) & 0x7ff);
        if (biased == 0) {
            return (short) sign; // a float64 subnormal is far below half the smallest subnormal here
        }
        long significand = (1L << 52) | (bits & ((1L << 52) - 1)); // 53 bits: x = significand · 2^(e − 52)
        int e = biased - 1023;
        // The target's unit in the last place is 2^q: fixed below emin, where numbers are subnormal.
        int q = Math.max(e, emin) - (p - 1);
        int shift = q - (e - 52); // low bits of the significand that do not fit
        if (shift >= 54) {
            return (short) sign; // below half the smallest subnormal: rounds to zero
        }
        long kept = significand >>> shift;
        long dropped = significand & ((1L << shift) - 1);
        long half = 1L << (shift - 1);
        if (dropped > half || (dropped == half && (kept & 1) == 1)) {
            kept++;
        }
        if (kept == 1L << p) { // rounding carried into a new power of two
            kept >>>= 1;
            q++;
        }
        if (kept == 0) {
            return (short) sign;
        }
        boolean normal = kept >= 1L << (p - 1);
        int exponent = normal ? q + (p - 1) : emin - 1; // emin − 1 encodes as biased 0
        if (exponent > emax) {
            return (short) (sign | infinity);
        }
        int fraction = (int) (normal ? kept - (1L << (p - 1)) : kept);
        return (short) (sign | ((exponent + bias) << (p - 1)) | fraction);
    }
}
