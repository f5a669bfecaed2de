#!/usr/bin/env python3
"""Fixtures made by the original HRM and TRM code, for `depthlab import` and `export`.

The equivalence tests of depthlab's import need the published models themselves, not a
re-implementation: this script fetches the original repositories at pinned commits, builds
small models with their own model code, and records what those models compute.

    python3 benchmarks/reference/original_fixtures.py                 # clones both repositories
    python3 benchmarks/reference/original_fixtures.py --hrm-checkout ~/src/HRM --trm-checkout ~/src/TinyRecursiveModels

A checkout (or bare clone) given with --hrm-checkout / --trm-checkout must contain the pinned
commit; the code is read from that commit (`git show COMMIT:PATH`), whatever is checked out, and
nothing of it is written into this project. Without a checkout the script clones the GitHub
repository into a temporary folder.

For every fixture it writes src/test/resources/original/<name>/:

  checkpoint.safetensors  the model's state dict as `pretrain.py` saves it (keys
                          `_orig_mod.model.inner.*`: the ACT loss head, compiled), converted by
                          convert_checkpoint.py — F64, or F32 parameters with BF16 or F32 buffers
  config.yaml / .json     the architecture config, in one of the three forms import reads
  expected.safetensors    the puzzles (`inputs`, I64), and for each puzzle identifier and segment
                          the logits and Q values the original code computes:
                          `<id>/<segment>/logits` (B x S x V), `.../q_halt`, `.../q_continue` (B),
                          in float64; for an F32 or BF16 checkpoint also `native/<id>/<segment>/...`,
                          what the original computes in its own precision; with learned
                          positions also `sqrt_half/<id>/<segment>/...`, the original with its
                          constant 0.707106781 replaced by depthlab's 1/√2

What is changed in memory, and only there (the repositories' files are not edited):
  * HRM imports FlashAttention, a CUDA kernel; its import is replaced by an attention written
    with PyTorch's `scaled_dot_product_attention` (a float64-capable reference on a PyTorch
    older than 2.0, which has none). TRM already uses `scaled_dot_product_attention`.
  * `nn.Buffer` (PyTorch 2.5) is provided on older PyTorch: it registers a buffer, as 2.5 does;
    so is the type alias `torch.optim.optimizer.ParamsT` (2.2), which only annotates, and on
    PyTorch 1.x the sign-SGD optimizer's bare `@torch.no_grad` decorator gets its parentheses.
  * For the float64 outputs only, the three places where the original code computes in float32
    whatever the model's dtype compute in the model's dtype: `rms_norm` (casts to float32), the
    RoPE tables (float32) and the Q head's output (cast to float32). Everything else runs as
    published. The `native/...` outputs run the original code unchanged but for attention.
  * The Q head and the puzzle embeddings start at zero in the original (a constant -5 and a
    zero row); the fixtures give them random values so that the comparison sees them.

Then, after `depthlab import` and `depthlab export` of a fixture:

    python3 benchmarks/reference/original_fixtures.py check --from hrm \\
        --config src/test/resources/original/hrm/config.yaml \\
        --expected src/test/resources/original/hrm/expected.safetensors exported.safetensors

builds the original model again, loads the exported state dict with
`load_state_dict(strict=True)` and compares its outputs with the recorded ones.
`roundtrip DEPTHLAB` does all of it for every fixture (import, export, check).

Needs torch, pydantic and pyyaml (the original code imports pydantic; TRM's layers also einops).
"""

import argparse
import ast
import contextlib
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import types

import torch
import torch.nn.functional as F
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import convert_checkpoint  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, "..", "..", "src", "test", "resources", "original"))

REPOS = {
    "hrm": dict(url="https://github.com/sapientinc/HRM", commit="42410daaaf6ac8b266536d105a6e2362ffe40929",
                package="models.hrm", module="models.hrm.hrm_act_v1", path="models/hrm/hrm_act_v1.py",
                cls="HierarchicalReasoningModel_ACTV1", name="hrm.hrm_act_v1@HierarchicalReasoningModel_ACTV1"),
    "trm": dict(url="https://github.com/SamsungSAILMontreal/TinyRecursiveModels",
                commit="e7b68717f0a6c4cbb4ce6fbef787b14f42083bd9", package="models.recursive_reasoning",
                module="models.recursive_reasoning.trm", path="models/recursive_reasoning/trm.py",
                cls="TinyRecursiveReasoningModel_ACTV1", name="recursive_reasoning.trm@TinyRecursiveReasoningModel_ACTV1"),
}

