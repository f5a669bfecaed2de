#!/usr/bin/env python3
"""Checks the PyTorch reference itself, before anything is compared with it.

1. Gradients: torch.autograd.gradcheck (finite differences in float64) on every piece and
   module of depthlab_reference.py, with respect to inputs and weights.
2. Forward values against slower, independent forms: attention as explicit loops over
   (sequence, head, query, key) with the mask as a rule rather than a matrix; RoPE as a 2x2
   rotation of each pair (i, i + d/2); RoPE scores depending only on the offset p - s;
   stablemax from its definition; SwiGLU inner widths.
3. The fixture files: names, shapes and metadata exactly as the Java tests expect, and every
   output and gradient reproduced from the stored weights and inputs.

Usage: python3 benchmarks/reference/selfcheck.py   (exit code 0 when everything holds)
"""

import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from torch.autograd import gradcheck  # noqa: E402
from torch.nn.utils.stateless import functional_call  # noqa: E402

import depthlab_reference as ref  # noqa: E402
import make_fixtures  # noqa: E402
import safetensors_f64  # noqa: E402

torch.set_default_dtype(torch.float64)
torch.set_num_threads(1)

FAILURES = []


def check(name, condition, detail=""):
    print(f"{'ok  ' if condition else 'FAIL'} {name}{': ' + detail if detail else ''}")
    if not condition:
        FAILURES.append(name)


def close(a, b, tol=1e-12):
    scale = max(1.0, b.abs().max().item())
    err = (a - b).abs().max().item() / scale
    return err <= tol, f"max relative error {err:.2e}"


def grad_ok(name, fn, inputs):
    try:
        passed = gradcheck(fn, inputs, eps=1e-6, atol=1e-8, rtol=1e-6)
    except RuntimeError as e:  # gradcheck raises with the mismatching Jacobians
        passed = False
        print(str(e)[:2000])
    check(f"gradcheck {name}", passed)


def module_grad_ok(name, module, x, seq_len):
    """gradcheck of module(x) with respect to x and every weight."""
    names = [n for n, _ in module.named_parameters()]
    weights = [p.detach().clone().requires_grad_(True) for _, p in module.named_parameters()]

    def fn(x, *ws):
        return functional_call(module, dict(zip(names, ws)), (x, seq_len))

    grad_ok(name, fn, (x.clone().requires_grad_(True), *weights))


# ---------------------------------------------------------------------------------------------
# 1. Gradients
# ---------------------------------------------------------------------------------------------

def check_gradients():
    g = torch.Generator().manual_seed(7)
    x = torch.randn(6, 8, generator=g)
    grad_ok("rms_norm", lambda t: ref.rms_norm(t, 1e-5), (x.clone().requires_grad_(True),))

    cos, sin = ref.rope_tables(5, 4)
    q = torch.randn(2, 5, 3, 4, generator=g)
    grad_ok("apply_rope", lambda t: ref.apply_rope(t, cos, sin), (q.requires_grad_(True),))

    torch.manual_seed(11)  # the modules' own initial weights
    for mask, window in (("full", -1), ("causal", -1), ("local", 1), ("local", 0)):
        attn = ref.MultiHeadAttention(8, 2, mask=mask, window=window, max_positions=4)
        module_grad_ok(f"attention {mask} window {window}", attn, torch.randn(8, 8, generator=g), 4)

    mlp = ref.SwiGlu(6, 2.0)
    grad_ok("swiglu", lambda t, a, b: functional_call(
        mlp, {"gate_up_proj.weight": a, "down_proj.weight": b}, (t,)),
        (torch.randn(5, 6, generator=g).requires_grad_(True),
         mlp.gate_up_proj.weight.detach().clone().requires_grad_(True),
         mlp.down_proj.weight.detach().clone().requires_grad_(True)))

    block = ref.Block(8, 2, 2.0, max_positions=3)
    module_grad_ok("block", block, torch.randn(6, 8, generator=g), 3)

    logits = (torch.randn(9, 5, generator=g) * 3).requires_grad_(True)
    targets = torch.randint(0, 5, (9,), generator=g)
    targets[4] = -100
    grad_ok("stablemax_cross_entropy",
            lambda t: ref.stablemax_cross_entropy(t, targets, -100), (logits,))


# ---------------------------------------------------------------------------------------------
# 2. Forward values against independent forms
# ---------------------------------------------------------------------------------------------

