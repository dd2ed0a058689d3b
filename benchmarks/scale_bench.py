"""Scale-out benchmark: local execution against a 2-worker Dask ``LocalCluster``, one process.

Run:  python benchmarks/scale_bench.py [--points 100000000] [--chunk 1000000] [--repeats 3]
      python benchmarks/scale_bench.py --quick        # 10^7 points, a smaller campaign

Workloads
  kernel    a compiled 2-input, 3-output kernel over ``--points`` points, inputs generated
            chunk by chunk (never the whole array in one process) and reduced to column sums.
            local: a numpy loop over the same chunks in this process; dask-sync: the Dask graph
            in this process (synchronous scheduler); dask-2w: the graph on the cluster.
  campaign  ``verify_campaign`` over registered components' claims x seeds x dtypes.
            local: in this process; dask-2w: on the cluster (workers warmed by one run).

Every time is the median of ``--repeats`` runs after one untimed warm-up run, all in this
process on the same cluster; ratio = time / local time (> 1: Dask is slower). Memory: the
chunk bound (bytes one task holds) and each worker's peak RSS (``ru_maxrss``).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
from typing import Any

import numpy as np
import sympy
from _timing import timings  # benchmarks/ is on sys.path when a script runs

N_OUT = 3


def _kernel() -> Any:
    from symalg.codegen import compile_kernel

    x, y = sympy.symbols("x y")
    r = sympy.sqrt(x**2 + y**2 + 1)
    return compile_kernel([x * y / r, sympy.sin(x) * sympy.exp(-(y**2)), sympy.log(r)], [x, y])


def _chunk_inputs(start: int, stop: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    t = np.arange(start, stop, dtype=np.float64) / n
    return 4.0 * t - 2.0, np.cos(7.0 * t)


def kernel_local(kernel: Any, n: int, chunk: int) -> np.ndarray:
    total = np.zeros(N_OUT)
    for start in range(0, n, chunk):
        x, y = _chunk_inputs(start, min(start + chunk, n), n)
        total += kernel(x, y).sum(axis=0)
    return total


def kernel_graph(kernel: Any, n: int, chunk: int) -> Any:
    import dask.array as da

    from symalg.parallel import dask_kernel

    t = da.arange(0, n, chunks=chunk, dtype=np.float64) / n
    x, y = 4.0 * t - 2.0, da.cos(7.0 * t)
    return dask_kernel(kernel)(x, y).sum(axis=0)


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _row(name: str, times: list[float], base: float) -> str:
    med = statistics.median(times)
    return f"  {name:<12} {med:9.3f} s  (min {min(times):.3f})  ratio {med / base:5.2f}"


def bench_kernel(client: Any, n: int, chunk: int, repeats: int) -> None:
    from symalg.parallel import DaskExecutor, LocalExecutor

    kernel = _kernel()
    dask_ex, local_ex = DaskExecutor(client), LocalExecutor()
    graph = kernel_graph(kernel, n, chunk)
    results = {}

    def run_local() -> None:
        results["local"] = kernel_local(kernel, n, chunk)

    def run_sync() -> None:
        results["sync"] = local_ex.compute(graph)

    def run_dask() -> None:
        results["dask"] = dask_ex.compute(graph)

    t_local = timings(run_local, repeats)
    t_sync = timings(run_sync, repeats)
    t_dask = timings(run_dask, repeats)
    base = statistics.median(t_local)
    bound = chunk * (2 + N_OUT) * 8
    n_chunks = -(-n // chunk)
    print(f"\nkernel: {n:.0e} points, chunk {chunk:.0e} points, {n_chunks} chunks")
    print(_row("local", t_local, base))
    print(_row("dask-sync", t_sync, base))
    print(_row("dask-2w", t_dask, base))
    rel = np.max(np.abs(results["dask"] - results["local"]) / np.abs(results["local"]))
    same = bool(np.array_equal(results["dask"], results["sync"]))
    print(
        f"  sums: dask-2w == dask-sync exactly: {same}; "
        f"vs local loop max rel diff {rel:.1e} (summation order)"
    )
    peaks = client.run(_peak_rss_mb)
    print(
        f"  memory: one task holds <= {bound / 2**20:.0f} MiB ({2 + N_OUT} arrays x chunk x 8 B); "
        f"whole arrays would be {n * (2 + N_OUT) * 8 / 2**30:.1f} GiB; worker peak RSS "
        + ", ".join(f"{v:.0f} MiB" for v in peaks.values())
        + f"; this process {_peak_rss_mb():.0f} MiB"
    )


def bench_campaign(client: Any, seeds: int, max_examples: int, repeats: int) -> None:
    from symalg.nn import component_names
    from symalg.parallel import DaskExecutor
    from verification._campaign import claim_jobs, verify_campaign

    names = [c for c in component_names() if c != "affine_group_conv"]  # seconds per claim
    jobs = claim_jobs(names)
    grid = dict(seeds=list(range(seeds)), dtypes=["float64", "float32"], max_examples=max_examples)
    out: dict[str, list[Any]] = {}

    def run_local() -> None:
        out["local"] = [r.to_dict() for _, r in verify_campaign(jobs, **grid)]

    def run_dask() -> None:
        rows = verify_campaign(jobs, **grid, scheduler=DaskExecutor(client))
        out["dask"] = [r.to_dict() for _, r in rows]

    t_local = timings(run_local, repeats)
    t_dask = timings(run_dask, repeats)
    base = statistics.median(t_local)
    n_tasks = len(jobs) * seeds * 2
    print(f"\ncampaign: {len(jobs)} claims x {seeds} seeds x 2 dtypes = {n_tasks} tasks, "
          f"{max_examples} examples each")  # fmt: skip
    print(_row("local", t_local, base))
    print(_row("dask-2w", t_dask, base))
    print(f"  reports identical: {out['local'] == out['dask']}")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--points", type=int, default=10**8)
    p.add_argument("--chunk", type=int, default=10**6)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--seeds", type=int, default=2)
    p.add_argument("--max-examples", type=int, default=30)
    p.add_argument("--quick", action="store_true", help="10^7 points, 1 seed, 10 examples")
    args = p.parse_args()
    if args.quick:
        args.points, args.seeds, args.max_examples = 10**7, 1, 10
    from dask.distributed import Client, LocalCluster

    cluster = LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    )
    client = Client(cluster)
    print(
        f"python {sys.version.split()[0]}, {os.cpu_count()} cores; cluster: 2 workers x 1 thread"
    )
    try:
        bench_kernel(client, args.points, args.chunk, args.repeats)
        bench_campaign(client, args.seeds, args.max_examples, args.repeats)
    finally:
        client.close()
        cluster.close()


if __name__ == "__main__":
    main()