# 4x4 Sudoku's encoding (PAD 0, blank 1, digit d -> d + 1), as depthlab's task sudoku4 and HRM's datasets
VOCAB, SEQ_LEN, TASK = 6, 16, "sudoku4"
PUZZLES, SEGMENTS = 3, 3

COMMON = dict(hidden_size=8, num_heads=2, expansion=4, halt_max_steps=4, halt_exploration_prob=0.1)
FIXTURES = [
    # name, repo, storage ("f64", or the dtype the original trains in), config form, puzzle ids recorded, arch
    ("hrm", "hrm", "f64", "all_config", 3, [2, 0],
     dict(COMMON, H_cycles=2, L_cycles=2, H_layers=1, L_layers=2, puzzle_emb_ndim=8, pos_encodings="rope")),
    ("hrm_bf16", "hrm", "bfloat16", "all_config", 1, [0],
     dict(COMMON, H_cycles=2, L_cycles=2, H_layers=1, L_layers=1, puzzle_emb_ndim=8, pos_encodings="rope")),
    ("hrm_learned", "hrm", "f64", "model_json", 1, [0],
     dict(COMMON, H_cycles=1, L_cycles=3, H_layers=1, L_layers=1, puzzle_emb_ndim=8, pos_encodings="learned")),
    ("trm", "trm", "f64", "arch_yaml", 1, [0],
     dict(COMMON, H_cycles=2, L_cycles=2, H_layers=0, L_layers=2, puzzle_emb_ndim=8, pos_encodings="rope",
          mlp_t=False, puzzle_emb_len=16, no_ACT_continue=True)),
    ("trm_mixer", "trm", "float32", "all_config", 1, [0],
     dict(COMMON, H_cycles=2, L_cycles=3, H_layers=0, L_layers=1, puzzle_emb_ndim=8, pos_encodings="none",
          mlp_t=True, puzzle_emb_len=16, no_ACT_continue=True)),
]


# ----------------------------------------------------------------------------- the original code

class Source:
    """The files of one repository at its pinned commit: a given checkout or a fresh clone."""

    def __init__(self, repo, checkout=None):
        self.url, self.commit = repo["url"], repo["commit"]
        self._tmp = None
        if checkout is None:
            self._tmp = tempfile.mkdtemp(prefix="depthlab-original-")
            subprocess.run(["git", "clone", "--quiet", "--no-checkout", self.url, self._tmp], check=True)
            checkout = self._tmp
        self.dir = checkout
        ok = subprocess.run(["git", "-C", checkout, "cat-file", "-e", self.commit + "^{commit}"],
                            capture_output=True).returncode == 0
        if not ok:
            raise SystemExit(f"{checkout} does not contain commit {self.commit} of {self.url}")

    def text(self, path):
        return subprocess.run(["git", "-C", self.dir, "show", f"{self.commit}:{path}"], check=True,
                              capture_output=True).stdout.decode("utf-8")

    def close(self):
        if self._tmp:
            shutil.rmtree(self._tmp, ignore_errors=True)


FLASH_IMPORT = """try:
    from flash_attn_interface import flash_attn_func  # type: ignore[import]
except ImportError:
    # Fallback to FlashAttention 2
    from flash_attn import flash_attn_func  # type: ignore[import]
"""
SDPA_IMPORT = "from torch.nn.functional import scaled_dot_product_attention"
LEARNED_SCALE = "0.707106781 * (embedding"


