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
- TRM's MLP-mixer block (Jolicoeur-Martineau 2025, arXiv 2510.04871; Tolstikhin et al. 2021,
  "MLP-Mixer"): a SwiGLU over positions, then one over features, both post-norm.
- HRM (Wang et al. 2025): H and L modules of Blocks with input injection, N*T steps per
  segment, all but the last L-step and H-step without gradient (the one-step gradient).
- TRM (Jolicoeur-Martineau 2025): one network for z <- net(z + y + x) and y <- net(y + z),
  T - 1 recursions without gradient, the last one differentiated in full.
- Stablemax cross-entropy (Prieto et al. 2025, arXiv 2501.04697), HRM's LM loss, and HRM's
  segment loss with binary cross-entropy on the halting logits.
- Adam-atan2 (Everett et al. 2024, arXiv 2407.05872), the optimizer HRM and TRM train with.

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
    """Attention with RoPE on q and k (unless rope_theta is 0) and an explicit additive mask.

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
        # so the state dict holds exactly the Java parameter names. rope_theta = 0 means no
        # rotation at all (a model whose input carries learned positions instead).
        self.uses_rope = rope_theta > 0
        if self.uses_rope:
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

        if self.uses_rope:
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


class MixerBlock(nn.Module):
    """TRM's attention-free block (its MLP variant; token mixing as in Tolstikhin et al. 2021,
    "MLP-Mixer", arXiv 2105.01601):

        u = x_b^T                       per sequence b: features x positions
        u = rms(u + mlp_t(u))           mlp_t: a SwiGLU of width seq_len, over positions
        x_b = u^T
        x = rms(x + mlp(x))             the usual SwiGLU over features

    The first norm is taken in the transposed layout, so it normalises each feature's column
    of positions. Parameters: mlp_t.gate_up_proj.weight, mlp_t.down_proj.weight,
    mlp.gate_up_proj.weight, mlp.down_proj.weight.
    """

    def __init__(self, hidden, seq_len, expansion, norm_eps=1e-5):
        super().__init__()
        self.seq_len = seq_len
        self.norm_eps = norm_eps
        self.mlp_t = SwiGlu(seq_len, expansion)
        self.mlp = SwiGlu(hidden, expansion)

    def forward(self, x, seq_len):
        if seq_len != self.seq_len:
            raise ValueError(f"this mixer block mixes {self.seq_len} positions, got {seq_len}")
        rows, hidden = x.shape
        u = x.reshape(rows // seq_len, seq_len, hidden).transpose(1, 2)   # (B, h, S)
        u = rms_norm(u + self.mlp_t(u), self.norm_eps)
        x = u.transpose(1, 2).reshape(rows, hidden)
        return rms_norm(x + self.mlp(x), self.norm_eps)


# ---------------------------------------------------------------------------------------------
# Recurrent reasoners: HRM and TRM, one supervision segment each
# ---------------------------------------------------------------------------------------------

class ReasoningModule(nn.Module):
    """A stack of layers that takes an input injection: layers(hidden + injection).

    HRM's H and L modules and TRM's one network are of this kind (Wang et al. 2025, section
    3: the injection is added to the state before the first layer). Parameters:
    layers.<i>.<layer parameters>.
    """

    def __init__(self, layers):
        super().__init__()
        self.layers = nn.ModuleList(layers)

    def forward(self, hidden, injection, seq_len):
        h = hidden + injection
        for layer in self.layers:
            h = layer(h, seq_len)
        return h


class TokenEmbedding(nn.Module):
    """A table of vectors, one row per id; the parameter is "weight" (ids x dim)."""

    def __init__(self, count, dim):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(count, dim))
        with torch.no_grad():
            nn.init.trunc_normal_(self.weight, std=1.0 / math.sqrt(dim),
                                  a=-2.0 / math.sqrt(dim), b=2.0 / math.sqrt(dim))

    def forward(self, ids):
        return self.weight[ids]


class HaltingHead(nn.Module):
    """(q_halt, q_continue) = x @ W.T + b; HRM starts it at W = 0, b = -5 ("do not stop yet")."""

    def __init__(self, hidden):
        super().__init__()
        self.weight = nn.Parameter(torch.zeros(2, hidden))
        self.bias = nn.Parameter(torch.full((2,), -5.0))

    def forward(self, x):
        return x @ self.weight.T + self.bias


class RecurrentReasoner(nn.Module):
    """What HRM and TRM share around their recurrent core (Wang et al. 2025, section 3):

    - one learned puzzle-embedding position (puzzle_emb, a single identifier) in front of the
      seq_len puzzle tokens of every sequence, so states have seq_len + 1 positions;
    - input x = sqrt(h) * [puzzle_emb; embed_tokens[tokens]], or, with learned positions,
      x = sqrt(h) * ([puzzle_emb; embed_tokens[tokens]] + embed_pos[position]) / sqrt(2);
    - answer logits = lm_head(z) at the puzzle positions, bias-free;
    - halting logits (q_halt, q_continue) = q_head(z at the prefix position of each sequence);
    - two fixed initial states H_init and L_init (buffers, normal with std 1), broadcast to every
      position when a sequence starts.

    State rows are (sequence b, position p) at b * (seq_len + 1) + p, the prefix at p = 0;
    logits rows are b * seq_len + p. The attributes are created in depthlab's parameter order:
    embed_tokens, puzzle_emb, embed_pos, lm_head, q_head, then the core's modules.
    """

    def __init__(self, vocab, seq_len, hidden, positions):
        super().__init__()
        if positions not in ("rope", "learned"):
            raise ValueError(f"positions must be 'rope' or 'learned', got {positions!r}")
        self.seq_len = seq_len
        self.state_len = seq_len + 1
        self.hidden = hidden
        self.positions = positions
        self.embed_tokens = TokenEmbedding(vocab, hidden)
        self.puzzle_emb = TokenEmbedding(1, hidden)
        with torch.no_grad():
            self.puzzle_emb.weight.zero_()
        if positions == "learned":
            self.embed_pos = TokenEmbedding(self.state_len, hidden)
        self.lm_head = Projection(hidden, vocab)
        self.q_head = HaltingHead(hidden)

    def register_initial_states(self):
        """H_init and L_init, registered after the core so that the buffers come last."""
        for name in ("H_init", "L_init"):
            state = torch.empty(self.hidden)
            nn.init.trunc_normal_(state, std=1.0, a=-2.0, b=2.0)
            self.register_buffer(name, state)

    def embed(self, tokens):
        sequences = tokens.shape[0] // self.seq_len
        cells = self.embed_tokens(tokens).reshape(sequences, self.seq_len, self.hidden)
        prefix = self.puzzle_emb.weight.expand(sequences, 1, self.hidden)
        x = torch.cat([prefix, cells], dim=1).reshape(sequences * self.state_len, self.hidden)
        if self.positions == "learned":
            where = torch.arange(x.shape[0]) % self.state_len
            x = (x + self.embed_pos(where)) / math.sqrt(2.0)
        return math.sqrt(self.hidden) * x

    def read_out(self, z):
        """(logits, q_halt, q_continue): logits (sequences * seq_len, vocab), the q's (sequences, 1)."""
        sequences = z.shape[0] // self.state_len
        per_sequence = z.reshape(sequences, self.state_len, self.hidden)
        q = self.q_head(per_sequence[:, 0])          # the prefix position of every sequence
        cells = per_sequence[:, 1:].reshape(sequences * self.seq_len, self.hidden)
        return self.lm_head(cells), q[:, 0:1], q[:, 1:2]

    def initial_carry(self, sequences):
        rows = sequences * self.state_len
        return self.H_init.expand(rows, -1).clone(), self.L_init.expand(rows, -1).clone()


