#!/usr/bin/env python3
"""A minimal float64 safetensors writer and reader, with nothing but torch and the standard library.

The format (huggingface/safetensors, docs "Format"): 8 bytes, the little-endian unsigned length
N of a JSON header; N bytes of UTF-8 JSON mapping each tensor name to
{"dtype", "shape", "data_offsets": [begin, end]} (offsets into the data that follows) plus an
optional "__metadata__" of string to string; then the raw little-endian data. The header is
padded with spaces so that the data starts on an 8-byte boundary.

Written by hand so that the parity fixtures depend on no package beyond torch, and so that the
bytes are fully determined by the tensors: names in the order given, compact JSON, no
timestamps.
"""

import json
import os
import struct
import sys

import torch


def _f64_bytes(tensor):
    flat = tensor.detach().to(torch.float64).contiguous().reshape(-1).tolist()
    return struct.pack(f"<{len(flat)}d", *flat)


def encode(tensors, metadata):
    """The file's bytes for an ordered dict name -> tensor (stored as F64) and str -> str metadata."""
    for key, value in metadata.items():
        if not isinstance(key, str) or not isinstance(value, str):
            raise TypeError(f"metadata must map str to str, got {key!r}: {value!r}")
    header = {"__metadata__": dict(metadata)}
    blobs = []
    offset = 0
    for name, tensor in tensors.items():
        blob = _f64_bytes(tensor)
        header[name] = {
            "dtype": "F64",
            "shape": list(tensor.shape),
            "data_offsets": [offset, offset + len(blob)],
        }
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=True).encode("utf-8")
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + b"".join(blobs)


def write(path, tensors, metadata):
    """Writes atomically: a temporary file in the same directory, then a rename."""
    data = encode(tensors, metadata)
    tmp = f"{path}.tmp-{os.getpid()}"
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def read(path):
    """(dict name -> float64 tensor, metadata dict) of a file written by write()."""
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n].decode("utf-8"))
    metadata = header.pop("__metadata__", {})
    body = data[8 + n:]
    tensors = {}
    for name, info in header.items():
        if info["dtype"] != "F64":
            raise ValueError(f"{path}: tensor {name} has dtype {info['dtype']}, expected F64")
        begin, end = info["data_offsets"]
        values = struct.unpack(f"<{(end - begin) // 8}d", body[begin:end])
        tensors[name] = torch.tensor(values, dtype=torch.float64).reshape(info["shape"])
    return tensors, metadata


if __name__ == "__main__":
    # Lists a file's tensors: python3 safetensors_f64.py FILE
    tensors, metadata = read(sys.argv[1])
    print("metadata:", metadata)
    for name, t in tensors.items():
        print(f"{name:40s} {list(t.shape)}")