def reference_sdpa(query, key, value, is_causal=False):
    """softmax(q·kᵀ/√d)·v over (B, H, S, D); float64 stays float64, half precision runs in float32."""
    if hasattr(F, "scaled_dot_product_attention"):
        return F.scaled_dot_product_attention(query, key, value, is_causal=is_causal)
    dtype = query.dtype
    work = torch.float64 if dtype == torch.float64 else torch.float32
    q, k, v = (t.to(work) for t in (query, key, value))
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])
    if is_causal:
        mask = torch.ones(scores.shape[-2:], dtype=torch.bool).triu(1)
        scores = scores.masked_fill(mask, float("-inf"))
    out = (torch.softmax(scores, dim=-1) @ v).to(dtype)
    # Laid out in memory as (B, S, H, D), as PyTorch 2's fused CPU and GPU kernels return it: TRM
    # rearranges the result to (B, S, H, D) and then calls .view, which needs that layout.
    return out.transpose(1, 2).contiguous().transpose(1, 2)


def flash_attn_func(q, k, v, causal=False):
    """FlashAttention's call, (B, S, H, D) in and out, by scaled-dot-product attention."""
    out = reference_sdpa(q.transpose(1, 2), k.transpose(1, 2), v.transpose(1, 2), is_causal=causal)
    return out.transpose(1, 2).contiguous()  # FlashAttention returns a contiguous (B, S, H, D)


def install_shims():
    shim = types.ModuleType("depthlab_attention")
    shim.flash_attn_func = flash_attn_func
    shim.scaled_dot_product_attention = reference_sdpa
    sys.modules["depthlab_attention"] = shim
    optimizer = sys.modules["torch.optim.optimizer"]
    if not hasattr(optimizer, "ParamsT"):
        # PyTorch 2.2's type alias, used by sparse_embedding.py in an annotation only.
        optimizer.ParamsT = object
    if not hasattr(nn, "Buffer"):
        # PyTorch 2.5's nn.Buffer: a tensor that registers itself as a buffer when assigned to a module.
        class Buffer:
            def __init__(self, data, persistent=True):
                self.data, self.persistent = data, persistent

        plain_setattr = nn.Module.__setattr__

        def setattr_with_buffers(module, name, value):
            if isinstance(value, Buffer):
                module.register_buffer(name, value.data, persistent=value.persistent)
            else:
                plain_setattr(module, name, value)

        nn.Module.__setattr__ = setattr_with_buffers
        nn.Buffer = Buffer


def bare_no_grad_works():
    try:
        torch.no_grad(lambda: None)
        return True
    except TypeError:
        return False


def patched(kind, path, code):
    if path == "models/sparse_embedding.py" and not bare_no_grad_works():
        # `@torch.no_grad` without parentheses decorates since PyTorch 2.0 (the optimizer's step).
        code = code.replace("    @torch.no_grad\n", "    @torch.no_grad()\n")
    if path == "models/layers.py":
        if kind == "hrm":
            if FLASH_IMPORT not in code:
                raise SystemExit("HRM's models/layers.py no longer imports FlashAttention as expected")
            code = code.replace(FLASH_IMPORT, "from depthlab_attention import flash_attn_func\n")
        if SDPA_IMPORT in code and not hasattr(F, "scaled_dot_product_attention"):
            code = code.replace(SDPA_IMPORT, "from depthlab_attention import scaled_dot_product_attention")
    return code