class Hrm(RecurrentReasoner):
    """The Hierarchical Reasoning Model's inner model (Wang et al. 2025, arXiv 2506.21734),
    one supervision segment:

        for i in 1..N:                  N = h_cycles
            for j in 1..T:              T = l_cycles
                zL = L_level(zL, zH + x)
            zH = H_level(zH, zL)
        logits = lm_head(zH); (q_halt, q_continue) = q_head(zH at position 0)

    The one-step gradient (section 3.1, the DEQ view with (I - J)^-1 ~ I): every step of that
    schedule except the last L-step and the last H-step runs under torch.no_grad(), so only the
    last two are differentiated, from states that are constants. The carry leaving the
    segment is detached. Blocks are the post-norm Block above (attention with RoPE, or without
    positions when the input carries learned ones).
    """

    def __init__(self, vocab, seq_len, hidden, heads, expansion, h_layers, l_layers,
                 h_cycles, l_cycles, positions="rope", norm_eps=1e-5):
        super().__init__(vocab, seq_len, hidden, positions)
        self.h_cycles = h_cycles
        self.l_cycles = l_cycles
        theta = 10000.0 if positions == "rope" else 0.0

        def block():
            return Block(hidden, heads, expansion, mask="full", rope_theta=theta,
                         max_positions=seq_len + 1, norm_eps=norm_eps)

        self.H_level = ReasoningModule([block() for _ in range(h_layers)])
        self.L_level = ReasoningModule([block() for _ in range(l_layers)])
        self.register_initial_states()

    def schedule(self):
        """The segment's updates in order: T times "L", then "H"; all that N times."""
        return (["L"] * self.l_cycles + ["H"]) * self.h_cycles

    def segment(self, z_h, z_l, tokens):
        """One segment from the carry (z_h, z_l): logits, q_halt, q_continue, new (z_h, z_l)."""
        x = self.embed(tokens)
        s = self.state_len

        def update(step, z_h, z_l):
            if step == "L":
                return z_h, self.L_level(z_l, z_h + x, s)
            return self.H_level(z_h, z_l, s), z_l

        steps = self.schedule()
        with torch.no_grad():
            for step in steps[:-2]:
                z_h, z_l = update(step, z_h, z_l)
        for step in steps[-2:]:                     # "L", then "H": the one-step gradient
            z_h, z_l = update(step, z_h, z_l)
        logits, q_halt, q_continue = self.read_out(z_h)
        return logits, q_halt, q_continue, (z_h.detach(), z_l.detach())


