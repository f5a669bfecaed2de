#!/usr/bin/env python3
"""PyTorch reference for depthlab's optimizers: writes src/test/resources/parity/optim.safetensors.

Three parameters (w 3x4, b 1x5, u 2x2) take four fixed gradient sets, with a different
learning rate at each step, under
  - torch.optim.SGD   (momentum 0.9, weight_decay 0.01),
  - torch.optim.AdamW (betas (0.9, 0.95), eps 1e-8, weight_decay 0.1),
  - Adam-atan2, written out below with torch tensors (betas (0.9, 0.95), weight_decay 1.0,
    a = b = 1 as in the adam-atan2 package HRM uses; and once more with a = 1.27, b = 2),
and the parameters after every step are recorded. u gets no gradient (None) at step 2, so the
fixture also pins down that such a parameter is skipped: not decayed, its step count not
advanced. The file also holds one torch.nn.utils.clip_grad_norm_ case and the values of
HRM's warm-up + cosine schedule for one setting.

Everything is float64. Names in the file:
  init.<p>             parameters before the first step
  grad.<k>.<p>         the gradient at step k (absent where it is None)
  <opt>.<k>.<p>        parameters after step k, opt in sgd, adamw, adam_atan2, adam_atan2_ab
  <opt>.state.<p>.<s>  the optimizer's state after the last step (sgd, adamw)
  lr.<opt>             1 x 4, the learning rate of each step
  clip.in.<p>, clip.out.<p>, clip.norm   gradients before and after clipping to clip.max_norm
  schedule.warmup_cosine   1 x (T+1), the rate for update numbers 0..T
Hyperparameters are repeated in the header's __metadata__.

Run with a Python that has PyTorch (Debian: apt install python3-torch):
    python3 benchmarks/reference/optim_fixtures.py
It uses only torch and the standard library; the safetensors file is written by hand.
"""

import json
import math
import os
import struct

import torch

torch.set_default_dtype(torch.float64)

SHAPES = {"w": (3, 4), "b": (1, 5), "u": (2, 2)}
STEPS = 4
NONE_AT = {("u", 2)}  # (parameter, step) pairs with no gradient

LR_SGD = [0.1, 0.05, 0.2, 0.08]
LR_ADAM = [1e-2, 3e-2, 2e-2, 5e-3]

SGD = dict(momentum=0.9, weight_decay=0.01)
ADAMW = dict(betas=(0.9, 0.95), eps=1e-8, weight_decay=0.1)
ATAN2 = dict(betas=(0.9, 0.95), weight_decay=1.0)
AB = (1.27, 2.0)

CLIP_MAX_NORM = 1.0
SCHEDULE = dict(peak_lr=1e-3, warmup_steps=5, total_steps=20, min_ratio=0.1)


def make_data():
    gen = torch.Generator().manual_seed(20240705)
    init = {n: torch.randn(s, generator=gen) for n, s in SHAPES.items()}
    grads = []
    for k in range(STEPS):
        # Gradients of very different sizes per step, so the moments matter.
        scale = [1.0, 0.3, 2.5, 0.05][k]
        grads.append({n: None if (n, k) in NONE_AT else scale * torch.randn(s, generator=gen)
                      for n, s in SHAPES.items()})
    return init, grads


def fresh_params(init):
    return {n: torch.nn.Parameter(t.clone()) for n, t in init.items()}


def run_torch(optimizer_class, init, grads, lrs, **kwargs):
    params = fresh_params(init)
    opt = optimizer_class(list(params.values()), lr=lrs[0], foreach=False, **kwargs)
    trace = []
    for k in range(STEPS):
        for n, p in params.items():
            p.grad = None if grads[k][n] is None else grads[k][n].clone()
        for group in opt.param_groups:
            group["lr"] = lrs[k]
        opt.step()
        trace.append({n: p.detach().clone() for n, p in params.items()})
    state = {}
    for n, p in params.items():
        for key, value in opt.state[p].items():
            value = torch.as_tensor(value, dtype=torch.float64)  # AdamW keeps step as float32
            state[f"{n}.{key}"] = value.reshape(1, 1) if value.dim() == 0 else value.clone()
    return trace, state