class Original:
    """The modules of one repository, executed in memory from its pinned commit."""

    def __init__(self, kind, source, exact_half=False):
        repo = REPOS[kind]
        self.kind, self.repo, self.source = kind, repo, source
        install_shims()
        for name in [n for n in sys.modules if n == "models" or n.startswith("models.")]:
            del sys.modules[name]
        for package in ("models", repo["package"]):
            module = types.ModuleType(package)
            module.__path__ = []
            sys.modules[package] = module
        modules = {}
        for name, path in (("models.common", "models/common.py"), ("models.layers", "models/layers.py"),
                           ("models.sparse_embedding", "models/sparse_embedding.py"),
                           ("models.losses", "models/losses.py"), (repo["module"], repo["path"])):
            module = types.ModuleType(name)
            module.__file__ = f"{repo['url']}/blob/{repo['commit']}/{path}"
            sys.modules[name] = module
            code = patched(kind, path, source.text(path))
            if exact_half and path == repo["path"]:
                # Learned positions are scaled by 0.707106781 in the original, by 1/√2 in depthlab.
                if LEARNED_SCALE not in code:
                    raise SystemExit(f"{path} no longer scales learned positions by 0.707106781")
                code = code.replace(LEARNED_SCALE, "(0.5 ** 0.5) * (embedding")
            exec(compile(code, module.__file__, "exec"), module.__dict__)
            parent, _, child = name.rpartition(".")
            setattr(sys.modules[parent], child, module)
            modules[name] = module
        self.layers = modules["models.layers"]
        self.model_module = modules[repo["module"]]
        self.losses = modules["models.losses"]

    def build(self, arch, num_ids, storage):
        """The model and its state-dict holder, as pretrain.py builds them (loss head, compiled)."""
        cfg = {k: v for k, v in arch.items()}
        cfg.update(batch_size=PUZZLES, seq_len=SEQ_LEN, vocab_size=VOCAB, num_puzzle_identifiers=num_ids, causal=False)
        cfg["forward_dtype"] = "float64" if storage == "f64" else storage
        previous = torch.get_default_dtype()
        torch.set_default_dtype(torch.float64 if storage == "f64" else torch.float32)
        try:
            model = getattr(self.model_module, self.repo["cls"])(cfg)
        finally:
            torch.set_default_dtype(previous)
        head = self.losses.ACTLossHead(model, loss_type="stablemax_cross_entropy")
        return model, Compiled(head)

    @contextlib.contextmanager
    def in_float64(self, model):
        """The three float32 islands of the original code computed in float64 instead (see the header)."""
        def rms_norm(hidden_states, variance_epsilon):
            variance = hidden_states.square().mean(-1, keepdim=True)
            return hidden_states * torch.rsqrt(variance + variance_epsilon)

        saved = (self.layers.rms_norm, self.model_module.rms_norm)
        self.layers.rms_norm = self.model_module.rms_norm = rms_norm
        inner = model.inner
        if hasattr(inner, "rotary_emb"):
            rope = inner.rotary_emb
            dim = inner.config.hidden_size // inner.config.num_heads
            inv_freq = 1.0 / (inner.config.rope_theta ** (torch.arange(0, dim, 2, dtype=torch.float64) / dim))
            t = torch.arange(rope.cos_cached.shape[0], dtype=torch.float64)
            emb = torch.cat((torch.outer(t, inv_freq),) * 2, dim=-1)
            rope.cos_cached, rope.sin_cached = emb.cos(), emb.sin()
        try:
            yield
        finally:
            self.layers.rms_norm, self.model_module.rms_norm = saved


class Compiled(nn.Module):
    """What torch.compile wraps a module in: its state dict keys start with `_orig_mod.`."""

    def __init__(self, module):
        super().__init__()
        self._orig_mod = module


def run(original, model, inputs, puzzle_id, segments, float64):
    """Segment after segment from the initial carry: logits (B, S, V) and the two Q values per puzzle."""
    inner = model.inner
    model.eval()
    batch = {"inputs": inputs, "puzzle_identifiers": torch.full((inputs.shape[0],), puzzle_id, dtype=torch.long)}
    context = original.in_float64(model) if float64 else contextlib.nullcontext()
    outputs = []
    with torch.no_grad(), context:
        carry = inner.reset_carry(torch.ones(inputs.shape[0], dtype=torch.bool), inner.empty_carry(inputs.shape[0]))
        for _ in range(segments):
            carry, logits, (q_halt, q_continue) = inner(carry, batch)
            if float64:
                # The Q head's own float64 output, before the original's cast to float32.
                q = inner.q_head(carry.z_H[:, 0])
                q_halt, q_continue = q[..., 0], q[..., 1]
            outputs.append((logits.to(torch.float64), q_halt.to(torch.float64), q_continue.to(torch.float64)))
    return outputs


def randomise_zero_starts(model, generator):
    """The Q head (weights 0, bias -5) and the puzzle embeddings (0) get random values the tests can see."""
    inner = model.inner
    with torch.no_grad():
        for t, std in ((inner.q_head.weight, 1 / math.sqrt(inner.config.hidden_size)), (inner.q_head.bias, 1.0),
                       (inner.puzzle_emb.weights, 1.0)):
            t.copy_(torch.randn(t.shape, generator=generator, dtype=torch.float64) * std)


