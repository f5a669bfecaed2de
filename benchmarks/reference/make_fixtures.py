#!/usr/bin/env python3
"""Writes the PyTorch parity fixtures that depthlab's Java tests read.

Each file in src/test/resources/parity/ holds fixed weights and inputs, the reference output
and the gradients of one computation from depthlab_reference.py, all float64:

- block.safetensors: one post-norm Block (hidden 16, 2 heads, expansion 2.0, 3 x 5 rows,
  full mask), out = block(x) and the gradients of out.backward(grad_out);
- attention_causal.safetensors, attention_local.safetensors: one MultiHeadAttention "attn"
  (hidden 12, 3 heads, 2 x 6 rows), causal, and local with radius 1;
- losses.safetensors: stablemax and softmax cross-entropy with ignored rows, and binary
  cross-entropy on logits, with the gradients of loss.backward();
- hrm.safetensors, hrm_learned.safetensors: one HRM segment (N = 2, T = 2; RoPE, and learned
  positions) from a fixed carry: logits, Q values, new carry, and the one-step gradients of
  HRM's loss (stablemax CE + 0.5 * (BCE(q_halt) + BCE(q_continue)) against fixed targets);
- trm.safetensors, trm_mixer.safetensors: one TRM segment (T = 2, n = 2; attention, and the
  MLP-mixer variant), its last recursion back-propagated in full, with TRM's loss (no
  continue term).

Weights are random normal from fixed seeds (* 0.3 for the layers, 1/sqrt(fan-in) for the
models); running the script twice writes identical
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


# The recurrent reasoners' fixtures share one shape: 2 sequences of 16 positions, hidden 16,
# 2 heads, expansion 2.0 (SwiGLU inner width 21), vocabulary 6, token 0 = PAD = no label.
# The mixer's hidden is 12 instead, so that positions and features differ in number and a
# transpose that mixes them up cannot go unnoticed (its feature SwiGLU is then 16 wide).
REASONER = dict(vocab=6, seq_len=16, hidden=16, heads=2, expansion=2.0)
MIXER_HIDDEN = 12
SEQUENCES = 2
PAD = 0


def randomize_(model, gen):
    """Every parameter and buffer drawn normal, scaled so that activations are O(1).

    A matrix (out x in, or an embedding table ids x hidden) gets std 1/sqrt(its last
    dimension): a linear map then keeps unit scale, and sqrt(h) * embedding has unit scale.
    A vector (q_head.bias, H_init, L_init) gets std 1. Drawn in depthlab's parameter order,
    then the buffers.
    """
    with torch.no_grad():
        for _, t in list(model.named_parameters()) + state_buffers(model):
            std = 1.0 if t.dim() == 1 else t.shape[-1] ** -0.5
            t.copy_(normal(gen, *t.shape, scale=std))


def state_buffers(model):
    """The buffers a depthlab model saves (H_init, L_init), not the RoPE tables."""
    return [(n, b) for n, b in model.named_buffers() if n in ("H_init", "L_init")]


def reasoner_fixture(model, carry_names, with_continue, shape, metadata, seed):
    """One supervision segment of an HRM or TRM from a random carry, with the loss's gradients.

    Writes: the weights and buffers, inputs and targets (token ids as float64, sequences x
    positions), carry/<state>, t_halt (and t_continue), then logits, q_halt (and q_continue),
    new/<state>, loss, and grad/<parameter> for every parameter.
    """
    randomize_(model, torch.Generator().manual_seed(seed))
    data = torch.Generator().manual_seed(seed + 1)
    rows = SEQUENCES * model.state_len
    inputs = torch.randint(0, REASONER["vocab"], (SEQUENCES, model.seq_len), generator=data)
    targets = torch.randint(1, REASONER["vocab"], (SEQUENCES, model.seq_len), generator=data)
    targets[0, [3, 9]] = PAD
    targets[1, [0, 15]] = PAD
    carry = [normal(data, rows, model.hidden) for _ in carry_names]
    t_halt = torch.rand(SEQUENCES, 1, generator=data)
    t_continue = torch.rand(SEQUENCES, 1, generator=data)

    logits, q_halt, q_continue, new = model.segment(*carry, inputs.reshape(-1))
    loss = ref.segment_loss(logits, targets.reshape(-1), q_halt, t_halt,
                            q_continue if with_continue else None, t_continue, PAD)
    loss.backward()

    tensors = {}
    for name, p in model.named_parameters():
        tensors[name] = p.detach().clone()
    for name, b in state_buffers(model):
        tensors[name] = b.clone()
    tensors["inputs"] = inputs.to(torch.float64)
    tensors["targets"] = targets.to(torch.float64)
    for name, state in zip(carry_names, carry):
        tensors[f"carry/{name}"] = state
    tensors["t_halt"] = t_halt
    if with_continue:
        tensors["t_continue"] = t_continue
    tensors["logits"] = logits.detach().clone()
    tensors["q_halt"] = q_halt.detach().clone()
    if with_continue:
        tensors["q_continue"] = q_continue.detach().clone()
    for name, state in zip(carry_names, new):
        tensors[f"new/{name}"] = state.clone()
    tensors["loss"] = loss.detach().reshape(1)
    for name, p in model.named_parameters():
        # A parameter that took no part in the loss would have no gradient: store zeros.
        tensors[f"grad/{name}"] = torch.zeros_like(p) if p.grad is None else p.grad.clone()
    meta = {k: str(v) for k, v in shape.items()}
    meta["expansion"] = repr(shape["expansion"])
    meta.update(metadata)
    meta.update(sequences=str(SEQUENCES), ignore_index=str(PAD), rope_theta="10000.0",
                norm_eps="1e-05")
    return tensors, meta


def hrm_fixture(positions, seed):
    """HRM, 1 H layer + 2 L layers, N = 2, T = 2: the one-step gradient of a full segment."""
    config = dict(h_layers=1, l_layers=2, h_cycles=2, l_cycles=2)
    torch.manual_seed(seed)  # the modules' own initial draws, all overwritten
    model = ref.Hrm(**REASONER, **config, positions=positions)
    metadata = {"model": "hrm", **{k: str(v) for k, v in config.items()}, "positions": positions}
    return reasoner_fixture(model, ("zH", "zL"), True, REASONER, metadata, seed)


def trm_fixture(mixer, seed):
    """TRM, 2 layers, T = 2 recursions, n = 2 latent steps: the last recursion in full
    (the MLP-mixer variant at hidden 12)."""
    config = dict(layers=2, recursions=2, latent_steps=2)
    torch.manual_seed(seed)
    shape = dict(REASONER, hidden=MIXER_HIDDEN) if mixer else REASONER
    model = ref.Trm(**shape, **config, mixer=mixer, positions="rope")
    metadata = {"model": "trm", **{k: str(v) for k, v in config.items()},
                "mixer": "true" if mixer else "false", "positions": "rope"}
    return reasoner_fixture(model, ("y", "z"), False, shape, metadata, seed)


FIXTURES = {
    "block.safetensors": block_fixture,
    "attention_causal.safetensors": lambda: attention_fixture("causal", -1, 2001),
    "attention_local.safetensors": lambda: attention_fixture("local", 1, 2101),
    "losses.safetensors": losses_fixture,
    "hrm.safetensors": lambda: hrm_fixture("rope", 4001),
    "hrm_learned.safetensors": lambda: hrm_fixture("learned", 4101),
    "trm.safetensors": lambda: trm_fixture(False, 5001),
    "trm_mixer.safetensors": lambda: trm_fixture(True, 5101),
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
