#!/usr/bin/env python3
"""An independent PyTorch reference for depthlab's transformer layers, in float64.

depthlab's Java layers (package org.depthlab.nn) are checked against this file: the parity
fixtures in src/test/resources/parity/ are written from it by make_fixtures.py, and bench.py
times it next to the Java benchmarks. It is written for reading, not for speed, and it shares
no code with the Java side or with the HRM repository; both follow the published designs:

- RMSNorm without a learnable scale (Zhang and Sennrich 2019; HRM drops the scale):
  y = x / sqrt(mean(x^2) + eps), eps = 1e-5.
- Rotary position embedding (Su et al. 2021, "RoFormer", arXiv 2104.09864) in the
  "rotate half" layout: feature i of a head pairs with feature i + d/2, angle p * theta^(-2i/d).
- Multi-head scaled dot-product attention (Vaswani et al. 2017, section 3.2) with the mask
  written out as an additive matrix of 0 and -inf, so that full, causal and local-window
  attention are visibly the same computation.
- SwiGLU feed-forward (Shazeer 2020, "GLU Variants Improve Transformer"):
  down(silu(gate(x)) * up(x)), inner width round-half-up(expansion * hidden * 2/3).
- HRM's post-norm block (Wang et al. 2025, arXiv 2506.21734):
  x = rms(x + attn(x)); x = rms(x + mlp(x)).
- Stablemax cross-entropy (Prieto et al. 2025, arXiv 2501.04697), HRM's LM loss.

Layout, as in the Java code: activations are 2-D, rows = (sequence b, position p) at row
b*S + p, columns = features; head h owns columns [h*d, (h+1)*d). Parameter names match the
Java names one to one (nn-api: "<name>.qkv_proj.weight", ...), so a state dict of these modules
is a depthlab checkpoint and back.
"""

import math

import torch
import torch.nn.functional as F
from torch import nn

torch.set_default_dtype(torch.float64)


# ---------------------------------------------------------------------------------------------
# Pieces without parameters
# ---------------------------------------------------------------------------------------------

def rms_norm(x, eps=1e-5):
    """RMSNorm without scale over the last dimension: x / sqrt(mean(x^2) + eps)."""
    return x / torch.sqrt(x.pow(2).mean(dim=-1, keepdim=True) + eps)