# ----------------------------------------------------------------------------- configs

def pretrain_config_class(source):
    """The pydantic config classes of the repository's pretrain.py, executed alone (pretrain.py
    itself imports wandb, hydra and a CUDA optimizer)."""
    tree = ast.parse(source.text("pretrain.py"))
    classes = [n for n in tree.body if isinstance(n, ast.ClassDef) and n.name.endswith("Config")
               and any(isinstance(b, ast.Attribute) and b.attr == "BaseModel" for b in n.bases)]
    header = ast.parse("from typing import Optional, Any, Sequence, List\nimport pydantic").body
    namespace = {}
    exec(compile(ast.Module(body=header + classes, type_ignores=[]), "pretrain.py (config classes)", "exec"),
         namespace)
    return namespace["PretrainConfig"]


def write_config(path_stem, form, kind, source, arch, num_ids, storage):
    """The config a user of the original code has: all_config.yaml, an arch YAML, or the model's dict."""
    import yaml
    arch_full = dict(name=REPOS[kind]["name"], loss=dict(name="losses@ACTLossHead", loss_type="stablemax_cross_entropy"),
                     **arch, forward_dtype="float64" if storage == "f64" else storage)
    if form == "all_config":
        # What pretrain.py's save_code_and_config writes: yaml.dump(config.model_dump()).
        common = dict(arch=arch_full, global_batch_size=768, epochs=20000, eval_interval=2000, lr=7e-5,
                      lr_min_ratio=1.0, lr_warmup_steps=2000, weight_decay=1.0, beta1=0.9, beta2=0.95,
                      puzzle_emb_lr=7e-5, puzzle_emb_weight_decay=1.0, checkpoint_every_eval=True)
        if kind == "hrm":
            common.update(data_path="data/sudoku-extreme-1k-aug-1000")
        else:
            common.update(data_paths=["data/sudoku-extreme-1k-aug-1000"], ema=True, ema_rate=0.999)
        config = pretrain_config_class(source)(**common)
        path = path_stem + ".yaml"
        with open(path, "w") as f:
            yaml.dump(config.model_dump(), f)
    elif form == "arch_yaml":
        # The layout of config/arch/*.yaml, with its interpolation of puzzle_emb_ndim.
        lines = [f"name: {arch_full['name']}", "loss:", "  name: losses@ACTLossHead",
                 "  loss_type: stablemax_cross_entropy", ""]
        for key, value in arch_full.items():
            if key in ("name", "loss"):
                continue
            if key == "puzzle_emb_ndim":
                value = "${.hidden_size}"
            elif isinstance(value, bool):
                value = "True" if value else "False"
            lines.append(f"{key}: {value}")
        path = path_stem + ".yaml"
        with open(path, "w") as f:
            f.write("# a small " + kind.upper() + " in the layout of config/arch/*.yaml\n" + "\n".join(lines) + "\n")
    else:
        # The dict the model class itself takes (model.config.model_dump()).
        model_cfg = dict(arch_full, batch_size=PUZZLES, seq_len=SEQ_LEN, vocab_size=VOCAB,
                         num_puzzle_identifiers=num_ids)
        del model_cfg["name"], model_cfg["loss"]
        path = path_stem + ".json"
        with open(path, "w") as f:
            json.dump(model_cfg, f, indent=2)
            f.write("\n")
    return path


# ----------------------------------------------------------------------------- making fixtures