class Trm(RecurrentReasoner):
    """The Tiny Recursive Model (Jolicoeur-Martineau 2025, arXiv 2510.04871), one supervision
    segment. One network L_level makes both updates; a recursion is

        z = L_level(z, y + x)    n times      (n = latent_steps)
        y = L_level(y, z)        once

    and a segment is T recursions (T = recursions): T - 1 under torch.no_grad(), then one more
    differentiated in full through all n + 1 applications. logits = lm_head(y),
    q_halt = q_head(y at position 0) (TRM keeps a two-output head; its second output is not
    trained). The network is `layers` post-norm attention Blocks, or MixerBlocks for the MLP
    variant. The carry is (y, z), stored in H_init (y) and L_init (z) when a sequence starts.
    """

    def __init__(self, vocab, seq_len, hidden, heads, expansion, layers, recursions,
                 latent_steps, mixer=False, positions="rope", norm_eps=1e-5):
        super().__init__(vocab, seq_len, hidden, positions)
        self.recursions = recursions
        self.latent_steps = latent_steps
        theta = 10000.0 if positions == "rope" else 0.0
        if mixer:
            blocks = [MixerBlock(hidden, seq_len + 1, expansion, norm_eps) for _ in range(layers)]
        else:
            blocks = [Block(hidden, heads, expansion, mask="full", rope_theta=theta,
                            max_positions=seq_len + 1, norm_eps=norm_eps) for _ in range(layers)]
        self.L_level = ReasoningModule(blocks)
        self.register_initial_states()

    def recursion(self, y, z, x):
        s = self.state_len
        for _ in range(self.latent_steps):
            z = self.L_level(z, y + x, s)
        y = self.L_level(y, z, s)
        return y, z

    def segment(self, y, z, tokens):
        """One segment from the carry (y, z): logits, q_halt, q_continue, new (y, z)."""
        x = self.embed(tokens)
        with torch.no_grad():
            for _ in range(self.recursions - 1):
                y, z = self.recursion(y, z, x)
        y, z = self.recursion(y, z, x)              # back-propagated in full
        logits, q_halt, q_continue = self.read_out(y)
        return logits, q_halt, q_continue, (y.detach(), z.detach())


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


