#!/usr/bin/env python3
"""PyTorch reference for depthlab's optimizers: writes src/test/resources/parity/optim.safetensors.

Three parameters (w 3x4, b 1x5, u 2x2) take four fixed gradient sets, with a different
learning rate at each step, under
  - torch.optim.SGD   (momentum 0.9, weight_decay 0.01),
  - torch.optim.AdamW (betas (0.9, 0.95), eps 1e-8, weight_decay 0.1),
  - Adam-atan2 as the released adam-atan2 package computes it (version 0.0.3, the one
    `pip install adam-atan2` gives HRM): `adam_atan2_reference` below transcribes the
    package's CUDA kernel, csrc/adam_atan2.cu at tag 0.0.3 (commit 42a1aeb,
    github.com/imoneoi/adam-atan2): `adam_math` for one element and the step constants of
    `FusedAdamMathFunctor` (betas (0.9, 0.95), weight_decay 1.0); once more with the general
    form's constants a = 1.27, b = 2 (Everett et al. 2024), which the package does not have;
    and once in the reverted 0.0.2 form (tag 0.0.2, commit 0670b3d), whose kernel divides m
    by 1 - beta1^t inside the atan2 instead of in the step size,
and the parameters after every step are recorded. u gets no gradient (None) at step 2, so the
fixture also pins down that such a parameter is skipped: not decayed, its step count not
advanced. The file also holds one torch.nn.utils.clip_grad_norm_ case and the values of
HRM's warm-up + cosine schedule for one setting.

Everything is float64. Names in the file:
  init.<p>             parameters before the first step
  grad.<k>.<p>         the gradient at step k (absent where it is None)
  <opt>.<k>.<p>        parameters after step k, opt in sgd, adamw, adam_atan2, adam_atan2_ab,
                       adam_atan2_inside
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


def lerp(v0, v1, t):
    """The kernel's lerp, fma(t, v1, fma(-t, v0, v0)): v0 + t*(v1 - v0), PyTorch's lerp for
    t < 0.5. Written without fused multiply-adds here; that changes only the last bits."""
    return (v0 - t * v0) + t * v1


def adam_atan2_reference(param, grad, exp_avg, exp_avg_sq, step, lr, beta1, beta2, weight_decay,
                         a=1.0, b=1.0, inside=False):
    """One Adam-atan2 update of one tensor, transcribed from the adam-atan2 package's kernel
    (csrc/adam_atan2.cu, 0.0.3). `step` is the tensor's update count after increasing it, as
    the package's Python side does (torch._foreach_add_(state_steps, 1)) before the kernel.

    FusedAdamMathFunctor computes, once per tensor,
        bias_correction1 = 1 - beta1^step,   bias_correction2 = 1 - beta2^step,
        step_size = lr / bias_correction1,   wd_alpha = 1 - lr * weight_decay,
        bias_correction2_sqrt = sqrt(bias_correction2),
        mbeta1 = 1 - beta1,                  mbeta2 = 1 - beta2,
    and adam_math, per element,
        param *= wd_alpha
        exp_avg = lerp(exp_avg, grad, mbeta1)
        exp_avg_sq = lerp(exp_avg_sq, grad * grad, mbeta2)
        denom = sqrt(exp_avg_sq) / bias_correction2_sqrt
        param -= step_size * atan2(exp_avg, denom)
    The package has no a or b (a = b = 1 is the package): `a` scales the update and `b` the
    denominator, as in Everett et al.'s general form a*atan2(m, b*sqrt(v)). With inside=True
    this is the 0.0.2 kernel instead: step_size = lr and atan2(exp_avg / bias_correction1, denom).
    """
    bias_correction1 = 1 - beta1 ** step
    bias_correction2 = 1 - beta2 ** step
    step_size = lr if inside else lr / bias_correction1
    wd_alpha = 1 - lr * weight_decay
    bias_correction2_sqrt = math.sqrt(bias_correction2)
    mbeta1 = 1 - beta1
    mbeta2 = 1 - beta2

    param = param * wd_alpha
    exp_avg = lerp(exp_avg, grad, mbeta1)
    exp_avg_sq = lerp(exp_avg_sq, grad * grad, mbeta2)
    denom = exp_avg_sq.sqrt() / bias_correction2_sqrt
    numer = (1 / bias_correction1) * exp_avg if inside else exp_avg
    param = param - step_size * a * torch.atan2(numer, b * denom)
    return param, exp_avg, exp_avg_sq


def run_adam_atan2(init, grads, lrs, betas, weight_decay, a=1.0, b=1.0, inside=False):
    """Every step of the fixture through adam_atan2_reference. A parameter without a gradient
    is skipped, as the package's _init_group skips it: not decayed, its step not counted."""
    b1, b2 = betas
    params = {n: t.clone() for n, t in init.items()}
    m = {n: torch.zeros_like(t) for n, t in init.items()}
    v = {n: torch.zeros_like(t) for n, t in init.items()}
    steps = {n: 0 for n in init}
    trace = []
    for k in range(STEPS):
        for n in params:
            g = grads[k][n]
            if g is None:
                continue
            steps[n] += 1
            params[n], m[n], v[n] = adam_atan2_reference(
                params[n], g, m[n], v[n], steps[n], lrs[k], b1, b2, weight_decay, a=a, b=b, inside=inside)
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
    atan2_runs = {"adam_atan2": dict(a=1.0, b=1.0), "adam_atan2_ab": dict(a=AB[0], b=AB[1]),
                  "adam_atan2_inside": dict(a=1.0, b=1.0, inside=True)}
    for name, options in atan2_runs.items():
        for k, params in enumerate(run_adam_atan2(init, grads, LR_ADAM, **options, **ATAN2)):
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
        "adam_atan2_inside": json.dumps(dict(ATAN2, a=1.0, b=1.0, bias_correction1="inside the atan2 (0.0.2)")),
        "adam_atan2_source": "adam-atan2 0.0.3, csrc/adam_atan2.cu (commit 42a1aeb)",
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
