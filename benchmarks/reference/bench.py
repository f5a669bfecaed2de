#!/usr/bin/env python3
"""Times the PyTorch reference on the configurations of depthlab's JMH benchmarks, in float64.

- matmul: C = A @ B for square n x n operands, n in 64, 128, 256, 512, 1024; 2n^3 FLOPs.
- block: one post-norm Block (depthlab_reference.Block), forward + backward
  (out.backward(grad_out), parameter gradients zeroed before each run) on 1152 rows
  (32 sequences x 36 positions), hidden 64, 128, 256, head width 32, expansion 4, full mask.
  FLOPs: 3 x the forward matrix products (depthlab_reference.block_train_flops), the same
  count the Java side uses (benchmarks/README.md).
- hrm: one HRM training update (depthlab_reference.Hrm, RoPE) on 32 puzzles of 36 cells
  (6x6 Sudoku: vocabulary 8), hidden 64, 128 and 256, head width 32, expansion 4, 2 H layers +
  2 L layers, N = T = 2; the same work as one update of depthlab's Trainer: the segment
  (forward; backward through the last L-step and H-step only), exact-answer targets for
  q_halt, the extra no-grad segment for the q_continue target, HRM's loss, backward, the
  global gradient norm, an Adam-atan2 step, and forgetting the gradients. Reported also as
  samples (puzzles) per second per segment = 32 / seconds per update. FLOPs: the blocks
  only (depthlab_reference.hrm_train_flops). In the same family, one TRM training update
  (depthlab_reference.Trm, attention, RoPE; 2 layers, T = 2 recursions, n = 2 latent steps,
  the README's 6x6 shape) at hidden 64 and 128: the segment (the last recursion
  back-propagated in full), HRM's loss without the continue term, backward, the norm and
  the Adam-atan2 step (depthlab_reference.trm_train_flops).

Each configuration is warmed up, then timed in samples of k runs (k chosen so that a sample
takes at least 10 ms, which keeps the timer's own cost out of the small sizes) until at least
the minimum time has passed; the result is the median over samples of the time per run.
Each sample also records the process's CPU time (all threads, time.process_time), reported as
the median CPU time per run: on a shared machine it moves less than the wall-clock time.
One JSON object per line on stdout: first the environment, then one line per configuration.

Usage: python3 benchmarks/reference/bench.py [--threads N] [--only matmul|block|hrm] [--quick]
                                             [--config NAME ...]
"""

import argparse
import json
import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))

MATMUL_SIZES = (64, 128, 256, 512, 1024)
BLOCK_HIDDEN = (64, 128, 256)
BLOCK_SEQUENCES, BLOCK_POSITIONS = 32, 36
HEAD_WIDTH, EXPANSION = 32, 4.0
HRM_HIDDEN = (64, 128, 256)
TRM_HIDDEN = (64, 128)
HRM_SHAPE = dict(vocab=8, h_layers=2, l_layers=2, h_cycles=2, l_cycles=2)
TRM_SHAPE = dict(vocab=8, layers=2, recursions=2, latent_steps=2)
HRM_LR, HRM_BETAS, HRM_WEIGHT_DECAY = 1e-3, (0.9, 0.95), 0.1   # depthlab's training defaults


def parse_args():
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 1
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--threads", type=int, default=cores,
                   help=f"intra-op threads for PyTorch and its BLAS (default: cores = {cores})")
    p.add_argument("--only", choices=("matmul", "block", "hrm"), help="run one family only")
    p.add_argument("--quick", action="store_true", help="shorter warm-up and measurement")
    p.add_argument("--min-time", type=float,
                   help="seconds of measurement per configuration (default 1.0, quick 0.3)")
    p.add_argument("--config", action="append", metavar="NAME",
                   help='run only this configuration, e.g. "hrm h=64" (repeatable)')
    p.add_argument("--seed", type=int, default=42)
    args = p.parse_args()
    if args.threads < 1:
        p.error(f"--threads must be at least 1, got {args.threads}")
    if args.min_time is None:
        args.min_time = 0.3 if args.quick else 1.0
    args.warmup_time = 0.2 if args.quick else 0.5
    return args


def measure(run, min_time, warmup_time):
    """(median seconds per run, samples, runs per sample, median CPU seconds per run)."""
    start = time.perf_counter()
    calls = 0
    while calls < 3 or time.perf_counter() - start < warmup_time:
        run()
        calls += 1
    per_call = (time.perf_counter() - start) / calls
    k = max(1, int(0.01 / per_call))
    samples = []
    cpu = []
    begin = time.perf_counter()
    while len(samples) < 5 or time.perf_counter() - begin < min_time:
        c0 = time.process_time()
        t0 = time.perf_counter()
        for _ in range(k):
            run()
        samples.append((time.perf_counter() - t0) / k)
        cpu.append((time.process_time() - c0) / k)
    return statistics.median(samples), len(samples), k, statistics.median(cpu)