def make_fixture(spec, originals, out_root):
    name, kind, storage, form, num_ids, ids, arch = spec
    original = originals[kind]
    out = os.path.join(out_root, name)
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(sum(map(ord, name)))
    model, holder = original.build(arch, num_ids, storage)
    generator = torch.Generator().manual_seed(7)
    randomise_zero_starts(model, generator)
    inputs = torch.randint(0, VOCAB, (PUZZLES, SEQ_LEN), generator=generator)

    # The checkpoint, as pretrain.py saves it and convert_checkpoint.py converts it.
    with tempfile.TemporaryDirectory() as tmp:
        step = os.path.join(tmp, "step_0")
        torch.save(holder.state_dict(), step)
        convert_checkpoint.to_safetensors(step, os.path.join(out, "checkpoint.safetensors"), force=True)
    config_path = write_config(os.path.join(out, "config"), form, kind, original.source, arch, num_ids, storage)

    # float64 outputs: the model itself (F64), or a float64 copy of its stored weights.
    if storage == "f64":
        reference = model
    else:
        reference, reference_holder = original.build(arch, num_ids, "f64")
        reference_holder.load_state_dict(holder.state_dict(), strict=True)
    exact_half = None
    if arch["pos_encodings"] == "learned":
        # The same weights in the original code with its 0.707106781 replaced by 1/√2, depthlab's constant.
        exact_original = Original(kind, original.source, exact_half=True)
        exact_half, exact_holder = exact_original.build(arch, num_ids, "f64")
        exact_holder.load_state_dict(holder.state_dict(), strict=True)
    expected = {"inputs": inputs.to(torch.int64)}
    for puzzle_id in ids:
        for segment, (logits, q_halt, q_continue) in enumerate(run(original, reference, inputs, puzzle_id,
                                                                   SEGMENTS, float64=True), start=1):
            expected[f"{puzzle_id}/{segment}/logits"] = logits
            expected[f"{puzzle_id}/{segment}/q_halt"] = q_halt
            expected[f"{puzzle_id}/{segment}/q_continue"] = q_continue
        if exact_half is not None:
            for segment, (logits, q_halt, q_continue) in enumerate(run(exact_original, exact_half, inputs, puzzle_id,
                                                                       SEGMENTS, float64=True), start=1):
                expected[f"sqrt_half/{puzzle_id}/{segment}/logits"] = logits
                expected[f"sqrt_half/{puzzle_id}/{segment}/q_halt"] = q_halt
                expected[f"sqrt_half/{puzzle_id}/{segment}/q_continue"] = q_continue
        if storage != "f64":
            for segment, (logits, q_halt, q_continue) in enumerate(run(original, model, inputs, puzzle_id,
                                                                       SEGMENTS, float64=False), start=1):
                expected[f"native/{puzzle_id}/{segment}/logits"] = logits
                expected[f"native/{puzzle_id}/{segment}/q_halt"] = q_halt
                expected[f"native/{puzzle_id}/{segment}/q_continue"] = q_continue
    metadata = {
        "model": kind, "repository": original.repo["url"], "commit": original.repo["commit"],
        "torch": torch.__version__, "task": TASK, "vocab": str(VOCAB), "seq_len": str(SEQ_LEN),
        "puzzles": str(PUZZLES), "segments": str(SEGMENTS), "puzzle_ids": ",".join(map(str, ids)),
        "num_puzzle_identifiers": str(num_ids), "storage": storage, "config": os.path.basename(config_path),
        "native": "" if storage == "f64" else storage,
    }
    with open(os.path.join(out, "expected.safetensors"), "wb") as f:
        f.write(convert_checkpoint.encode(expected, metadata))
    print(f"wrote {os.path.relpath(out)}: {kind}, {storage}, {os.path.basename(config_path)}", file=sys.stderr)


# ----------------------------------------------------------------------------- checking an export

def model_config_of(path, kind):
    """The model's config dict from any of the three config forms (small sizes filled from the fixture)."""
    import yaml
    with open(path) as f:
        data = json.load(f) if path.endswith(".json") else yaml.safe_load(f)
    arch = dict(data["arch"]) if "arch" in data else dict(data)
    for key, value in list(arch.items()):
        if isinstance(value, str) and value.startswith("${."):
            arch[key] = arch[value[3:-1]]
    arch.pop("name", None)
    arch.pop("loss", None)
    return arch


