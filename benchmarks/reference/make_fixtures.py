#!/usr/bin/env python3
"""Writes the PyTorch parity fixtures that depthlab's Java tests read.

Each file in src/test/resources/parity/ holds fixed weights and inputs, the reference output
and the gradients of one computation from depthlab_reference.py, all float64:

- block.safetensors: one post-norm Block (hidden 16, 2 heads, expansion 2.0, 3 x 5 rows,
  full mask), out = block(x) and the gradients of out.backward(grad_out);
- attention_causal.safetensors, attention_local.safetensors: one MultiHeadAttention "attn"
  (hidden 12, 3 heads, 2 x 6 rows), causal, and local with radius 1;
- losses.safetensors: stablemax and softmax cross-entropy with ignored rows, and binary
  cross-entropy on logits, with the gradients of loss.backward().

Weights are random normal * 0.3 from a fixed seed; running the script twice writes identical
bytes. Usage: python3 benchmarks/reference/make_fixtures.py [--out DIR]
"""

import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

import depthlab_reference as ref  # noqa: E402
import safetensors_f64  # noqa: E402

torch.set_default_dtype(torch.float64)
# One thread: reductions then always add in the same order, so the bytes do not depend on the
# machine's core count.
torch.set_num_threads(1)

REPO = os.path.dirname(os.path.dirname(HERE))
DEFAULT_OUT = os.path.join(REPO, "src", "test", "resources", "parity")
IGNORE_INDEX = -100
WEIGHT_SCALE = 0.3


def normal(gen, *shape, scale=1.0):
    return torch.randn(*shape, generator=gen) * scale


def module_fixture(module, prefix, x, grad_out, seq_len, gen):
    """Sets the module's weights to normal * 0.3, runs forward and backward, returns the tensors.

    Weights are drawn in the module's parameter order, then x and grad_out are the given ones.
    """
    with torch.no_grad():
        for _, p in module.named_parameters():
            p.copy_(normal(gen, *p.shape, scale=WEIGHT_SCALE))
    x = x.clone().requires_grad_(True)
    out = module(x, seq_len)
    out.backward(grad_out)

    tensors = {}
    for name, p in module.named_parameters():
        tensors[f"{prefix}.{name}"] = p.detach().clone()
    tensors["x"] = x.detach().clone()
    tensors["grad_out"] = grad_out.clone()
    tensors["out"] = out.detach().clone()
    tensors["grad/x"] = x.grad.clone()
    for name, p in module.named_parameters():
        tensors[f"grad/{prefix}.{name}"] = p.grad.clone()
    return tensors


def block_fixture():
    hidden, heads, expansion, batch, seq_len = 16, 2, 2.0, 3, 5
    theta, eps = 10000.0, 1e-5
    gen = torch.Generator().manual_seed(1001)
    block = ref.Block(hidden, heads, expansion, mask="full", rope_theta=theta,
                      max_positions=seq_len, norm_eps=eps)
    assert block.mlp.inner == 21
    # Weights first (inside module_fixture), so draw x and grad_out from their own stream.
    data = torch.Generator().manual_seed(1002)
    x = normal(data, batch * seq_len, hidden)
    grad_out = normal(data, batch * seq_len, hidden)
    tensors = module_fixture(block, "block", x, grad_out, seq_len, gen)
    metadata = {
        "hidden": str(hidden),
        "heads": str(heads),
        "expansion": repr(expansion),
        "seq_len": str(seq_len),
        "batch": str(batch),
        "mask": "full",
        "rope_theta": repr(theta),
        "norm_eps": repr(eps),
    }
    return tensors, metadata


def attention_fixture(mask, window, seed):
    hidden, heads, batch, seq_len, theta = 12, 3, 2, 6, 10000.0
    gen = torch.Generator().manual_seed(seed)
    attn = ref.MultiHeadAttention(hidden, heads, mask=mask, window=window, rope_theta=theta,
                                  max_positions=seq_len)
    data = torch.Generator().manual_seed(seed + 1)
    x = normal(data, batch * seq_len, hidden)
    grad_out = normal(data, batch * seq_len, hidden)
    tensors = module_fixture(attn, "attn", x, grad_out, seq_len, gen)
    metadata = {
        "hidden": str(hidden),
        "heads": str(heads),
        "seq_len": str(seq_len),
        "batch": str(batch),
        "mask": mask,
        "window": str(window),
        "rope_theta": repr(theta),
    }
    return tensors, metadata


def losses_fixture():
    gen = torch.Generator().manual_seed(3001)
    rows, classes = 12, 7
    logits = normal(gen, rows, classes, scale=3.0)
    targets = torch.randint(0, classes, (rows,), generator=gen)
    targets[[2, 7, 11]] = IGNORE_INDEX

    x = logits.clone().requires_grad_(True)
    loss_stablemax = ref.stablemax_cross_entropy(x, targets, IGNORE_INDEX)
    loss_stablemax.backward()
    grad_stablemax = x.grad.clone()

    x = logits.clone().requires_grad_(True)
    loss_softmax = F.cross_entropy(x, targets, ignore_index=IGNORE_INDEX, reduction="mean")
    loss_softmax.backward()
    grad_softmax = x.grad.clone()

    bce_logits = normal(gen, 4, 3, scale=2.0)
    bce_targets = (torch.rand(4, 3, generator=gen) < 0.5).to(torch.float64)
    bce_targets[0, 1] = 0.5
    bce_targets[3, 2] = 0.5
    x = bce_logits.clone().requires_grad_(True)
    loss_bce = F.binary_cross_entropy_with_logits(x, bce_targets, reduction="mean")
    loss_bce.backward()
    grad_bce = x.grad.clone()

    tensors = {
        "logits": logits,
        "targets": targets.to(torch.float64),
        "loss_stablemax": loss_stablemax.detach().reshape(1),
        "grad_stablemax": grad_stablemax,
        "loss_softmax": loss_softmax.detach().reshape(1),
        "grad_softmax": grad_softmax,
        "bce_logits": bce_logits,
        "bce_targets": bce_targets,
        "loss_bce": loss_bce.detach().reshape(1),
        "grad_bce": grad_bce,
    }
    return tensors, {"ignore_index": str(IGNORE_INDEX)}


FIXTURES = {
    "block.safetensors": block_fixture,
    "attention_causal.safetensors": lambda: attention_fixture("causal", -1, 2001),
    "attention_local.safetensors": lambda: attention_fixture("local", 1, 2101),
    "losses.safetensors": losses_fixture,
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=DEFAULT_OUT, help="directory for the fixture files")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for filename, build in FIXTURES.items():
        tensors, metadata = build()
        path = os.path.join(args.out, filename)
        safetensors_f64.write(path, tensors, metadata)
        print(f"wrote {os.path.relpath(path, REPO)}: {len(tensors)} tensors")


if __name__ == "__main__":
    main()