def main():
    args = parse_args()
    # The BLAS reads its thread count when it loads, so set it before torch is imported.
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(args.threads)
    # OpenMP threads that spin while they wait are a disaster when the machine has other work
    # (each barrier waits for a descheduled thread: a Block ran 20x slower on a loaded 2-core
    # machine). Sleeping waits cost little when the machine is idle. Set the variable to
    # ACTIVE to measure the spinning default.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    sys.path.insert(0, HERE)
    import torch
    import depthlab_reference as ref

    torch.set_default_dtype(torch.float64)
    torch.set_num_threads(args.threads)
    print(json.dumps({
        "environment": "pytorch",
        "torch": torch.__version__,
        "python": sys.version.split()[0],
        "threads": torch.get_num_threads(),
        "omp_wait_policy": os.environ["OMP_WAIT_POLICY"],
        "dtype": "float64",
        "min_time_s": args.min_time,
        "statistic": "median over samples of seconds per run",
    }), flush=True)

    def wanted(config):
        return not args.config or config in args.config

    def report(suite, config, params, flops, timing, **extra):
        seconds, samples, k, cpu_seconds = timing
        print(json.dumps({
            "suite": suite,
            "config": config,
            "params": params,
            "threads": torch.get_num_threads(),
            "median_us": seconds * 1e6,
            "cpu_us": cpu_seconds * 1e6,
            "loadavg": os.getloadavg()[0],
            "flops": flops,
            "gflops": flops / seconds / 1e9,
            "samples": samples,
            "runs_per_sample": k,
            **{key: f(seconds) for key, f in extra.items()},
        }), flush=True)

    gen = torch.Generator().manual_seed(args.seed)
    if args.only in (None, "matmul"):
        for n in MATMUL_SIZES:
            if not wanted(f"matmul n={n}"):
                continue
            a = torch.rand(n, n, generator=gen) * 2 - 1
            b = torch.rand(n, n, generator=gen) * 2 - 1
            c = torch.empty(n, n)
            timing = measure(lambda: torch.mm(a, b, out=c), args.min_time, args.warmup_time)
            report("matmul", f"matmul n={n}", {"n": n}, 2 * n ** 3, timing)

    if args.only in (None, "block"):
        rows = BLOCK_SEQUENCES * BLOCK_POSITIONS
        for hidden in BLOCK_HIDDEN:
            if not wanted(f"block h={hidden}"):
                continue
            torch.manual_seed(args.seed)
            block = ref.Block(hidden, hidden // HEAD_WIDTH, EXPANSION, mask="full",
                              max_positions=BLOCK_POSITIONS)
            x = torch.randn(rows, hidden, generator=gen)          # a constant: no grad/x
            grad_out = torch.randn(rows, hidden, generator=gen)

            def step():
                block.zero_grad(set_to_none=False)
                out = block(x, BLOCK_POSITIONS)
                out.backward(grad_out)

            timing = measure(step, args.min_time, args.warmup_time)
            flops = ref.block_train_flops(rows, BLOCK_POSITIONS, hidden, EXPANSION)
            report("block", f"block h={hidden}",
                   {"hidden": hidden, "heads": hidden // HEAD_WIDTH, "rows": rows,
                    "seq_len": BLOCK_POSITIONS, "expansion": EXPANSION}, flops, timing)

    if args.only in (None, "hrm"):
        for hidden in HRM_HIDDEN:
            if not wanted(f"hrm h={hidden}"):
                continue
            torch.manual_seed(args.seed)
            update = hrm_update(torch, ref, hidden, gen)
            timing = measure(update, args.min_time, args.warmup_time)
            rows = BLOCK_SEQUENCES * BLOCK_POSITIONS
            flops = ref.hrm_train_flops(rows, BLOCK_POSITIONS, hidden, EXPANSION,
                                        HRM_SHAPE["h_layers"], HRM_SHAPE["l_layers"],
                                        HRM_SHAPE["h_cycles"], HRM_SHAPE["l_cycles"])
            report("hrm", f"hrm h={hidden}",
                   {"hidden": hidden, "heads": hidden // HEAD_WIDTH, "sequences": BLOCK_SEQUENCES,
                    "seq_len": BLOCK_POSITIONS, "expansion": EXPANSION, **HRM_SHAPE},
                   flops, timing, samples_per_s=lambda seconds: BLOCK_SEQUENCES / seconds)
        for hidden in TRM_HIDDEN:
            if not wanted(f"trm h={hidden}"):
                continue
            torch.manual_seed(args.seed)
            update = trm_update(torch, ref, hidden, gen)
            timing = measure(update, args.min_time, args.warmup_time)
            rows = BLOCK_SEQUENCES * BLOCK_POSITIONS
            flops = ref.trm_train_flops(rows, BLOCK_POSITIONS, hidden, EXPANSION, TRM_SHAPE["layers"],
                                        TRM_SHAPE["recursions"], TRM_SHAPE["latent_steps"])
            report("hrm", f"trm h={hidden}",
                   {"hidden": hidden, "heads": hidden // HEAD_WIDTH, "sequences": BLOCK_SEQUENCES,
                    "seq_len": BLOCK_POSITIONS, "expansion": EXPANSION, **TRM_SHAPE},
                   flops, timing, samples_per_s=lambda seconds: BLOCK_SEQUENCES / seconds)