def check(kind, config, exported, expected_path, checkout, source=None):
    """load_state_dict(strict=True) of an exported file into the original model, then its outputs."""
    own = source is None
    source = source or Source(REPOS[kind], checkout)
    try:
        original = Original(kind, source)
        expected, meta = convert_checkpoint.read(expected_path) if expected_path else ({}, {})
        arch = model_config_of(config, kind)
        num_ids = int(meta.get("num_puzzle_identifiers", arch.get("num_puzzle_identifiers", 1)))
        storage = "f64"
        model, holder = original.build({k: v for k, v in arch.items()
                                        if k not in ("batch_size", "seq_len", "vocab_size", "num_puzzle_identifiers",
                                                     "forward_dtype")}, num_ids, storage)
        state, _ = convert_checkpoint.read(exported)
        holder.load_state_dict(state, strict=True)
        print(f"{exported}: load_state_dict(strict=True) into the original {kind.upper()}: ok", file=sys.stderr)
        if not expected:
            return 0.0
        worst = 0.0
        inputs = expected["inputs"]
        for puzzle_id in map(int, meta["puzzle_ids"].split(",")):
            for segment, outs in enumerate(run(original, model, inputs, puzzle_id, int(meta["segments"]), True), 1):
                for what, value in zip(("logits", "q_halt", "q_continue"), outs):
                    want = expected[f"{puzzle_id}/{segment}/{what}"]
                    worst = max(worst, ((value - want).abs().max() / want.abs().max()).item())
        print(f"{exported}: outputs of the loaded model vs the recorded ones: largest relative difference {worst:.1e}",
              file=sys.stderr)
        return worst
    finally:
        if own:
            source.close()


def roundtrip(depthlab, checkouts, root):
    """import -> export -> load_state_dict(strict=True) for every fixture, with depthlab's command line."""
    sources = {kind: Source(REPOS[kind], checkouts.get(kind)) for kind in REPOS}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for name, kind, storage, form, num_ids, ids, arch in FIXTURES:
                fixture = os.path.join(root, name)
                config = [os.path.join(fixture, f) for f in os.listdir(fixture) if f.startswith("config.")][0]
                run_dir = os.path.join(tmp, name)
                back = os.path.join(tmp, name + ".safetensors")
                subprocess.run([depthlab, "import", "--from", kind, os.path.join(fixture, "checkpoint.safetensors"),
                                "--config", config, "--task", TASK, "--puzzle-id", str(ids[0]), "--out", run_dir],
                               check=True)
                subprocess.run([depthlab, "export", "--to", kind, run_dir, "--out", back], check=True)
                worst = check(kind, config, back, os.path.join(fixture, "expected.safetensors"), None, sources[kind])
                if worst > 1e-12 and storage == "f64" and arch["pos_encodings"] != "learned":
                    raise SystemExit(f"{name}: the exported model computes something else ({worst:.1e})")
        print("round trip: every fixture imported, exported and loaded strictly into the original code",
              file=sys.stderr)
    finally:
        for s in sources.values():
            s.close()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hrm-checkout", help="a clone of sapientinc/HRM holding the pinned commit")
    parser.add_argument("--trm-checkout", help="a clone of SamsungSAILMontreal/TinyRecursiveModels holding the pinned commit")
    parser.add_argument("--out", default=OUT, help="where the fixtures go (default: src/test/resources/original)")
    sub = parser.add_subparsers(dest="command")
    c = sub.add_parser("check", help="load an exported file into the original model, strictly, and compare outputs")
    c.add_argument("--from", dest="kind", choices=sorted(REPOS), required=True)
    c.add_argument("--config", required=True)
    c.add_argument("--expected", help="a fixture's expected.safetensors, to compare outputs too")
    c.add_argument("exported")
    r = sub.add_parser("roundtrip", help="import, export and check every fixture with depthlab's command line")
    r.add_argument("depthlab", help="the depthlab launcher, e.g. ./depthlab")
    args = parser.parse_args(argv)
    checkouts = {"hrm": args.hrm_checkout, "trm": args.trm_checkout}
    torch.set_num_threads(1)
    if args.command == "check":
        check(args.kind, args.config, args.exported, args.expected, checkouts[args.kind])
    elif args.command == "roundtrip":
        roundtrip(args.depthlab, checkouts, args.out)
    else:
        sources = {kind: Source(REPOS[kind], checkouts[kind]) for kind in REPOS}
        try:
            originals = {}
            for spec in FIXTURES:
                # Each repository's modules are named models.*; load the right one before its fixtures.
                originals[spec[1]] = Original(spec[1], sources[spec[1]])
                make_fixture(spec, originals, args.out)
        finally:
            for s in sources.values():
                s.close()


if __name__ == "__main__":
    main()
