"""Kernel benchmark: symalg.compile_kernel against sympy.lambdify and symengine's LLVM Lambdify.

Run:  python benchmarks/codegen_bench.py [--points 1000000] [--repeats 5]

For each expression set, all methods are timed round-robin in one process on the same
inputs (float64), median (and min) of ``--repeats`` calls; the table gives the ratio of
symalg's median runtime to each baseline's (< 1 means symalg is faster). Compile time is
measured in fresh processes: cold (empty cache) and cache reload (``import numba`` excluded).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import sympy

ROOT = Path(__file__).resolve().parents[1]


# -- expression sets -------------------------------------------------------------------------
def sem4() -> tuple[object, list[sympy.Symbol]]:
    """Covariance of a linear SEM on the directed 4-cycle, (I - L)^-T W (I - L)^-1, as written."""
    n = 4
    L = sympy.zeros(n, n)
    for i in range(n):
        L[i, (i + 1) % n] = sympy.Symbol(f"l_{i + 1}_{(i + 1) % n + 1}")
    W = sympy.diag(*[sympy.Symbol(f"w_{i + 1}_{i + 1}") for i in range(n)])
    inv = (sympy.eye(n) - L).inv()
    args = [L[i, (i + 1) % n] for i in range(n)] + [W[i, i] for i in range(n)]
    return inv.T * W * inv, args


def _pi_lm(ell: int, m: int, z: sympy.Symbol) -> sympy.Expr:
    """The z-part of the Cartesian real harmonic on the unit sphere (r = 1)."""
    return sum(
        (-1) ** k
        * sympy.Rational(1, 2**ell)
        * sympy.binomial(ell, k)
        * sympy.binomial(2 * ell - 2 * k, ell)
        * sympy.factorial(ell - 2 * k)
        / sympy.factorial(ell - 2 * k - m)
        * z ** (ell - 2 * k - m)
        for k in range((ell - m) // 2 + 1)
    )


def sh6() -> tuple[object, list[sympy.Symbol]]:
    """Real spherical harmonics ell <= 6 (49 outputs), Cartesian form on unit vectors."""
    x, y, z = sympy.symbols("x y z", real=True)
    out = []
    for ell in range(7):
        for m in range(-ell, ell + 1):
            am = sympy.expand((x + sympy.I * y) ** abs(m))
            trig = sympy.re(am) if m >= 0 else sympy.im(am)
            norm = sympy.sqrt(sympy.Rational(2 * ell + 1, 4) / sympy.pi)
            if m != 0:
                norm *= sympy.sqrt(
                    2 * sympy.factorial(ell - abs(m)) / sympy.factorial(ell + abs(m))
                )
            out.append(sympy.expand(norm * _pi_lm(ell, abs(m), z) * trig))
    return out, [x, y, z]


def jac6() -> tuple[object, list[sympy.Symbol]]:
    """6x6 Jacobian of a nonlinear map R^6 -> R^6 with sin, exp, log, tanh, atan, sqrt."""
    u = sympy.symbols("u0:6", real=True)
    f = sympy.Matrix(
        [
            sympy.sin(u[0] * u[1]) + sympy.exp(-(u[2] ** 2)),
            sympy.log(1 + u[3] ** 2) * sympy.tanh(u[4]),
            sympy.atan(u[5] - u[0]) * sympy.sqrt(1 + u[1] ** 2),
            sympy.exp(u[3] * u[4]) / (1 + u[5] ** 2),
            sympy.tanh(u[0] + u[2]) * sympy.sin(u[4]),
            sympy.sqrt(u[1] ** 2 + u[3] ** 2 + 1) * sympy.atan(u[2] * u[5]),
        ]
    )
    return f.jacobian(u), list(u)


def big() -> tuple[object, list[sympy.Symbol]]:
    """One expression of >= 5000 operations: a sum of 700 distinct damped oscillators."""
    x, y, z = sympy.symbols("x y z", real=True)
    terms = []
    for k in range(1, 701):
        a, b = sympy.Rational(k, 97), sympy.Rational(1, k)
        terms.append(b * sympy.sin(a * x + y) * sympy.exp(-z * a) + (x - a) * (y + b) / (1 + z**2))
    e = sympy.Add(*terms)
    return e, [x, y, z]


SETS = {"sem4": sem4, "sh6": sh6, "jac6": jac6, "big": big}
TARGET_VS_NUMPY = {"sem4": 10.0, "sh6": 10.0, "jac6": 1.5, "big": 10.0}


# -- timing ----------------------------------------------------------------------------------
def _flat(obj: object) -> list[sympy.Expr]:
    if isinstance(obj, sympy.MatrixBase):
        return list(obj)
    return list(obj) if isinstance(obj, list) else [obj]


def _methods(name: str, n: int) -> dict[str, object]:
    import symengine

    from symalg.codegen import compile_kernel

    exprs, args = SETS[name]()
    flat = _flat(exprs)
    rng = np.random.default_rng(0)
    cols = [rng.uniform(0.1, 0.9, n) for _ in args]
    if name == "sh6":  # unit vectors
        v = rng.normal(size=(3, n))
        v /= np.linalg.norm(v, axis=0)
        cols = list(v)
    aos = np.ascontiguousarray(np.stack(cols, axis=1))
    k = compile_kernel(exprs, args)
    k(*[c[:1] for c in cols])
    plain = compile_kernel(exprs, args, simd=False)
    plain(*[c[:1] for c in cols])
    lam = sympy.lambdify(args, flat, modules="numpy", cse=True)
    se = symengine.Lambdify(args, flat, backend="llvm", cse=True, real=True)
    return {
        "symalg": lambda: k(*cols),
        "symalg_plain": lambda: plain(*cols),
        "lambdify_numpy_cse": lambda: lam(*cols),
        "symengine_llvm_cse": lambda: se(aos),
        "_check": (k(*cols[:]).reshape(n, -1), np.asarray(se(aos)).reshape(n, -1), k.n_ops),
        "_simd": k._impl.engine.simd,
    }


def _time(methods: dict[str, object], repeats: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {m: [] for m in methods if not m.startswith("_")}
    for fn in times:  # warm-up: first-touch page faults, lazy imports
        methods[fn]()
    for _ in range(repeats):
        for m in times:
            t0 = time.perf_counter()
            methods[m]()
            times[m].append(time.perf_counter() - t0)
    return times


_CHILD = """
import json, sys, time
t0 = time.perf_counter()
import numba, numpy, sympy, symengine  # imports excluded from the figure
@numba.njit(cache=False)
def _warm(x):
    return x + 1.0
