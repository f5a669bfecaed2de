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
4. HRM and TRM: gradcheck of a whole segment where every step is differentiated (HRM with
   N = T = 1, TRM with T = 1); the mixer block against a per-column loop form; HRM's step
   schedule against the paper's nested loops, and its one-step gradient shown to differ from
   the full gradient when N*T > 1; their fixtures checked and recomputed as in 3.

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


# ---------------------------------------------------------------------------------------------
# 4. The recurrent reasoners (HRM, TRM) and their fixtures
# ---------------------------------------------------------------------------------------------

def _segment_with(model, params, a, b, tokens):
    """model.segment(a, b, tokens) with the parameters replaced (functional_call on a method)."""
    class Segment(torch.nn.Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, a, b, tokens):
            return self.inner.segment(a, b, tokens)

    return functional_call(Segment(model), {f"inner.{n}": p for n, p in params.items()},
                           (a, b, tokens))


def reasoner_grad_ok(name, model, sequences, gen):
    """gradcheck of one segment's outputs with respect to the carry and every parameter."""
    with torch.no_grad():  # q_head off its zero start, so its path is exercised
        model.q_head.weight.copy_(torch.randn(model.q_head.weight.shape, generator=gen) * 0.5)
    names = [n for n, _ in model.named_parameters()]
    weights = [p.detach().clone().requires_grad_(True) for _, p in model.named_parameters()]
    rows = sequences * model.state_len
    tokens = torch.randint(0, model.embed_tokens.weight.shape[0], (sequences * model.seq_len,),
                           generator=gen)
    carry = [torch.randn(rows, model.hidden, generator=gen).requires_grad_(True) for _ in range(2)]

    def fn(a, b, *ws):
        logits, q_halt, q_continue, _ = _segment_with(model, dict(zip(names, ws)), a, b, tokens)
        return torch.cat([logits.reshape(-1), q_halt.reshape(-1), q_continue.reshape(-1)])

    grad_ok(name, fn, (*carry, *weights))


