package org.depthlab.io;

import java.util.List;

/**
 * The element types depthlab reads and writes in a safetensors file: {@code F64} (IEEE 754
 * binary64, depthlab's own type) and {@code F32} (binary32, what most PyTorch checkpoints
 * hold). Both are little-endian on disk.
 *
 * <p>The safetensors format names more types than these (half precision, bfloat16, 8-bit
 * floats, integers, booleans, complex). depthlab recognises them by name, so that a file
 * holding them is rejected with "not supported" rather than called corrupt, but does not
 * read them: every depthlab number is a float64, and silently converting, say, integer token
 * ids into weights would hide a mistake. The list follows the {@code Dtype} enum of the
 * reference implementation (Hugging Face, safetensors, {@code safetensors/src/tensor.rs}).
 */
public enum DType {
    /** 64-bit IEEE 754 float, 8 bytes. */
    F64(8),
    /** 32-bit IEEE 754 float, 4 bytes; widened exactly to double on load, rounded on save. */
    F32(4);

    /** Every dtype name the safetensors format defines, supported or not. */
    static final List<String> SAFETENSORS_NAMES = List.of(
            "BOOL", "F4", "F6_E2M3", "F6_E3M2", "U8", "I8", "F8_E5M2", "F8_E4M3", "F8_E8M0",
            "I16", "U16", "F16", "BF16", "I32", "U32", "F32", "C64", "F64", "I64", "U64");

    private final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    /** Bytes per element on disk. */
    public int bytes() {
        return bytes;
    }
}