def rope_tables(positions, head_dim, theta=10000.0):
    """cos and sin of p * omega_i, shape (positions, head_dim).

    omega_i = theta^(-2i/d) for i < d/2; each angle appears twice, at column i and column
    i + d/2, because feature i is rotated together with feature i + d/2.
    """
    if head_dim % 2 != 0:
        raise ValueError(f"RoPE needs an even head width, got {head_dim}")
    i = torch.arange(head_dim // 2, dtype=torch.float64)
    inv_freq = 1.0 / theta ** (2.0 * i / head_dim)
    p = torch.arange(positions, dtype=torch.float64)
    angles = torch.outer(p, inv_freq)                # (positions, d/2)
    angles = torch.cat([angles, angles], dim=-1)     # (positions, d)
    return angles.cos(), angles.sin()


def rotate_half(x):
    """(x1, x2) -> (-x2, x1) on the two halves of the last dimension."""
    half = x.shape[-1] // 2
    x1, x2 = x[..., :half], x[..., half:]
    return torch.cat([-x2, x1], dim=-1)


def apply_rope(x, cos, sin):
    """Rotates every pair (i, i + d/2): x * cos + rotate_half(x) * sin.

    x has shape (batch, seq, heads, d); cos and sin (seq, d), broadcast over batch and heads.
    """
    cos = cos[None, :, None, :]
    sin = sin[None, :, None, :]
    return x * cos + rotate_half(x) * sin


def additive_mask(seq_len, kind, window=-1):
    """(seq_len, seq_len) matrix: 0 where query i may see key j, -inf where it may not.

    kind "full": every j; "causal": j <= i; "local": |i - j| <= window (not causal).
    """
    i = torch.arange(seq_len)[:, None]
    j = torch.arange(seq_len)[None, :]
    if kind == "full":
        allowed = torch.ones(seq_len, seq_len, dtype=torch.bool)
    elif kind == "causal":
        allowed = j <= i
    elif kind == "local":
        if window < 0:
            raise ValueError(f"a local mask needs a radius >= 0, got {window}")
        allowed = (i - j).abs() <= window
    else:
        raise ValueError(f"unknown mask kind {kind!r}")
    zero = torch.zeros(seq_len, seq_len, dtype=torch.float64)
    return zero.masked_fill(~allowed, float("-inf"))


def swiglu_inner_width(hidden, expansion):
    """round-half-up(expansion * hidden * 2/3), as the Java SwiGlu.innerWidth."""
    return int(math.floor(expansion * hidden * 2.0 / 3.0 + 0.5))


def truncated_lecun_normal_(weight):
    """Normal with std 1/sqrt(fan_in), cut at two standard deviations (weight is out x in).

    Only for benchmarks and the self-check: parity fixtures set their weights explicitly,
    since Java and PyTorch draw different random numbers from the same seed.
    """
    std = 1.0 / math.sqrt(weight.shape[1])
    with torch.no_grad():
        nn.init.trunc_normal_(weight, mean=0.0, std=std, a=-2.0 * std, b=2.0 * std)
    return weight


def weight(out_features, in_features):
    """A bias-free linear weight, out x in (PyTorch and depthlab layout: y = x @ W.T)."""
    return nn.Parameter(truncated_lecun_normal_(torch.empty(out_features, in_features)))


# ---------------------------------------------------------------------------------------------
# Modules; attribute names give the parameter names of nn-api
# ---------------------------------------------------------------------------------------------

class Projection(nn.Module):
    """y = x @ W.T without bias; the parameter is "<name>.weight" like the Java Linear."""

    def __init__(self, in_features, out_features):
        super().__init__()
        self.weight = weight(out_features, in_features)

    def forward(self, x):
        return x @ self.weight.T


class MultiHeadAttention(nn.Module):
    """Attention with RoPE on q and k and an explicit additive mask.

    Parameters: qkv_proj.weight (3*hidden x hidden; output columns [0,h) = q, [h,2h) = k,
    [2h,3h) = v, each head-major) and o_proj.weight (hidden x hidden). No biases.
    """

    def __init__(self, hidden, heads, mask="full", window=-1, rope_theta=10000.0,
                 max_positions=64):
        super().__init__()
        if hidden % heads != 0:
            raise ValueError(f"hidden {hidden} does not split into {heads} heads")
        self.hidden = hidden
        self.heads = heads
        self.head_dim = hidden // heads
        self.mask = mask
        self.window = window
        self.rope_theta = rope_theta
        self.max_positions = max_positions
        self.qkv_proj = Projection(hidden, 3 * hidden)
        self.o_proj = Projection(hidden, hidden)
        # Constant tables, not parameters: persistent=False keeps them out of the state dict,
        # so the state dict holds exactly the Java parameter names.
        cos, sin = rope_tables(max_positions, self.head_dim, rope_theta)
        self.register_buffer("rope_cos", cos, persistent=False)
        self.register_buffer("rope_sin", sin, persistent=False)

    def forward(self, x, seq_len):
        rows, hidden = x.shape
        if rows % seq_len != 0:
            raise ValueError(f"{rows} rows is not a whole number of sequences of {seq_len}")
        if seq_len > self.max_positions:
            raise ValueError(f"sequence length {seq_len} exceeds {self.max_positions} positions")
        batch = rows // seq_len
        h, d = self.heads, self.head_dim

        qkv = self.qkv_proj(x)                                    # (B*S, 3*hidden)
        q, k, v = qkv.split(hidden, dim=-1)
        q = q.reshape(batch, seq_len, h, d)
        k = k.reshape(batch, seq_len, h, d)
        v = v.reshape(batch, seq_len, h, d)

        # Position = row mod seq_len: every sequence starts again at position 0.
        cos, sin = self.rope_cos[:seq_len], self.rope_sin[:seq_len]
        q = apply_rope(q, cos, sin)
        k = apply_rope(k, cos, sin)

        q, k, v = (t.transpose(1, 2) for t in (q, k, v))         # (B, H, S, d)
        scores = q @ k.transpose(-1, -2) / math.sqrt(d)           # (B, H, S, S)
        scores = scores + additive_mask(seq_len, self.mask, self.window)
        probs = torch.softmax(scores, dim=-1)
        out = probs @ v                                           # (B, H, S, d)
        out = out.transpose(1, 2).reshape(rows, hidden)           # back to head-major columns
        return self.o_proj(out)


class SwiGlu(nn.Module):
    """down(silu(gate) * up) with [gate | up] = gate_up_proj(x).

    Parameters: gate_up_proj.weight (2*inner x hidden; rows [0, inner) make the gate,
    [inner, 2*inner) the up projection) and down_proj.weight (hidden x inner).
    """

    def __init__(self, hidden, expansion):
        super().__init__()
        self.inner = swiglu_inner_width(hidden, expansion)
        self.gate_up_proj = Projection(hidden, 2 * self.inner)
        self.down_proj = Projection(self.inner, hidden)

    def forward(self, x):
        gate, up = self.gate_up_proj(x).chunk(2, dim=-1)
        return self.down_proj(F.silu(gate) * up)


class Block(nn.Module):
    """HRM's post-norm block: x = rms(x + attn(x)); x = rms(x + mlp(x)).

    Parameters: self_attn.qkv_proj.weight, self_attn.o_proj.weight, mlp.gate_up_proj.weight,
    mlp.down_proj.weight.
    """

    def __init__(self, hidden, heads, expansion, mask="full", window=-1, rope_theta=10000.0,
                 max_positions=64, norm_eps=1e-5):
        super().__init__()
        self.norm_eps = norm_eps
        self.self_attn = MultiHeadAttention(hidden, heads, mask, window, rope_theta,
                                            max_positions)
        self.mlp = SwiGlu(hidden, expansion)

    def forward(self, x, seq_len):
        x = rms_norm(x + self.self_attn(x, seq_len), self.norm_eps)
        x = rms_norm(x + self.mlp(x), self.norm_eps)
        return x


# ---------------------------------------------------------------------------------------------
# Losses
# ---------------------------------------------------------------------------------------------

def stablemax_s(x):
    """s(x) = x + 1 for x >= 0, 1 / (1 - x) for x < 0: positive and increasing, linear growth."""
    # Both branches are evaluated; clamping keeps the unused one finite so its gradient is 0.
    positive = x.clamp(min=0.0) + 1.0
    negative = 1.0 / (1.0 - x.clamp(max=0.0))
    return torch.where(x >= 0, positive, negative)


def log_stablemax(logits):
    """log(s(x) / sum_j s(x_j)) along the last dimension."""
    s = stablemax_s(logits)
    return torch.log(s / s.sum(dim=-1, keepdim=True))


def stablemax_cross_entropy(logits, targets, ignore_index=-100):
    """Mean over rows whose target is not ignore_index of -log_stablemax(x)[target].

    logits (rows, classes), targets (rows,) integers. No counted rows gives 0.
    """
    keep = targets != ignore_index
    safe = torch.where(keep, targets, torch.zeros_like(targets))
    picked = log_stablemax(logits).gather(-1, safe[:, None])[:, 0]
    losses = torch.where(keep, -picked, torch.zeros_like(picked))
    return losses.sum() / keep.sum().clamp(min=1)


# ---------------------------------------------------------------------------------------------
# FLOP count shared with the Java benchmark (benchmarks/README.md)
# ---------------------------------------------------------------------------------------------

def block_matmul_flops(rows, seq_len, hidden, expansion):
    """Forward matrix-product FLOPs of one Block over `rows` rows (2*m*n*k per product).

    qkv 6*N*h^2 + scores and probs@v 4*N*S*h + o_proj 2*N*h^2 + gate_up 4*N*h*i + down 2*N*h*i.
    """
    n, s, h = rows, seq_len, hidden
    i = swiglu_inner_width(hidden, expansion)
    return 8 * n * h * h + 4 * n * s * h + 6 * n * h * i


def block_train_flops(rows, seq_len, hidden, expansion):
    """Forward + backward FLOPs by the usual convention: 3 x the forward matrix products."""
    return 3 * block_matmul_flops(rows, seq_len, hidden, expansion)