def mixer_by_loops(block, x, seq_len):
    """MixerBlock.forward written per sequence and per feature column, norms by definition."""
    rows, hidden = x.shape
    eps = block.norm_eps
    out = torch.empty_like(x)
    for b in range(rows // seq_len):
        xb = x[b * seq_len:(b + 1) * seq_len]               # (S, h)
        mixed = torch.empty_like(xb)
        for c in range(hidden):
            column = xb[:, c]                                # one feature over all positions
            v = column + block.mlp_t(column.reshape(1, seq_len)).reshape(seq_len)
            mixed[:, c] = v / math.sqrt(float((v * v).mean()) + eps)
        for p in range(seq_len):
            v = mixed[p] + block.mlp(mixed[p].reshape(1, hidden)).reshape(hidden)
            out[b * seq_len + p] = v / math.sqrt(float((v * v).mean()) + eps)
    return out


def hrm_by_nested_loops(model, z_h, z_l, tokens):
    """HRM's segment as the paper's nested loops (section 3, Figure 4's pseudocode), the last
    L-step and H-step pulled out of the no-grad loop by hand."""
    x = model.embed(tokens)
    s = model.state_len
    n, t = model.h_cycles, model.l_cycles
    with torch.no_grad():
        for i in range(n):
            for j in range(t):
                if i == n - 1 and j == t - 1:
                    break
                z_l = model.L_level(z_l, z_h + x, s)
            if i < n - 1:
                z_h = model.H_level(z_h, z_l, s)
    z_l = model.L_level(z_l, z_h + x, s)
    z_h = model.H_level(z_h, z_l, s)
    return model.read_out(z_h), z_h, z_l


def check_reasoners():
    g = torch.Generator().manual_seed(31)
    torch.manual_seed(31)

    block = ref.MixerBlock(6, 4, 2.0)
    module_grad_ok("mixer block", block, torch.randn(8, 6, generator=g), 4)
    x = torch.randn(8, 6, generator=g)
    with torch.no_grad():
        check("mixer block equals its per-column loop form",
              *close(block(x, 4), mixer_by_loops(block, x, 4)))

    # Everything differentiated: HRM with N = T = 1 and TRM with T = 1 have no hidden steps,
    # so their gradient is the full gradient and finite differences must agree.
    reasoner_grad_ok("hrm N=T=1 rope", ref.Hrm(5, 3, 4, 2, 1.0, 1, 1, 1, 1, "rope"), 2, g)
    reasoner_grad_ok("hrm N=T=1 learned", ref.Hrm(5, 3, 4, 2, 1.0, 1, 1, 1, 1, "learned"), 2, g)
    reasoner_grad_ok("trm T=1 n=2 attention", ref.Trm(5, 3, 4, 2, 1.0, 1, 1, 2, False), 2, g)
    reasoner_grad_ok("trm T=1 n=1 mixer", ref.Trm(5, 3, 4, 2, 1.0, 1, 1, 1, True), 2, g)

    # With hidden steps the gradient is by design not the full one: the schedule form and the
    # paper's nested loops agree with each other, and both differ from finite differences.
    hrm = ref.Hrm(5, 3, 4, 2, 1.0, 1, 2, 2, 3, "rope")
    tokens = torch.randint(0, 5, (6,), generator=g)               # 2 sequences of 3 cells
    z_h, z_l = (torch.randn(8, 4, generator=g) for _ in range(2))  # 2 x (prefix + 3 cells)
    logits, q_halt, _, (new_h, new_l) = hrm.segment(z_h, z_l, tokens)
    (logits.sum() + q_halt.sum()).backward()
    by_schedule = [p.grad.clone() for p in hrm.parameters()]
    hrm.zero_grad(set_to_none=True)
    (logits2, q_halt2, _), h2, l2 = hrm_by_nested_loops(hrm, z_h, z_l, tokens)
    (logits2.sum() + q_halt2.sum()).backward()
    by_loops = [p.grad.clone() for p in hrm.parameters()]
    check("hrm schedule equals the nested loops (values and one-step gradients)",
          torch.equal(logits, logits2) and torch.equal(new_h, h2.detach())
          and torch.equal(new_l, l2.detach())
          and all(torch.equal(a, b) for a, b in zip(by_schedule, by_loops)))
    weight = hrm.L_level.layers[0].mlp.down_proj.weight
    with torch.no_grad():
        eps = 1e-6
        weight[0, 0] += eps
        up = hrm.segment(z_h, z_l, tokens)
        weight[0, 0] -= 2 * eps
        down = hrm.segment(z_h, z_l, tokens)
        weight[0, 0] += eps
        numeric = ((up[0].sum() + up[1].sum()) - (down[0].sum() + down[1].sum())) / (2 * eps)
    one_step = by_schedule[[n for n, _ in hrm.named_parameters()].index(
        "L_level.layers.0.mlp.down_proj.weight")][0, 0]
    check("hrm one-step gradient differs from the full gradient when N*T > 1",
          abs(one_step.item() - numeric.item()) > 1e-4 * max(1.0, abs(numeric.item())),
          f"one-step {one_step.item():.6g}, finite differences {numeric.item():.6g}")


def reasoner_layout(filename, meta):
    """Names and shapes a reasoner fixture must hold, from a freshly built reference model."""
    model = build_reasoner(meta)
    carry = ("zH", "zL") if meta["model"] == "hrm" else ("y", "z")
    rows, hidden = int(meta["sequences"]) * int(meta["seq_len"]), int(meta["hidden"])
    state_rows = int(meta["sequences"]) * (int(meta["seq_len"]) + 1)   # a prefix per sequence
    shape_of = {n: list(p.shape) for n, p in model.named_parameters()}
    layout = dict(shape_of)
    layout["H_init"] = [hidden]
    layout["L_init"] = [hidden]
    layout["inputs"] = layout["targets"] = [int(meta["sequences"]), int(meta["seq_len"])]
    for name in carry:
        layout[f"carry/{name}"] = [state_rows, hidden]
    layout["t_halt"] = [int(meta["sequences"]), 1]
    if meta["model"] == "hrm":
        layout["t_continue"] = [int(meta["sequences"]), 1]
    layout["logits"] = [rows, int(meta["vocab"])]
    layout["q_halt"] = [int(meta["sequences"]), 1]
    if meta["model"] == "hrm":
        layout["q_continue"] = [int(meta["sequences"]), 1]
    for name in carry:
        layout[f"new/{name}"] = [state_rows, hidden]
    layout["loss"] = [1]
    for n, shape in shape_of.items():
        layout[f"grad/{n}"] = shape
    return layout


def build_reasoner(meta):
    common = dict(vocab=int(meta["vocab"]), seq_len=int(meta["seq_len"]), hidden=int(meta["hidden"]),
                  heads=int(meta["heads"]), expansion=float(meta["expansion"]),
                  positions=meta["positions"], norm_eps=float(meta["norm_eps"]))
    if meta["model"] == "hrm":
        return ref.Hrm(**common, h_layers=int(meta["h_layers"]), l_layers=int(meta["l_layers"]),
                       h_cycles=int(meta["h_cycles"]), l_cycles=int(meta["l_cycles"]))
    return ref.Trm(**common, layers=int(meta["layers"]), recursions=int(meta["recursions"]),
                   latent_steps=int(meta["latent_steps"]), mixer=meta["mixer"] == "true")


REASONER_COMMON = {"vocab": "6", "seq_len": "16", "hidden": "16", "heads": "2", "expansion": "2.0",
                   "sequences": "2", "ignore_index": "0", "rope_theta": "10000.0",
                   "norm_eps": "1e-05"}
REASONER_METADATA = {
    "hrm.safetensors": dict(REASONER_COMMON, model="hrm", h_layers="1", l_layers="2",
                            h_cycles="2", l_cycles="2", positions="rope"),
    "hrm_learned.safetensors": dict(REASONER_COMMON, model="hrm", h_layers="1", l_layers="2",
                                    h_cycles="2", l_cycles="2", positions="learned"),
    "trm.safetensors": dict(REASONER_COMMON, model="trm", layers="2", recursions="2",
                            latent_steps="2", mixer="false", positions="rope"),
    "trm_mixer.safetensors": dict(REASONER_COMMON, model="trm", layers="2", recursions="2",
                                  latent_steps="2", mixer="true", positions="rope", hidden="12"),
}


def check_reasoner_fixtures():
    folder = make_fixtures.DEFAULT_OUT
    for filename, metadata in REASONER_METADATA.items():
        path = os.path.join(folder, filename)
        if not os.path.exists(path):
            check(f"{filename} exists", False, "run make_fixtures.py first")
            continue
        tensors, meta = safetensors_f64.read(path)
        check(f"{filename} metadata", meta == metadata, str(meta))
        shapes = {n: list(t.shape) for n, t in tensors.items()}
        check(f"{filename} names and shapes", shapes == reasoner_layout(filename, meta), str(shapes))
        targets = tensors["targets"].to(torch.int64)
        check(f"{filename} targets are token ids with some PAD (ignored)",
              torch.equal(targets.to(torch.float64), tensors["targets"])
              and (targets == 0).sum().item() >= 2)
        check(f"{filename} halting targets lie in [0, 1]",
              all(bool(((tensors[k] >= 0) & (tensors[k] <= 1)).all())
                  for k in ("t_halt", "t_continue") if k in tensors))

        # Everything again, from the stored weights and data, by a freshly built model.
        model = build_reasoner(meta)
        state = {n: tensors[n] for n in model.state_dict()}
        model.load_state_dict(state)
        carry = ("zH", "zL") if meta["model"] == "hrm" else ("y", "z")
        hrm = meta["model"] == "hrm"
        logits, q_halt, q_continue, new = model.segment(
            tensors[f"carry/{carry[0]}"], tensors[f"carry/{carry[1]}"],
            tensors["inputs"].to(torch.int64).reshape(-1))
        loss = ref.segment_loss(logits, targets.reshape(-1), q_halt, tensors["t_halt"],
                                q_continue if hrm else None, tensors.get("t_continue"), 0)
        loss.backward()
        same = (torch.equal(logits.detach(), tensors["logits"])
                and torch.equal(q_halt.detach(), tensors["q_halt"])
                and (not hrm or torch.equal(q_continue.detach(), tensors["q_continue"]))
                and all(torch.equal(s, tensors[f"new/{n}"]) for n, s in zip(carry, new))
                and torch.equal(loss.detach().reshape(1), tensors["loss"]))
        check(f"{filename} outputs reproduced", same)
        grads = all(torch.equal(p.grad, tensors[f"grad/{n}"]) for n, p in model.named_parameters())
        check(f"{filename} gradients reproduced", grads)
        # TRM trains no continue head: the second row of q_head gets no gradient.
        if not hrm:
            check(f"{filename} q_continue takes no gradient",
                  not tensors["grad/q_head.weight"][1].any().item()
                  and tensors["grad/q_head.bias"][1].item() == 0.0)
        else:
            check(f"{filename} every parameter has a nonzero gradient (one-step: all are used)",
                  all(tensors[f"grad/{n}"].any().item() for n, _ in model.named_parameters()))


def main():
    print(f"torch {torch.__version__}")
    check_gradients()
    check_forward_values()
    check_fixtures()
    check_reasoners()
    check_reasoner_fixtures()
    if FAILURES:
        print(f"{len(FAILURES)} check(s) failed: {', '.join(FAILURES)}")
        sys.exit(1)
    print("all checks passed")


if __name__ == "__main__":
    main()
