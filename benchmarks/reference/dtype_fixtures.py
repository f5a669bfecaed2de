#!/usr/bin/env python3
"""Safetensors files of every dtype, for depthlab's reader and `depthlab inspect`.

Writes two files into src/test/resources/safetensors/:

  every_dtype.safetensors  one tensor of each dtype the writer knows (F64 ... BOOL, the 8-bit
                           and 4-bit floats, C64), of assorted shapes ([], [0], [2, 3], ...):
                           what `inspect` must list, dtype, shape and number of values
  numbers.safetensors      one tensor of each dtype depthlab reads as numbers (F64, F32, F16,
                           BF16, the integers, BOOL), holding values at the edges of each type:
                           what SafeTensors.read must return exactly

The files are written by the official `safetensors` package (Hugging Face; its low-level
`serialize_file`, which takes raw bytes of any dtype) when it is importable, and otherwise by a
writer that follows the format's specification with the standard library alone (the same bytes
up to the order of the header's keys). Each file's metadata says which wrote it. The 6-bit
floats, which the official writer does not take, are left to the Java tests' hand-written files.

Only the standard library is needed (plus `safetensors` to use the official writer):

    python3 benchmarks/reference/dtype_fixtures.py
"""

import ctypes
import json
import math
import os
import struct
import sys

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "src", "test", "resources",
                   "safetensors")


def f16(*values):
    return struct.pack(f"<{len(values)}e", *values)


def bf16(*values):
    """The top 16 bits of each float32; every value below is exactly a bfloat16."""
    out = b""
    for v in values:
        (bits,) = struct.unpack("<I", struct.pack("<f", v))
        assert bits & 0xFFFF == 0, f"{v} is not a bfloat16"
        out += struct.pack("<H", bits >> 16)
    return out


# name, safetensors dtype, shape, raw little-endian bytes
NUMBERS = [
    ("f64", "F64", [3], struct.pack("<3d", 1 / 3, -0.0, 1e300)),
    ("f32", "F32", [2, 2], struct.pack("<4f", 0.1, -2.5, 3.4028234663852886e38, 1.401298464324817e-45)),
    ("f16", "F16", [5], f16(1.5, -2.0, 65504.0, 2.0 ** -24, math.inf)),
    ("bf16", "BF16", [2, 2], bf16(1.0, -3.140625, 2.0 ** -133, 3.3895313892515355e38)),
    ("i64", "I64", [3], struct.pack("<3q", -2 ** 53, 2 ** 53, 7)),
    ("u64", "U64", [2], struct.pack("<2Q", 2 ** 53, 0)),
    ("i32", "I32", [2], struct.pack("<2i", -2 ** 31, 2 ** 31 - 1)),
    ("u32", "U32", [1], struct.pack("<I", 2 ** 32 - 1)),
    ("i16", "I16", [2], struct.pack("<2h", -32768, 32767)),
    ("u16", "U16", [1], struct.pack("<H", 65535)),
    ("i8", "I8", [2], struct.pack("<2b", -128, 127)),
    ("u8", "U8", [2], struct.pack("<2B", 0, 255)),
    ("mask", "BOOL", [1, 3], bytes([0, 1, 1])),
    ("scalar", "F64", [], struct.pack("<d", 2.5)),
    ("empty", "F32", [0], b""),
]

# Every dtype of the official writer, with the shape `inspect` must print.
EVERY = [
    ("weights.f64", "F64", [2, 3], bytes(48)),
    ("weights.f32", "F32", [3], bytes(12)),
    ("weights.f16", "F16", [1, 2, 2], bytes(8)),
    ("weights.bf16", "BF16", [4, 1], bytes(8)),
    ("ids.i64", "I64", [2], bytes(16)),
    ("ids.i32", "I32", [], bytes(4)),
    ("ids.i16", "I16", [3], bytes(6)),
    ("ids.i8", "I8", [0], b""),
    ("ids.u64", "U64", [1], bytes(8)),
    ("ids.u32", "U32", [1], bytes(4)),
    ("ids.u16", "U16", [2], bytes(4)),
    ("ids.u8", "U8", [2, 2], bytes(4)),
    ("mask", "BOOL", [5], bytes(5)),
    ("scale.e4m3", "F8_E4M3", [4], bytes(4)),
    ("scale.e5m2", "F8_E5M2", [4], bytes(4)),
    ("scale.e8m0", "F8_E8M0", [2], bytes(2)),
    ("scale.e4m3fnuz", "F8_E4M3FNUZ", [1], bytes(1)),
    ("scale.e5m2fnuz", "F8_E5M2FNUZ", [1], bytes(1)),
    ("packed.f4", "F4", [2, 4], bytes(4)),
    ("phase.c64", "C64", [2], bytes(16)),
]

OFFICIAL_NAMES = {
    "F64": "float64", "F32": "float32", "F16": "float16", "BF16": "bfloat16", "I64": "int64", "I32": "int32",
    "I16": "int16", "I8": "int8", "U64": "uint64", "U32": "uint32", "U16": "uint16", "U8": "uint8",
    "BOOL": "bool", "F8_E4M3": "float8_e4m3fn", "F8_E5M2": "float8_e5m2", "F8_E8M0": "float8_e8m0fnu",
    "F8_E4M3FNUZ": "float8_e4m3fnuz", "F8_E5M2FNUZ": "float8_e5m2fnuz", "F4": "float4_e2m1fn_x2",
    "C64": "complex64",
}


def write_official(path, tensors, metadata):
    """Through safetensors.serialize_file: the official writer lays out header and data itself."""
    import safetensors
    buffers = []
    specs = {}
    for name, dtype, shape, data in tensors:
        buf = ctypes.create_string_buffer(data, max(len(data), 1))
        buffers.append(buf)  # kept alive until the file is written
        if dtype == "F4":
            # The packed type is described by its storage shape (bytes): the writer doubles the last size.
            shape = shape[:-1] + [shape[-1] // 2]
        specs[name] = safetensors.TensorSpec(dtype=OFFICIAL_NAMES[dtype], shape=shape,
                                             data_ptr=ctypes.addressof(buf), data_len=len(data))
    safetensors.serialize_file(specs, path, metadata=metadata)


def write_by_spec(path, tensors, metadata):
    """The format by hand: u64 header length, JSON header padded with spaces to 8 bytes, data."""
    header = {"__metadata__": metadata}
    offset = 0
    for name, dtype, shape, data in tensors:
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(t[3] for t in tensors))


def main():
    os.makedirs(OUT, exist_ok=True)
    try:
        import safetensors
        writer, how = write_official, f"safetensors {safetensors.__version__} (serialize_file)"
    except ImportError:
        writer, how = write_by_spec, "benchmarks/reference/dtype_fixtures.py (the format's specification)"
    for file, tensors in (("every_dtype.safetensors", EVERY), ("numbers.safetensors", NUMBERS)):
        path = os.path.join(OUT, file)
        writer(path, tensors, {"written_by": how})
        print(f"wrote {os.path.relpath(path)} with {how}", file=sys.stderr)


if __name__ == "__main__":
    main()
