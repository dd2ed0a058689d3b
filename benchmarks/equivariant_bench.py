"""S_n graph polynomials: enumeration and count times, and basis evaluation vs numpy.einsum.

Run: ``.venv/bin/python benchmarks/equivariant_bench.py [--repeats 3]``

Prints (1) the time to enumerate the multigraph classes (cold caches) and to count them by
the Burnside sum, degree 1..4, every output kind, general and symmetric X; (2) the time to
evaluate the full degree-3 edge-output basis (877 polynomials) on a batch of 64 graphs with
n = 50, with ``symalg.equivariant.evaluate_basis`` (shared intermediates, BLAS products,
numba assembly) against ``numpy.einsum(optimize=True)`` and, when importable,
``opt_einsum.contract`` on the same einsum strings in the same run. Every route writes into
a preallocated (64, 877, 50, 50) float64 buffer; medians after one warm-up call.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

import numpy as np
from _timing import timings  # benchmarks/ is on sys.path when a script runs

from symalg.equivariant import (
    _sn_multigraph,
    _sn_polynomial,
    count_graph_polynomials,
    evaluate_basis,
    graph_polynomial_basis,
)

try:  # optional baseline
    import opt_einsum
except ImportError:  # pragma: no cover - depends on the environment
    opt_einsum = None


def _median_time(fn: Callable[[], object], repeats: int) -> float:
    return statistics.median(timings(fn, repeats))


def enumeration_table() -> None:
    print("enumeration (cold caches) and Burnside count, seconds")
    print(f"{'X':>9} {'output':>9} {'d':>2} {'classes':>8} {'enumerate':>10} {'count':>8}")
    for symmetric in (False, True):
        for output in ("invariant", "node", "edge"):
            for degree in (1, 2, 3, 4):
                _sn_multigraph._level.cache_clear()
                _sn_polynomial._basis.cache_clear()
                start = time.perf_counter()
                basis = graph_polynomial_basis(degree, output=output, symmetric=symmetric)
                t_enum = time.perf_counter() - start
                start = time.perf_counter()
                count = count_graph_polynomials(degree, output=output, symmetric=symmetric)
                t_count = time.perf_counter() - start
                assert count == len(basis)
                kind = "symmetric" if symmetric else "general"
                print(
                    f"{kind:>9} {output:>9} {degree:>2} {len(basis):>8} "
                    f"{t_enum:>10.3f} {t_count:>8.4f}"
                )


def _einsum_route(basis, x, out, contract) -> None:  # noqa: ANN001
    nb, n = x.shape[0], x.shape[-1]
    ones = np.ones((nb, n))
    rows = np.arange(n)
    for k, p in enumerate(basis):
        lhs, rhs = p.einsum.split("->")
        terms = lhs.split(",")
        ops = [x if len(t) == 2 else ones for t in terms]
        spec = ",".join("..." + t for t in terms) + "->..." + rhs
        value = contract(spec, *ops)
        if len(rhs) == 1:  # a = b: the diagonal
            out[:, k] = 0.0
            out[:, k, rows, rows] = value
        else:
            out[:, k] = value


def evaluation_table(repeats: int) -> None:
    basis = graph_polynomial_basis(3, output="edge")
    x = np.random.default_rng(0).standard_normal((64, 50, 50))
    out = np.zeros((64, len(basis), 50, 50))
    ref = np.zeros_like(out)
    routes: dict[str, Callable[[], object]] = {
        "symalg evaluate_basis": lambda: evaluate_basis(basis, x, out=out),
        "numpy.einsum(optimize=True)": lambda: _einsum_route(
            basis, x, ref, lambda s, *o: np.einsum(s, *o, optimize=True)
        ),
    }
    if opt_einsum is not None:
        routes["opt_einsum.contract"] = lambda: _einsum_route(basis, x, ref, opt_einsum.contract)
    print(f"\nevaluation: {len(basis)} degree-3 edge polynomials, batch 64, n = 50, float64")
    times = {name: _median_time(fn, repeats) for name, fn in routes.items()}
    rel = float(np.abs(out - ref).max() / np.abs(ref).max())
    base = times["numpy.einsum(optimize=True)"]
    print(f"{'route':>28} {'median s':>9} {'speedup vs numpy.einsum':>24}")
    for name, t in times.items():
        print(f"{name:>28} {t:>9.3f} {base / t:>23.2f}x")
    if opt_einsum is None:
        print(f"{'opt_einsum.contract':>28} {'(not installed: skipped)':>34}")
    print(f"max relative difference symalg vs einsum: {rel:.2e}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    enumeration_table()
    evaluation_table(args.repeats)


if __name__ == "__main__":
    main()