def run_adam_atan2(init, grads, lrs, betas, weight_decay, a=1.0, b=1.0):
    """Adam-atan2 as the adam-atan2 package's kernel computes it, with its constants a and b:
    p *= 1 - lr*wd; m, v as Adam; p -= lr*a*atan2(m/(1-b1^t), b*sqrt(v)/sqrt(1-b2^t))."""
    b1, b2 = betas
    params = {n: t.clone() for n, t in init.items()}
    m = {n: torch.zeros_like(t) for n, t in init.items()}
    v = {n: torch.zeros_like(t) for n, t in init.items()}
    steps = {n: 0 for n in init}
    trace = []
    for k in range(STEPS):
        lr = lrs[k]
        for n, p in params.items():
            g = grads[k][n]
            if g is None:
                continue
            steps[n] += 1
            t = steps[n]
            p.mul_(1 - lr * weight_decay)
            m[n].mul_(b1).add_(g, alpha=1 - b1)
            v[n].mul_(b2).addcmul_(g, g, value=1 - b2)
            m_hat = m[n] / (1 - b1 ** t)
            v_hat_sqrt = v[n].sqrt() / math.sqrt(1 - b2 ** t)
            p.add_(torch.atan2(m_hat, b * v_hat_sqrt), alpha=-lr * a)
        trace.append({n: p.clone() for n, p in params.items()})
    return trace


def hrm_warmup_cosine(step, peak_lr, warmup_steps, total_steps, min_ratio):
    """HRM's cosine_schedule_with_warmup_lr_lambda (pretrain.py) with num_cycles = 0.5."""
    if step < warmup_steps:
        return peak_lr * step / max(1, warmup_steps)
    progress = (step - warmup_steps) / max(1, total_steps - warmup_steps)
    return peak_lr * (min_ratio + max(0.0, (1 - min_ratio) * 0.5 * (1.0 + math.cos(math.pi * progress))))


def row(values):
    return torch.tensor([values], dtype=torch.float64)


def build():
    init, grads = make_data()
    out = {}
    for n, t in init.items():
        out[f"init.{n}"] = t
    for k in range(STEPS):
        for n, g in grads[k].items():
            if g is not None:
                out[f"grad.{k}.{n}"] = g
    out["lr.sgd"] = row(LR_SGD)
    out["lr.adam"] = row(LR_ADAM)

    runs = {
        "sgd": run_torch(torch.optim.SGD, init, grads, LR_SGD, **SGD),
        "adamw": run_torch(torch.optim.AdamW, init, grads, LR_ADAM, **ADAMW),
    }
    for name, (trace, state) in runs.items():
        for k, params in enumerate(trace):
            for n, p in params.items():
                out[f"{name}.{k}.{n}"] = p
        for key, value in state.items():
            out[f"{name}.state.{key}"] = value
    for name, (a, b) in {"adam_atan2": (1.0, 1.0), "adam_atan2_ab": AB}.items():
        for k, params in enumerate(run_adam_atan2(init, grads, LR_ADAM, a=a, b=b, **ATAN2)):
            for n, p in params.items():
                out[f"{name}.{k}.{n}"] = p

    clip_params = fresh_params(init)
    for n, p in clip_params.items():
        p.grad = 3.0 * grads[0][n]
        out[f"clip.in.{n}"] = p.grad.clone()
    norm = torch.nn.utils.clip_grad_norm_(list(clip_params.values()), CLIP_MAX_NORM)
    for n, p in clip_params.items():
        out[f"clip.out.{n}"] = p.grad.clone()
    out["clip.norm"] = row([norm.item()])
    out["clip.max_norm"] = row([CLIP_MAX_NORM])

    out["schedule.warmup_cosine"] = row(
        [hrm_warmup_cosine(s, **SCHEDULE) for s in range(SCHEDULE["total_steps"] + 1)])

    metadata = {
        "torch": torch.__version__,
        "sgd": json.dumps(SGD),
        "adamw": json.dumps(ADAMW),
        "adam_atan2": json.dumps(dict(ATAN2, a=1.0, b=1.0)),
        "adam_atan2_ab": json.dumps(dict(ATAN2, a=AB[0], b=AB[1])),
        "schedule": json.dumps(SCHEDULE),
        "none_at": json.dumps(sorted(f"{n}@{k}" for n, k in NONE_AT)),
    }
    return out, metadata


def write_safetensors(path, tensors, metadata):
    """The safetensors layout: u64 little-endian header length, JSON header, raw data."""
    header = {"__metadata__": metadata}
    blobs = []
    offset = 0
    for name, t in tensors.items():
        data = t.detach().contiguous().to(torch.float64).flatten().tolist()
        blob = struct.pack(f"<{len(data)}d", *data)
        header[name] = {"dtype": "F64", "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)  # the format allows padding the header with spaces
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)
    os.replace(tmp, path)


def main():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    path = os.path.join(root, "src", "test", "resources", "parity", "optim.safetensors")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tensors, metadata = build()
    write_safetensors(path, tensors, metadata)
    print(f"wrote {len(tensors)} tensors to {os.path.relpath(path, root)}")


if __name__ == "__main__":
    main()