def segment_loss(logits, targets, q_halt, t_halt, q_continue=None, t_continue=None,
                 ignore_index=0):
    """The loss of one supervision segment, as HRM trains it (Wang et al. 2025, section 3.3):

        mean stablemax CE(logits, targets) over labelled rows
        + 0.5 * (BCE_logits(q_halt, t_halt) + BCE_logits(q_continue, t_continue))

    each BCE a mean over sequences; TRM has no continue term (pass q_continue=None). Token 0
    (PAD) means "no label" in depthlab's targets, hence ignore_index=0.
    """
    loss = stablemax_cross_entropy(logits, targets, ignore_index)
    q = F.binary_cross_entropy_with_logits(q_halt, t_halt)
    if q_continue is not None:
        q = q + F.binary_cross_entropy_with_logits(q_continue, t_continue)
    return loss + 0.5 * q


# ---------------------------------------------------------------------------------------------
# Adam-atan2, the optimizer HRM and TRM train with (for the training benchmark)
# ---------------------------------------------------------------------------------------------

class AdamAtan2(torch.optim.Optimizer):
    """Adam with m_hat / (sqrt(v_hat) + eps) replaced by an atan2 (Everett et al. 2024, arXiv
    2407.05872), with decoupled weight decay, as the released adam-atan2 package (0.0.3) that
    the HRM code imports computes it (a = b = 1; the first bias correction outside the atan2):

        p *= 1 - lr * wd;  m = b1*m + (1-b1)*g;  v = b2*v + (1-b2)*g^2
        p -= lr / (1 - b1^t) * atan2(m, sqrt(v) / sqrt(1 - b2^t))

    A parameter whose .grad is None is skipped. (optim_fixtures.py checks the same update
    against depthlab's with plain tensors.)
    """

    def __init__(self, params, lr=1e-4, betas=(0.9, 0.95), weight_decay=0.1):
        super().__init__(params, dict(lr=lr, betas=betas, weight_decay=weight_decay))

    @torch.no_grad()
    def step(self):
        for group in self.param_groups:
            lr, (b1, b2), wd = group["lr"], group["betas"], group["weight_decay"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if not state:
                    state["step"] = 0
                    state["exp_avg"] = torch.zeros_like(p)
                    state["exp_avg_sq"] = torch.zeros_like(p)
                state["step"] += 1
                t = state["step"]
                m, v, g = state["exp_avg"], state["exp_avg_sq"], p.grad
                p.mul_(1 - lr * wd)
                m.mul_(b1).add_(g, alpha=1 - b1)
                v.mul_(b2).addcmul_(g, g, value=1 - b2)
                denom = v.sqrt() / math.sqrt(1 - b2 ** t)
                p.add_(torch.atan2(m, denom), alpha=-lr / (1 - b1 ** t))


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


def hrm_train_flops(rows, seq_len, hidden, expansion, h_layers, l_layers, h_cycles, l_cycles):
    """Block FLOPs of one HRM training update (the heads and embeddings are left out).

    Forward: the segment applies N*T*l_layers + N*h_layers blocks, and the extra forward for
    the Q-continue target as many again; backward: only the last L-step and the last H-step,
    (l_layers + h_layers) blocks at 2x their forward each.
    """
    forward = 2 * (h_cycles * l_cycles * l_layers + h_cycles * h_layers)
    backward = 2 * (l_layers + h_layers)
    return (forward + backward) * block_matmul_flops(rows, seq_len, hidden, expansion)


def trm_train_flops(rows, seq_len, hidden, expansion, layers, recursions, latent_steps):
    """Block FLOPs of one TRM training update (the heads and embeddings are left out).

    Forward: a segment applies recursions * (latent_steps + 1) * layers blocks; backward: the
    last recursion, (latent_steps + 1) * layers blocks at 2x their forward each.
    """
    forward = recursions * (latent_steps + 1) * layers
    backward = 2 * (latent_steps + 1) * layers
    return (forward + backward) * block_matmul_flops(rows, seq_len, hidden, expansion)
