package org.depthlab.io;

/**
 * Every element type the safetensors format defines, in the order of the reference
 * implementation's {@code Dtype} enum (Hugging Face, safetensors 0.8, {@code safetensors/src/tensor.rs}),
 * with its size in bits. All are little-endian on disk.
 *
 * <p>What depthlab does with each:
 * <ul>
 *   <li>{@link Kind#FLOAT} — {@code F64}, {@code F32}, {@code F16}, {@code BF16}: read as weights.
 *       Every value of the three smaller types is exactly a float64, so loading widens them
 *       without rounding; writing rounds each value to the nearest of the type (ties to even).
 *       PyTorch checkpoints are usually F32 or BF16.</li>
 *   <li>{@link Kind#INTEGER} and {@link Kind#BOOL} — {@code I8} … {@code I64}, {@code U8} …
 *       {@code U64}, {@code BOOL}: read as numbers (token ids, step counters, masks), exactly:
 *       a 64-bit value beyond ±2⁵³, which no float64 holds, is refused rather than rounded. They
 *       are never weights: a model refuses to load one, since silently turning integer ids into
 *       weights would hide a mistake.</li>
 *   <li>{@link Kind#OTHER} — 8-, 6- and 4-bit floats and {@code C64} complex numbers: listed by
 *       {@code depthlab inspect} (name, shape, number of values), not read. The 6- and 4-bit
 *       types are packed, several values to a byte.</li>
 * </ul>
 */
public enum DType {
    BOOL(8, Kind.BOOL),
    /** 4-bit float (E2M1), two to a byte. */
    F4(4, Kind.OTHER),
    /** 6-bit float, packed. */
    F6_E2M3(6, Kind.OTHER),
    /** 6-bit float, packed. */
    F6_E3M2(6, Kind.OTHER),
    U8(8, Kind.INTEGER),
    I8(8, Kind.INTEGER),
    F8_E5M2(8, Kind.OTHER),
    F8_E4M3(8, Kind.OTHER),
    /** 8-bit exponent-only scale. */
    F8_E8M0(8, Kind.OTHER),
    /** 8-bit float, no infinities and no negative zero (AMD's "fnuz"). */
    F8_E4M3FNUZ(8, Kind.OTHER),
    /** 8-bit float, no infinities and no negative zero (AMD's "fnuz"). */
    F8_E5M2FNUZ(8, Kind.OTHER),
    I16(16, Kind.INTEGER),
    U16(16, Kind.INTEGER),
    /** IEEE 754 binary16: 1 sign, 5 exponent, 10 fraction bits. */
    F16(16, Kind.FLOAT),
    /** bfloat16: the top half of a binary32 — 1 sign, 8 exponent, 7 fraction bits. */
    BF16(16, Kind.FLOAT),
    I32(32, Kind.INTEGER),
    U32(32, Kind.INTEGER),
    /** IEEE 754 binary32. */
    F32(32, Kind.FLOAT),
    /** Two binary32 values, real and imaginary. */
    C64(64, Kind.OTHER),
    /** IEEE 754 binary64, depthlab's own type. */
    F64(64, Kind.FLOAT),
    I64(64, Kind.INTEGER),
    U64(64, Kind.INTEGER);

    /** What depthlab can do with the values of a type. */
    public enum Kind {
        /** Floating-point numbers, read and written as weights. */
        FLOAT,
        /** Signed or unsigned integers, read as numbers, never loaded as weights. */
        INTEGER,
        /** One byte per value, 0 or 1. */
        BOOL,
        /** Listed only. */
        OTHER
    }

    private final int bits;
    private final Kind kind;

    DType(int bits, Kind kind) {
        this.bits = bits;
        this.kind = kind;
    }

    /** Bits per element on disk (4 and 6 for the packed types). */
    public int bits() {
        return bits;
    }

    /** Bytes per element on disk, for the types that fill whole bytes. */
    public int bytes() {
        if (bits % 8 != 0) {
            throw new IllegalStateException(this + " packs several values into a byte");
        }
        return bits / 8;
    }

    public Kind kind() {
        return kind;
    }

    /** Whether the values can be read as float64 numbers (floats, integers, booleans). */
    public boolean readable() {
        return kind != Kind.OTHER;
    }

    /** Whether a model can load the values as weights: F64, F32, F16 or BF16. */
    public boolean isFloat() {
        return kind == Kind.FLOAT;
    }

    /** Whether the type is an unsigned integer. */
    boolean unsigned() {
        return this == U8 || this == U16 || this == U32 || this == U64;
    }

    /** The dtype of a safetensors name, or null if the format has no such type. */
    static DType named(String name) {
        for (DType d : values()) {
            if (d.name().equals(name)) {
                return d;
            }
        }
        return null;
    }
}
