"""O(3) tensor products of symalg.equivariant: CG product and Gaunt product, batch 256.

Run: ``python benchmarks/o3_bench.py [--lmax 8] [--batch 256] [--repeat 20]``. Inputs are
``1x0e + 1x1o + 1x2e + ...`` up to ``L`` (multiplicity 1). Times are medians of ``--repeat``
calls after one warm-up call (kernel compilation, table building and caches excluded).

* CG product: :class:`TensorProduct` with every allowed path into one output copy per
  ``(l, parity)`` (the work of e3nn's ``FullTensorProduct``), against ``numpy.einsum`` over
  the dense coupling tensor of the same map (contracted as a BLAS matmul then a batched
  dot, the fastest order), in the same run; e3nn's ``FullTensorProduct``
  (torch CPU) is timed too when e3nn is installed.
* Gaunt product: :class:`GauntTensorProduct` (``method="auto"`` and ``"fft"``) against
  ``numpy.einsum`` over the dense real Gaunt table. A different operation from the CG
  product: even paths only, fixed relative path weights.

The growth exponent is the least-squares slope of log(time) against log(L) over L >= 3.
BLAS runs single-threaded unless ``OPENBLAS_NUM_THREADS`` is set: on a shared 2-core machine
OpenBLAS threads made the small matrix products of the Gaunt product 10x slower and noisy.
"""

# ruff: noqa: E402, E741, B023  (BLAS threads set before numpy; l is the degree;
# the timed lambdas run inside their own loop step)

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
from collections.abc import Callable

import numpy as np
from _timing import timings  # benchmarks/ is on sys.path when a script runs

from symalg.equivariant import (  # noqa: E402
    GauntTensorProduct,
    Irreps,
    TensorProduct,
    real_gaunt_table,
)


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    return 1e3 * float(np.median(timings(fn, repeat)))


def full_output(irreps: Irreps) -> Irreps:
    found = set()
    for _, l1, p1 in irreps:
        for _, l2, p2 in irreps:
            found.update((lo, p1 * p2) for lo in range(abs(l1 - l2), l1 + l2 + 1))
    return Irreps([(1, lo, p) for lo, p in sorted(found)])


def e3nn_time(lmax: int, batch: int, repeat: int) -> float | None:
    try:
        import torch
        from e3nn import o3
    except ImportError:
        return None
    ir = o3.Irreps("+".join(f"1x{l}{'e' if l % 2 == 0 else 'o'}" for l in range(lmax + 1)))
    tp = o3.FullTensorProduct(ir, ir)
    x = torch.randn(batch, ir.dim, dtype=torch.float64)
    tp = tp.to(torch.float64)
    with torch.no_grad():
        return median_ms(lambda: tp(x, x), repeat)


def dense_product(x1: np.ndarray, x2: np.ndarray, tensor: np.ndarray) -> np.ndarray:
    """``einsum("bi,bj,ijk->bk")`` in its fastest order: one BLAS matmul, then a batched dot."""
    d1, d2, d3 = tensor.shape
    t = (x1 @ tensor.reshape(d1, d2 * d3)).reshape(-1, d2, d3)
    return np.einsum("bj,bjk->bk", x2, t)


def slope(ls: list[int], ts: list[float]) -> float:
    keep = [(l, t) for l, t in zip(ls, ts, strict=True) if l >= 3]
    if len(keep) < 2:
        return float("nan")
    x, y = np.log([k[0] for k in keep]), np.log([k[1] for k in keep])
    return float(np.polyfit(x, y, 1)[0])


