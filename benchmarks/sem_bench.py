"""symalg.sem against baselines measured in the same process; prints one table of ratios.

Run: ``python benchmarks/sem_bench.py [--repeat 3] [--points 1000000]``. Every time is the
median of ``--repeat`` runs. Ratios are baseline time / symalg time (> 1: symalg faster).

Rows:
- covariance: ``covariance_matrix`` (one-connection closed form, cache cleared before every
  run) vs ``method="inverse"`` (sympy's symbolic inverse of I - Lambda), cyclic graphs with 4-7
  vertices (an n-cycle with chords 1->3, 2->4 and a bidirected edge 1<->n).
- ideal: the degree-bounded search (route b) vs elimination (route a) with the detected
  Groebner engine; with only sympy available, elimination runs on acyclic graphs only (the
  project measured sympy's groebner not finishing in 600 s on a 4-cycle).
- kernel: the compiled kernel theta -> Sigma on 10^6 points vs numpy's batched inverse
  (I - Lambda)^-1, then inv^T Omega inv (kernel compilation excluded: warm-up call).
- identifiability of directed 4- and 5-cycles (no baseline in this process; Macaulay2's
  elimination took about 2 and 9 minutes in the project's measurements).
- fit vs semopy when semopy is importable (it is skipped otherwise).
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
from collections.abc import Callable

import numpy as np
from _timing import timings  # benchmarks/ is on sys.path when a script runs

from symalg.sem import (
    MixedGraph,
    covariance_kernel,
    covariance_matrix,
    detect_backend,
    fit,
    identifiability,
    simulate,
    vanishing_ideal,
)
from symalg.sem._covariance import parametrization  # to time the closed form from scratch

ROWS: list[tuple[str, str, float, float | None]] = []


def median_time(fn: Callable[[], object], repeat: int) -> float:
    return statistics.median(timings(fn, repeat, warmup=False))


def cyclic_graph(n: int) -> MixedGraph:
    directed = [(i, i % n + 1) for i in range(1, n + 1)] + [(1, 3), (2, 4)]
    return MixedGraph.from_edges(directed, [(1, n)])


def fresh_covariance(g: MixedGraph) -> None:
    parametrization.cache_clear()
    covariance_matrix(g)


def bench_covariance(repeat: int) -> None:
    for n in range(4, 8):
        g = cyclic_graph(n)
        ours = median_time(lambda g=g: fresh_covariance(g), repeat)
        base = median_time(lambda g=g: covariance_matrix(g, method="inverse"), max(1, repeat - 1))
        ROWS.append((f"covariance n={n} cyclic", "sympy inverse", ours, base))


IDEAL_GRAPHS = [
    ("1->2, 2->3", 3),
    ("1->2, 2->3, 3->1", 3),
    ("1->2, 2->3, 3->4, 1<->4", 4),
    ("1->2, 2->3, 3->4, 4->1", 4),
    ("1->2, 2->3, 3->4, 4->1, 1<->3", 4),
    ("1->2, 2->3, 3->4, 4->5, 5->1", 4),
    ("1->2, 1->3, 2->4, 3->5, 4->5", 4),
    ("1->2, 2->3, 3->4, 4->5, 5->6, 6->1", 4),
    ("1->2, 2->3, 3->4, 4->5, 5->6, 6->1, 1->4, 2<->5", 4),
]


def bench_ideals(repeat: int) -> None:
    backend = detect_backend()
    for text, degree in IDEAL_GRAPHS:
        g = MixedGraph.parse(text)
        ours = median_time(lambda g=g, d=degree: vanishing_ideal(g, d), repeat)
        base = None
        if backend != "sympy" or g.is_acyclic:
            if g.n_vertices <= 5:
                base = median_time(
                    lambda g=g: vanishing_ideal(g, method="elimination", backend=backend), 1
                )
        label = f"ideal {text} (deg<={degree})"
        skipped = "elimination: skipped (n>5)" if g.n_vertices > 5 else "elimination: no engine"
        ROWS.append((label, f"elimination [{backend}]" if base else skipped, ours, base))


def numpy_sigma(g: MixedGraph, theta: np.ndarray) -> np.ndarray:
    n, ix = g.n_vertices, g.index
    nd = len(g.directed)
    L = np.zeros((len(theta), n, n))
    W = np.zeros((len(theta), n, n))
    for k, (a, b) in enumerate(g.directed):
        L[:, ix[a], ix[b]] = theta[:, k]
    W[:, np.arange(n), np.arange(n)] = theta[:, nd : nd + n]
    for k, (a, b) in enumerate(g.bidirected):
        W[:, ix[a], ix[b]] = W[:, ix[b], ix[a]] = theta[:, nd + n + k]
    inv = np.linalg.inv(np.eye(n) - L)
    return np.swapaxes(inv, -1, -2) @ W @ inv


def bench_kernel(repeat: int, points: int) -> None:
    rng = np.random.default_rng(0)
    for n in (4, 5, 6, 7):
        g = cyclic_graph(n)
        k = covariance_kernel(g)
        nd = len(g.directed)
        theta = rng.uniform(-0.3, 0.3, (points, g.n_parameters))
        theta[:, nd : nd + n] = rng.uniform(1, 2, (points, n))
        k(theta[:2])  # compile or load from the cache
        err = np.abs(k(theta[:1000]) - numpy_sigma(g, theta[:1000])).max()
        ours = median_time(lambda k=k, t=theta: k(t), repeat)
        base = median_time(lambda g=g, t=theta: numpy_sigma(g, t), repeat)
        ROWS.append(
            (f"kernel n={n}, {points:.0e} points (err {err:.1e})", "numpy inv", ours, base)
        )


def bench_identify(repeat: int) -> None:
    for k in (4, 5):
        g = MixedGraph.from_edges([(i, i % k + 1) for i in range(1, k + 1)])
        ours = median_time(lambda g=g: identifiability(g), repeat)
        open_ = sum(s.status == "undetermined" for s in identifiability(g).values())
        ROWS.append(
            (f"identifiability {k}-cycle ({open_} undetermined)", "(M2: minutes)", ours, None)
        )
    backend = detect_backend()
    g = MixedGraph.parse("1->2, 2->3, 3->4, 4->1, 1->3")
    ours = median_time(lambda: identifiability(g), repeat)
    open_ = sum(s.status == "undetermined" for s in identifiability(g).values())
    base = None
    if backend != "sympy":
        base = median_time(lambda: identifiability(g, method="elimination"), 1)
    ROWS.append(
        (f"identifiability 4-cycle+chord ({open_} undetermined)", f"elimination [{backend}]",
         ours, base)
    )  # fmt: skip


def bench_fit(repeat: int) -> None:
    g = MixedGraph.parse("1->2, 2->3, 3->4, 1<->4")
    X = simulate(g, [0.7, -0.6, 0.5, 1.0, 1.5, 1.2, 0.8, 0.3], 5000, rng=1)
    ours = median_time(lambda: fit(g, X), repeat)
    base = None
    label = "semopy: not installed"
    if importlib.util.find_spec("semopy") is not None:  # pragma: no cover - optional
        import pandas as pd
        import semopy

        desc = "x2 ~ x1\nx3 ~ x2\nx4 ~ x3\nx1 ~~ x4"
        df = pd.DataFrame(X, columns=["x1", "x2", "x3", "x4"])
        base = median_time(lambda: semopy.Model(desc).fit(df), repeat)
        label = "semopy"
    ROWS.append(("fit 4 vertices, 5000 samples", label, ours, base))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--points", type=int, default=1_000_000)
    ns = parser.parse_args()
    bench_covariance(ns.repeat)
    bench_ideals(ns.repeat)
    bench_kernel(ns.repeat, ns.points)
    bench_identify(ns.repeat)
    bench_fit(ns.repeat)
    print(f"{'case':64s} {'baseline':26s} {'symalg s':>10s} {'base s':>10s} {'ratio':>8s}")
    for case, base_name, ours, base in ROWS:
        b = f"{base:10.4f}" if base is not None else f"{'-':>10s}"
        r = f"{base / ours:8.1f}" if base is not None else f"{'-':>8s}"
        print(f"{case:64s} {base_name:26s} {ours:10.4f} {b} {r}")


if __name__ == "__main__":
    main()