_warm(1.0)  # numba's one-time start-up in a process (target registries, BLAS probe)
t_startup = time.perf_counter() - t0
sys.path.insert(0, {root!r})
from benchmarks.codegen_bench import SETS
exprs, args = SETS[{name!r}]()
t0 = time.perf_counter()
from symalg.codegen import compile_kernel
k = compile_kernel(exprs, args)
k(*[numpy.full(1, 0.5) for _ in args])
print(json.dumps({{"seconds": time.perf_counter() - t0, "startup": t_startup}}))
"""


def _compile_times(name: str) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "SYMALG_CACHE_DIR": cache}
        code = _CHILD.format(root=str(ROOT), name=name)
        runs = []
        for _ in range(2):
            out = subprocess.run(
                [sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True
            ).stdout
            runs.append(json.loads(out.strip().splitlines()[-1]))
    return runs[0]["seconds"], runs[1]["seconds"], runs[1]["startup"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--sets", default=",".join(SETS))
    ns = parser.parse_args()
    rows = []
    for name in ns.sets.split(","):
        methods = _methods(name, ns.points)
        ours, theirs, n_ops = methods["_check"]
        simd = methods["_simd"]
        scale = max(1.0, float(np.max(np.abs(theirs))))
        agree = float(np.max(np.abs(ours - theirs))) / scale
        times = _time(methods, ns.repeats)
        med = {m: statistics.median(t) for m, t in times.items()}
        cold, reload, startup = _compile_times(name)
        rows.append(
            (
                name,
                n_ops,
                med,
                {m: min(t) for m, t in times.items()},
                cold,
                reload,
                startup,
                agree,
                simd,
            )
        )
    _print(rows, ns)


def _print(rows: list[tuple], ns: argparse.Namespace) -> None:
    print(f"# codegen benchmark: {ns.points} points, float64, median of {ns.repeats} (min)")
    print(f"# python {sys.version.split()[0]}, numpy {np.__version__}, sympy {sympy.__version__}")
    print()
    print(
        "| set | ops before -> after | symalg / lambdify-numpy-cse | symalg / symengine-llvm-cse "
        "| speedup vs numpy (target) | compile cold | cache reload (numba start-up) "
        "| max rel. diff vs symengine | symalg / simd=False |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for name, n_ops, med, mins, cold, reload, startup, agree, used in rows:
        r_np = med["symalg"] / med["lambdify_numpy_cse"]
        r_se = med["symalg"] / med["symengine_llvm_cse"]
        r_np_min = mins["symalg"] / mins["lambdify_numpy_cse"]
        r_se_min = mins["symalg"] / mins["symengine_llvm_cse"]
        r_plain = med["symalg"] / med["symalg_plain"]
        simd = f"{r_plain:.3f} ({mins['symalg'] / mins['symalg_plain']:.3f})"
        simd += "" if used else " (plain loop: libm functions)"
        print(
            f"| {name} | {n_ops.before} -> {n_ops.after} | {r_np:.3f} ({r_np_min:.3f}) "
            f"| {r_se:.3f} ({r_se_min:.3f}) | {1 / r_np:.1f}x (>= {TARGET_VS_NUMPY[name]}x) "
            f"| {cold:.2f} s | {reload:.3f} s ({startup:.2f} s) | {agree:.1e} | {simd} |"
        )
    print()
    print("ratios: symalg runtime / baseline runtime, median (min); < 1.0 means symalg is faster")
    print("symalg / simd=False: the default (explicit-SIMD loop where the kernel allows it) over")
    print("the plain loop LLVM vectorises itself, same run")
    print("compile cold: compile_kernel + first call in a fresh process with an empty cache;")
    print("cache reload: the same in a second fresh process, after numba's one-time start-up")
    print("(a trivial njit call; its own cost is shown in brackets, like `import numba`)")


if __name__ == "__main__":
    main()