def main(argv: list[str] | None = None) -> dict[str, list[float]]:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--lmax", type=int, default=8)
    p.add_argument("--batch", type=int, default=256)
    p.add_argument("--repeat", type=int, default=20)
    p.add_argument(
        "--gaunt-degrees",
        type=int,
        nargs="*",
        default=[12, 16, 24],
        help="extra degrees timed for the Gaunt product only (no dense baseline)",
    )
    args = p.parse_args(argv)
    rng = np.random.default_rng(0)
    cols: dict[str, list[float]] = {
        k: [] for k in ("cg", "cg_dense", "gaunt", "gaunt_fft", "gaunt_dense")
    }
    ls = list(range(1, args.lmax + 1))
    errors: list[float] = []
    has_e3nn = e3nn_time(1, 2, 1) is not None
    print(
        f"batch {args.batch}, float64, medians of {args.repeat} after warm-up; "
        f"OPENBLAS_NUM_THREADS={os.environ['OPENBLAS_NUM_THREADS']}; e3nn installed: {has_e3nn}"
    )
    head = (
        f"{'L':>2} {'paths':>5} {'nnz':>7} | {'CG':>8} {'einsum':>8} {'ratio':>6} "
        f"{'e3nn':>8} | {'Gaunt':>7} {'(fft)':>7} {'einsum':>8} {'ratio':>6}"
    )
    print(head + "\n" + "-" * len(head))
    for lmax in ls:
        sh = Irreps.spherical_harmonics(lmax)
        x1, x2 = sh.randn(args.batch, rng=rng), sh.randn(args.batch, rng=rng)
        tp = TensorProduct(sh, sh, full_output(sh))
        dense = tp.dense_tensor()
        t_cg = median_ms(lambda: tp(x1, x2), args.repeat)
        t_cgd = median_ms(
            lambda: dense_product(x1, x2, dense),
            max(3, args.repeat // 4),
        )
        t_e3 = e3nn_time(lmax, args.batch, args.repeat)
        gp = GauntTensorProduct(lmax, lmax, lmax)
        gpf = GauntTensorProduct(lmax, lmax, lmax, method="fft")
        table = real_gaunt_table(lmax)
        t_g = median_ms(lambda: gp(x1, x2), args.repeat)
        t_gf = median_ms(lambda: gpf(x1, x2), args.repeat)
        t_gd = median_ms(
            lambda: dense_product(x1, x2, table),
            max(3, args.repeat // 4),
        )
        ref_cg, ref_g = dense_product(x1, x2, dense), dense_product(x1, x2, table)
        errors.append(
            max(
                float(np.abs(tp(x1, x2) - ref_cg).max() / np.abs(ref_cg).max()),
                float(np.abs(gp(x1, x2) - ref_g).max() / np.abs(ref_g).max()),
                float(np.abs(gpf(x1, x2) - ref_g).max() / np.abs(ref_g).max()),
            )
        )
        for k, v in zip(cols, (t_cg, t_cgd, t_g, t_gf, t_gd), strict=True):
            cols[k].append(v)
        e3 = f"{t_e3:8.3f}" if t_e3 is not None else f"{'-':>8}"
        print(
            f"{lmax:>2} {len(tp.paths):>5} {tp.n_entries:>7} | {t_cg:8.3f} {t_cgd:8.3f} "
            f"{t_cgd / t_cg:6.1f} {e3} | {t_g:7.3f} {t_gf:7.3f} {t_gd:8.3f} {t_gd / t_g:6.1f}"
        )
    print("times in ms; ratio = einsum time / symalg time (> 1: symalg faster)")
    print(f"max relative difference symalg vs dense einsum: {max(errors):.1e}")
    big, t_big, t_big_fft = list(ls), list(cols["gaunt"]), list(cols["gaunt_fft"])
    for lmax in args.gaunt_degrees:
        sh = Irreps.spherical_harmonics(lmax)
        x1, x2 = sh.randn(args.batch, rng=rng), sh.randn(args.batch, rng=rng)
        gp = GauntTensorProduct(lmax, lmax, lmax)
        gpf = GauntTensorProduct(lmax, lmax, lmax, method="fft")
        big.append(lmax)
        t_big.append(median_ms(lambda: gp(x1, x2), max(3, args.repeat // 4)))
        t_big_fft.append(median_ms(lambda: gpf(x1, x2), max(3, args.repeat // 4)))
        print(
            f"Gaunt only, L = {lmax:>2}: {t_big[-1]:8.3f} ms ({gp.method}), "
            f"{t_big_fft[-1]:8.3f} ms (fft)"
        )
    if args.gaunt_degrees:
        keep = [i for i, l in enumerate(big) if l >= 6]
        fit = lambda ts: slope([big[i] for i in keep], [ts[i] for i in keep])  # noqa: E731
        print(
            f"Gaunt growth exponent over L >= 6: {fit(t_big):.2f} (auto), "
            f"{fit(t_big_fft):.2f} (fft)"
        )
    print(
        "growth exponent in L (L >= 3): "
        + ", ".join(f"{k} {slope(ls, v):.2f}" for k, v in cols.items())
    )
    return cols


if __name__ == "__main__":
    main()
