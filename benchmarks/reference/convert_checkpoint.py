#!/usr/bin/env python3
"""Converts a PyTorch checkpoint of the original HRM or TRM code to safetensors, and back.

Java cannot read a Python pickle, which is what `torch.save` writes (HRM's and TRM's
`pretrain.py` save `model.state_dict()` as `checkpoints/<project>/<run>/step_N`). This script
turns such a file into a safetensors file for `depthlab import`, and a safetensors file from
`depthlab export` into a state dict that `torch.load` and `load_state_dict` take:

    python3 convert_checkpoint.py to-safetensors step_26040 hrm.safetensors
    depthlab import --from hrm hrm.safetensors --config all_config.yaml --out runs/hrm
    ...
    depthlab export --to hrm runs/hrm --out hrm-back.safetensors
    python3 convert_checkpoint.py to-torch hrm-back.safetensors step_26040.back

Every tensor keeps its name, shape, dtype and bits (F32 parameters and BF16 buffers stay so);
the file says in its metadata what it was converted from. Nothing is written over an existing
file without --force, and each file is written to a temporary name and renamed.

Needs only torch (PyTorch 1.13 or later); with numpy installed, which torch uses to hand over
raw bytes, large checkpoints convert much faster.
The safetensors format (Hugging Face, safetensors, "Format"): an 8-byte little-endian header
length N, N bytes of JSON {name: {"dtype", "shape", "data_offsets"}, "__metadata__": {...}},
then the little-endian data.
"""

import argparse
import json
import os
import struct
import sys

import torch

# torch dtype <-> safetensors name, for every dtype a state dict of these models can hold.
DTYPES = {
    torch.float64: "F64", torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16",
    torch.int64: "I64", torch.int32: "I32", torch.int16: "I16", torch.int8: "I8", torch.uint8: "U8",
    torch.bool: "BOOL",
}
TORCH_DTYPES = {name: dtype for dtype, name in DTYPES.items()}


def tensor_bytes(tensor):
    """The tensor's values, row-major and little-endian, as stored in a safetensors file."""
    t = tensor.detach().cpu().contiguous()
    if t.dtype == torch.bfloat16:
        t = t.view(torch.int16)  # numpy has no bfloat16; the bits are what is stored
    try:
        return t.numpy().tobytes()
    except (ImportError, RuntimeError):
        # A PyTorch without numpy: the same bytes, one at a time (slow for a large model).
        flat = t.reshape(-1)
        return bytes(flat.view(torch.uint8).tolist()) if flat.numel() else b""


def encode(tensors, metadata):
    """The bytes of a safetensors file of an ordered dict name -> tensor, each in its own dtype."""
    if sys.byteorder != "little":
        raise SystemExit("this script writes the host's bytes, and safetensors is little-endian")
    header = {"__metadata__": dict(metadata)} if metadata else {}
    blobs = []
    offset = 0
    for name, tensor in tensors.items():
        if tensor.dtype not in DTYPES:
            raise SystemExit(f"tensor {name!r} has dtype {tensor.dtype}, which this script does not convert")
        blob = tensor_bytes(tensor)
        header[name] = {"dtype": DTYPES[tensor.dtype], "shape": list(tensor.shape),
                        "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)  # the data starts 8-byte aligned, as the reference writer does
    return struct.pack("<Q", len(text)) + text + b"".join(blobs)


def decode(data, path="<bytes>"):
    """(ordered dict name -> tensor, metadata) of a safetensors file's bytes."""
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n].decode("utf-8"))
    metadata = header.pop("__metadata__", {}) or {}
    body = data[8 + n:]
    tensors = {}
    for name, info in header.items():
        if info["dtype"] not in TORCH_DTYPES:
            raise SystemExit(f"{path}: tensor {name!r} is {info['dtype']}, which this script does not convert")
        begin, end = info["data_offsets"]
        dtype = TORCH_DTYPES[info["dtype"]]
        raw = bytearray(body[begin:end])
        if dtype == torch.bfloat16:
            flat = torch.frombuffer(raw, dtype=torch.int16).view(torch.bfloat16) if raw else torch.empty(0, dtype=dtype)
        else:
            flat = torch.frombuffer(raw, dtype=dtype) if raw else torch.empty(0, dtype=dtype)
        tensors[name] = flat.clone().reshape(info["shape"])
    return tensors, metadata


def read(path):
    with open(path, "rb") as f:
        return decode(f.read(), path)


def write_atomically(path, data, force):
    if os.path.exists(path) and not force:
        raise SystemExit(f"{path} already exists: --force replaces it")
    tmp = os.path.join(os.path.dirname(os.path.abspath(path)), f".{os.path.basename(path)}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def load_torch(path):
    """A checkpoint's state dict: a dict of tensors, or one under 'state_dict' or 'model'."""
    try:
        obj = torch.load(path, map_location="cpu", weights_only=True)
    except TypeError:  # a PyTorch without weights_only
        obj = torch.load(path, map_location="cpu")
    if isinstance(obj, dict) and obj and all(isinstance(v, torch.Tensor) for v in obj.values()):
        return obj
    for key in ("state_dict", "model"):
        if isinstance(obj, dict) and isinstance(obj.get(key), dict):
            return load_inner(obj[key], path, key)
    raise SystemExit(f"{path} is not a state dict (a dict of tensor names to tensors)")


def load_inner(obj, path, key):
    if all(isinstance(v, torch.Tensor) for v in obj.values()):
        print(f"{path}: using the state dict under {key!r}", file=sys.stderr)
        return obj
    raise SystemExit(f"{path}: {key!r} is not a state dict")


def to_safetensors(source, out, force):
    state = load_torch(source)
    metadata = {"format": "pt", "converted_from": os.path.basename(source),
                "converted_by": "benchmarks/reference/convert_checkpoint.py", "torch": torch.__version__}
    write_atomically(out, encode(state, metadata), force)
    kinds = sorted({DTYPES[t.dtype] for t in state.values()})
    print(f"wrote {out}: {len(state)} tensors ({', '.join(kinds)})", file=sys.stderr)


def to_torch(source, out, force):
    tensors, _ = read(source)
    tmp = out + f".{os.getpid()}.pt"
    torch.save(tensors, tmp)
    with open(tmp, "rb") as f:
        data = f.read()
    os.remove(tmp)
    write_atomically(out, data, force)
    print(f"wrote {out}: {len(tensors)} tensors, for torch.load and load_state_dict", file=sys.stderr)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    a = sub.add_parser("to-safetensors", help="a torch.save'd state dict -> safetensors, for depthlab import")
    a.add_argument("checkpoint")
    a.add_argument("out")
    a.add_argument("--force", action="store_true", help="replace OUT if it exists")
    b = sub.add_parser("to-torch", help="safetensors (depthlab export) -> a torch.save'd state dict")
    b.add_argument("safetensors")
    b.add_argument("out")
    b.add_argument("--force", action="store_true", help="replace OUT if it exists")
    args = parser.parse_args(argv)
    if args.command == "to-safetensors":
        to_safetensors(args.checkpoint, args.out, args.force)
    else:
        to_torch(args.safetensors, args.out, args.force)


if __name__ == "__main__":
    main()
