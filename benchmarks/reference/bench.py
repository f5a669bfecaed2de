#!/usr/bin/env python3
"""Times the PyTorch reference on the configurations of depthlab's JMH benchmarks, in float64.

- matmul: C = A @ B for square n x n operands, n in 64, 128, 256, 512, 1024; 2n^3 FLOPs.
- block: one post-norm Block (depthlab_reference.Block), forward + backward
  (out.backward(grad_out), parameter gradients zeroed before each run) on 1152 rows
  (32 sequences x 36 positions), hidden 64, 128, 256, head width 32, expansion 4, full mask.
  FLOPs: 3 x the forward matrix products (depthlab_reference.block_train_flops), the same
  count the Java side uses (benchmarks/README.md).

Each configuration is warmed up, then timed in samples of k runs (k chosen so that a sample
takes at least 10 ms, which keeps the timer's own cost out of the small sizes) until at least
the minimum time has passed; the result is the median over samples of the time per run.
One JSON object per line on stdout: first the environment, then one line per configuration.

Usage: python3 benchmarks/reference/bench.py [--threads N] [--only matmul|block] [--quick]
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


def parse_args():
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 1
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--threads", type=int, default=cores,
                   help=f"intra-op threads for PyTorch and its BLAS (default: cores = {cores})")
    p.add_argument("--only", choices=("matmul", "block"), help="run one family only")
    p.add_argument("--quick", action="store_true", help="shorter warm-up and measurement")
    p.add_argument("--min-time", type=float,
                   help="seconds of measurement per configuration (default 1.0, quick 0.3)")
    p.add_argument("--seed", type=int, default=42)
    args = p.parse_args()
    if args.threads < 1:
        p.error(f"--threads must be at least 1, got {args.threads}")
    if args.min_time is None:
        args.min_time = 0.3 if args.quick else 1.0
    args.warmup_time = 0.2 if args.quick else 0.5
    return args


def measure(run, min_time, warmup_time):
    """(median seconds per run, samples, runs per sample)."""
    start = time.perf_counter()
    calls = 0
    while calls < 3 or time.perf_counter() - start < warmup_time:
        run()
        calls += 1
    per_call = (time.perf_counter() - start) / calls
    k = max(1, int(0.01 / per_call))
    samples = []
    begin = time.perf_counter()
    while len(samples) < 5 or time.perf_counter() - begin < min_time:
        t0 = time.perf_counter()
        for _ in range(k):
            run()
        samples.append((time.perf_counter() - t0) / k)
    return statistics.median(samples), len(samples), k


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

    def report(suite, config, params, flops, timing):
        seconds, samples, k = timing
        print(json.dumps({
            "suite": suite,
            "config": config,
            "params": params,
            "threads": torch.get_num_threads(),
            "median_us": seconds * 1e6,
            "flops": flops,
            "gflops": flops / seconds / 1e9,
            "samples": samples,
            "runs_per_sample": k,
        }), flush=True)

    gen = torch.Generator().manual_seed(args.seed)
    if args.only in (None, "matmul"):
        for n in MATMUL_SIZES:
            a = torch.rand(n, n, generator=gen) * 2 - 1
            b = torch.rand(n, n, generator=gen) * 2 - 1
            c = torch.empty(n, n)
            timing = measure(lambda: torch.mm(a, b, out=c), args.min_time, args.warmup_time)
            report("matmul", f"matmul n={n}", {"n": n}, 2 * n ** 3, timing)

    if args.only in (None, "block"):
        rows = BLOCK_SEQUENCES * BLOCK_POSITIONS
        for hidden in BLOCK_HIDDEN:
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


if __name__ == "__main__":
    main()