def attention_by_loops(x, w_qkv, w_o, heads, seq_len, allows, theta=10000.0):
    """The same attention written as scalar loops, with RoPE as explicit pair rotations."""
    rows, hidden = x.shape
    d = hidden // heads
    qkv = (x @ w_qkv.T).tolist()
    out = [[0.0] * hidden for _ in range(rows)]
    for b in range(rows // seq_len):
        for h in range(heads):
            def vec(part, p):
                row = qkv[b * seq_len + p]
                return row[part * hidden + h * d: part * hidden + (h + 1) * d]

            def rotated(v, p):
                r = list(v)
                for i in range(d // 2):
                    angle = p * theta ** (-2.0 * i / d)
                    a, c = v[i], v[i + d // 2]
                    r[i] = a * math.cos(angle) - c * math.sin(angle)
                    r[i + d // 2] = a * math.sin(angle) + c * math.cos(angle)
                return r

            for i in range(seq_len):
                qi = rotated(vec(0, i), i)
                scores = {}
                for j in range(seq_len):
                    if allows(i, j):
                        kj = rotated(vec(1, j), j)
                        scores[j] = sum(a * c for a, c in zip(qi, kj)) / math.sqrt(d)
                top = max(scores.values())
                weights = {j: math.exp(s - top) for j, s in scores.items()}
                total = sum(weights.values())
                for j, w in weights.items():
                    vj = vec(2, j)
                    for f in range(d):
                        out[b * seq_len + i][h * d + f] += w / total * vj[f]
    return torch.tensor(out) @ w_o.T


def check_forward_values():
    g = torch.Generator().manual_seed(21)
    rules = {
        ("full", -1): lambda i, j: True,
        ("causal", -1): lambda i, j: j <= i,
        ("local", 1): lambda i, j: abs(i - j) <= 1,
        ("local", 2): lambda i, j: abs(i - j) <= 2,
    }
    for (mask, window), allows in rules.items():
        attn = ref.MultiHeadAttention(12, 3, mask=mask, window=window, max_positions=7)
        with torch.no_grad():
            for p in attn.parameters():
                p.copy_(torch.randn(p.shape, generator=g) * 0.5)
        x = torch.randn(14, 12, generator=g)
        with torch.no_grad():
            fast = attn(x, 7)
        slow = attention_by_loops(x, attn.qkv_proj.weight.detach(), attn.o_proj.weight.detach(),
                                  3, 7, allows)
        check(f"attention {mask} window {window} equals the loop form", *close(fast, slow))

    # The mask matrices themselves.
    m = ref.additive_mask(4, "local", 1)
    expected = torch.tensor([[0, 0, 1, 1], [0, 0, 0, 1], [1, 0, 0, 0], [1, 1, 0, 0]]).bool()
    check("local mask radius 1 hides |i-j| > 1 on both sides", torch.equal(m.isinf(), expected))
    check("causal mask hides j > i", torch.equal(ref.additive_mask(4, "causal").isinf(),
                                                 torch.ones(4, 4).triu(1).bool()))

    # RoPE: the score of a rotated query and key depends on the offset only.
    cos, sin = ref.rope_tables(12, 8)
    q = torch.randn(8, generator=g)
    k = torch.randn(8, generator=g)

    def score(p, s):
        qp = ref.apply_rope(q.reshape(1, 1, 1, 8), cos[p:p + 1], sin[p:p + 1]).reshape(8)
        ks = ref.apply_rope(k.reshape(1, 1, 1, 8), cos[s:s + 1], sin[s:s + 1]).reshape(8)
        return (qp @ ks).item()

    check("rope score depends only on p - s",
          abs(score(3, 1) - score(10, 8)) < 1e-12 and abs(score(0, 0) - (q @ k).item()) < 1e-12)

    # RMSNorm: unit root mean square.
    y = ref.rms_norm(torch.randn(5, 9, generator=g) * 4, 0.0)
    check("rms_norm rows have unit rms", *close(y.pow(2).mean(-1), torch.ones(5)))

    # Stablemax from its definition, element by element.
    logits = torch.randn(6, 4, generator=g) * 3
    targets = torch.tensor([0, 3, -100, 1, 2, 2])
    total, counted = 0.0, 0
    for row, t in zip(logits.tolist(), targets.tolist()):
        if t == -100:
            continue
        s = [v + 1 if v >= 0 else 1 / (1 - v) for v in row]
        total += -math.log(s[t] / sum(s))
        counted += 1
    check("stablemax cross-entropy matches its definition",
          *close(ref.stablemax_cross_entropy(logits, targets).reshape(1),
                 torch.tensor([total / counted])))

    widths = {(16, 2.0): 21, (64, 4.0): 171, (128, 4.0): 341, (256, 4.0): 683, (6, 2.0): 8}
    check("swiglu inner widths round half up",
          all(ref.swiglu_inner_width(h, e) == w for (h, e), w in widths.items()))


# ---------------------------------------------------------------------------------------------
# 3. The fixture files
# ---------------------------------------------------------------------------------------------

BLOCK_WEIGHTS = {
    "block.self_attn.qkv_proj.weight": [48, 16],
    "block.self_attn.o_proj.weight": [16, 16],
    "block.mlp.gate_up_proj.weight": [42, 16],
    "block.mlp.down_proj.weight": [16, 21],
}
ATTN_WEIGHTS = {"attn.qkv_proj.weight": [36, 12], "attn.o_proj.weight": [12, 12]}


def expected_layout(weights, rows, hidden):
    layout = dict(weights)
    for name in ("x", "grad_out", "out", "grad/x"):
        layout[name] = [rows, hidden]
    for name, shape in weights.items():
        layout[f"grad/{name}"] = shape
    return layout


EXPECTED = {
    "block.safetensors": (
        expected_layout(BLOCK_WEIGHTS, 15, 16),
        {"hidden": "16", "heads": "2", "expansion": "2.0", "seq_len": "5", "batch": "3",
         "mask": "full", "rope_theta": "10000.0", "norm_eps": "1e-05"}),
    "attention_causal.safetensors": (
        expected_layout(ATTN_WEIGHTS, 12, 12),
        {"hidden": "12", "heads": "3", "seq_len": "6", "batch": "2", "mask": "causal",
         "window": "-1", "rope_theta": "10000.0"}),
    "attention_local.safetensors": (
        expected_layout(ATTN_WEIGHTS, 12, 12),
        {"hidden": "12", "heads": "3", "seq_len": "6", "batch": "2", "mask": "local",
         "window": "1", "rope_theta": "10000.0"}),
    "losses.safetensors": (
        {"logits": [12, 7], "targets": [12], "loss_stablemax": [1], "grad_stablemax": [12, 7],
         "loss_softmax": [1], "grad_softmax": [12, 7], "bce_logits": [4, 3],
         "bce_targets": [4, 3], "loss_bce": [1], "grad_bce": [4, 3]},
        {"ignore_index": "-100"}),
}


def recompute_module(tensors, meta, prefix):
    """out and gradients from the stored weights, x and grad_out, by a freshly built module."""
    seq_len = int(meta["seq_len"])
    if prefix == "block":
        module = ref.Block(int(meta["hidden"]), int(meta["heads"]), float(meta["expansion"]),
                           mask=meta["mask"], rope_theta=float(meta["rope_theta"]),
                           max_positions=seq_len, norm_eps=float(meta["norm_eps"]))
    else:
        module = ref.MultiHeadAttention(int(meta["hidden"]), int(meta["heads"]), meta["mask"],
                                        int(meta["window"]), float(meta["rope_theta"]), seq_len)
    module.load_state_dict({n[len(prefix) + 1:]: t for n, t in tensors.items()
                            if n.startswith(prefix + ".")})
    x = tensors["x"].clone().requires_grad_(True)
    out = module(x, seq_len)
    out.backward(tensors["grad_out"])
    result = {"out": out.detach(), "grad/x": x.grad}
    for n, p in module.named_parameters():
        result[f"grad/{prefix}.{n}"] = p.grad
    return result


def check_fixtures():
    folder = make_fixtures.DEFAULT_OUT
    for filename, (layout, metadata) in EXPECTED.items():
        path = os.path.join(folder, filename)
        if not os.path.exists(path):
            check(f"{filename} exists", False, "run make_fixtures.py first")
            continue
        tensors, meta = safetensors_f64.read(path)
        shapes = {n: list(t.shape) for n, t in tensors.items()}
        check(f"{filename} names and shapes", shapes == layout, str(shapes))
        check(f"{filename} metadata", meta == metadata, str(meta))
        if filename.startswith(("block", "attention")):
            prefix = "block" if filename.startswith("block") else "attn"
            for name, value in recompute_module(tensors, meta, prefix).items():
                check(f"{filename} {name} reproduced", torch.equal(value, tensors[name]))
        else:
            targets = tensors["targets"].to(torch.int64)
            check("losses targets are integers with some ignored",
                  torch.equal(targets.to(torch.float64), tensors["targets"])
                  and (targets == -100).sum().item() >= 2)
            logits = tensors["logits"].clone().requires_grad_(True)
            loss = ref.stablemax_cross_entropy(logits, targets, -100)
            loss.backward()
            check("losses stablemax reproduced",
                  torch.equal(loss.detach().reshape(1), tensors["loss_stablemax"])
                  and torch.equal(logits.grad, tensors["grad_stablemax"]))
            logits = tensors["logits"].clone().requires_grad_(True)
            loss = F.cross_entropy(logits, targets, ignore_index=-100)
            loss.backward()
            check("losses softmax reproduced",
                  torch.equal(loss.detach().reshape(1), tensors["loss_softmax"])
                  and torch.equal(logits.grad, tensors["grad_softmax"]))
            t = tensors["bce_targets"]
            check("bce targets are 0, 1 and some 0.5",
                  bool(((t == 0) | (t == 1) | (t == 0.5)).all()) and bool((t == 0.5).any())
                  and bool((t == 0).any()) and bool((t == 1).any()))
            # BCE by its overflow-free definition, written out independently of F.
            x = tensors["bce_logits"]
            bce = (x.clamp(min=0) - x * t + torch.log1p(torch.exp(-x.abs()))).mean()
            check("losses bce matches its definition", *close(bce.reshape(1), tensors["loss_bce"]))
            check("losses bce gradient is (sigmoid(x) - t) / n",
                  *close((torch.sigmoid(x) - t) / x.numel(), tensors["grad_bce"]))


def main():
    print(f"torch {torch.__version__}")
    check_gradients()
    check_forward_values()
    check_fixtures()
    if FAILURES:
        print(f"{len(FAILURES)} check(s) failed: {', '.join(FAILURES)}")
        sys.exit(1)
    print("all checks passed")


if __name__ == "__main__":
    main()