def hrm_update(torch, ref, hidden, gen):
    """One HRM training update as depthlab's Trainer makes it, as a function of no arguments.

    Every update starts from the initial carry with the same puzzles, so the work per update
    is the same every time; the weights change (an optimizer step is part of the update).
    """
    model = ref.Hrm(hidden=hidden, heads=hidden // HEAD_WIDTH, expansion=EXPANSION,
                    seq_len=BLOCK_POSITIONS, positions="rope", **HRM_SHAPE)
    params = list(model.parameters())
    optimizer = ref.AdamAtan2(params, lr=HRM_LR, betas=HRM_BETAS, weight_decay=HRM_WEIGHT_DECAY)
    sequences, positions = BLOCK_SEQUENCES, BLOCK_POSITIONS
    # Inputs: blank (1) or a digit (2..7); targets: a digit at every cell, as in Sudoku.
    inputs = torch.randint(1, HRM_SHAPE["vocab"], (sequences * positions,), generator=gen)
    targets = torch.randint(2, HRM_SHAPE["vocab"], (sequences * positions,), generator=gen)
    z_h, z_l = model.initial_carry(sequences)

    def update():
        logits, q_halt, q_continue, carry = model.segment(z_h, z_l, inputs)
        with torch.no_grad():
            answers = logits.argmax(dim=-1)
            exact = (answers == targets).reshape(sequences, positions).all(dim=1)
            t_halt = exact.to(torch.float64).reshape(sequences, 1)
            # The Q-learning target: sigma(max(q_halt, q_continue)) of the next segment.
            _, next_halt, next_continue, _ = model.segment(carry[0], carry[1], inputs)
            t_continue = torch.sigmoid(torch.maximum(next_halt, next_continue))
        loss = ref.segment_loss(logits, targets, q_halt, t_halt, q_continue, t_continue, 0)
        loss.backward()
        with torch.no_grad():
            norm = torch.sqrt(sum((p.grad * p.grad).sum() for p in params if p.grad is not None))
        if not torch.isfinite(norm):
            raise FloatingPointError(f"gradient norm {norm.item()}")
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)

    return update


def trm_update(torch, ref, hidden, gen):
    """One TRM training update as depthlab's Trainer makes it, as a function of no arguments:
    the segment, exact-answer targets for q_halt (TRM trains no continue head), the loss,
    backward, the global gradient norm, an Adam-atan2 step, and forgetting the gradients."""
    model = ref.Trm(hidden=hidden, heads=hidden // HEAD_WIDTH, expansion=EXPANSION,
                    seq_len=BLOCK_POSITIONS, positions="rope", **TRM_SHAPE)
    params = list(model.parameters())
    optimizer = ref.AdamAtan2(params, lr=HRM_LR, betas=HRM_BETAS, weight_decay=HRM_WEIGHT_DECAY)
    sequences, positions = BLOCK_SEQUENCES, BLOCK_POSITIONS
    inputs = torch.randint(1, TRM_SHAPE["vocab"], (sequences * positions,), generator=gen)
    targets = torch.randint(2, TRM_SHAPE["vocab"], (sequences * positions,), generator=gen)
    y, z = model.initial_carry(sequences)

    def update():
        logits, q_halt, _, _ = model.segment(y, z, inputs)
        with torch.no_grad():
            answers = logits.argmax(dim=-1)
            exact = (answers == targets).reshape(sequences, positions).all(dim=1)
            t_halt = exact.to(torch.float64).reshape(sequences, 1)
        loss = ref.segment_loss(logits, targets, q_halt, t_halt, None, None, 0)
        loss.backward()
        with torch.no_grad():
            norm = torch.sqrt(sum((p.grad * p.grad).sum() for p in params if p.grad is not None))
        if not torch.isfinite(norm):
            raise FloatingPointError(f"gradient norm {norm.item()}")
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)

    return update


if __name__ == "__main__":
    main()
