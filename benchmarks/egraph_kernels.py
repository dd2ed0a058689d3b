"""What the e-graph optimiser buys in generated kernels: runtime with / without `optimize=`.

Run:  .venv/bin/python benchmarks/egraph_kernels.py [--points N] [--repeats R]

Each expression set is compiled three times with `symalg.codegen.compile_kernel` (numba
backend, CSE on): plain, with `optimize=egraph_optimizer()` (sound rules only: results
bit-identical up to exact constant folding) and with `egraph_optimizer(fast_math=True)`
(reassociation, factoring, shared reciprocals: exact in the reals). Kernels run on the
same inputs in one process; the figure is the best of R timed calls; ratio = plain / optimised
(> 1 means the optimiser made the kernel faster). Compile time is reported separately.

The sets: the reaction network asked for by issue 4 (mass action, 24 species, 40 reactions),
representative workloads (polynomials, a rotation matrix from axis-angle, rational
functions, an exp/log likelihood term) and the sets of `benchmarks/codegen_bench.py`
(`sem4`, `sh6`, `jac6`, `big`).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import sympy

from symalg.codegen import compile_kernel
from symalg.egraph import egraph_optimizer, optimize_exprs


def reaction_network(n_species: int = 24, n_reactions: int = 40, seed: int = 0):
    """Mass-action right-hand side dx/dt of a random network (fixed seed)."""
    rng = np.random.default_rng(seed)
    xs = sympy.symbols(f"x0:{n_species}")
    rhs = [sympy.Integer(0)] * n_species
    for _ in range(n_reactions):
        kind = rng.integers(4)
        a, b, c, d = (int(i) for i in rng.choice(n_species, 4, replace=False))
        k = sympy.Float(round(float(rng.uniform(0.1, 3.0)), 3))
        if kind == 0:  # A + B -> C
            rate, nu = k * xs[a] * xs[b], {a: -1, b: -1, c: 1}
        elif kind == 1:  # A -> B + C
            rate, nu = k * xs[a], {a: -1, b: 1, c: 1}
        elif kind == 2:  # 2A -> B
            rate, nu = k * xs[a] ** 2, {a: -2, b: 1}
        else:  # A + B -> C + D
            rate, nu = k * xs[a] * xs[b], {a: -1, b: -1, c: 1, d: 1}
        for i, v in nu.items():
            rhs[i] += v * rate
    return rhs, list(xs)


def polynomials():
    x, y, z = sympy.symbols("x y z")
    exprs = [
        sympy.expand((x + 2 * y - z) ** 5),
        sympy.expand((x * y + z + 1) ** 4),
        sum((i + 1) * x**i for i in range(9)),
    ]
    return exprs, [x, y, z]


def rotation():
    t, u, v, w = sympy.symbols("t u v w")
    k = sympy.Matrix([[0, -w, v], [w, 0, -u], [-v, u, 0]])
    r = sympy.eye(3) + sympy.sin(t) * k + (1 - sympy.cos(t)) * k * k
    return list(r), [t, u, v, w]


def rational():
    x, y = sympy.symbols("x y")
    exprs = [
        x / (x**2 + y**2) + y / (x**2 + y**2),
        (x**3 - y) / (1 + x**2) - y / (1 + x**2),
        1 / (x + 1) + 1 / (x + 1) ** 2 + 1 / (x + 1) ** 3,
    ]
    return exprs, [x, y]


def likelihood():
    x, m, s = sympy.symbols("x m s", positive=True)
    z = (x - m) / s
    exprs = [
        sympy.exp(-(z**2) / 2) / (s * sympy.sqrt(2 * sympy.pi)) * sympy.exp(m) * sympy.exp(x),
        sympy.log(s) + z**2 / 2 + sympy.log(x) + sympy.log(m),
    ]
    return exprs, [x, m, s]


SETS = {
    "reaction network (24 species)": reaction_network,
    "polynomials": polynomials,
    "rotation (axis-angle)": rotation,
    "rational": rational,
    "likelihood": likelihood,
}


def _codegen_set(make):
    """A set of benchmarks/codegen_bench.py, flattened to a list of expressions."""

    def build():
        exprs, args = make()
        if isinstance(exprs, sympy.MatrixBase):
            exprs = list(exprs)
        return (exprs if isinstance(exprs, list) else [exprs]), list(args)

    return build


try:  # the codegen benchmark's sets, when that script is present
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import codegen_bench

    SETS.update({f"codegen {k}": _codegen_set(v) for k, v in codegen_bench.SETS.items()})
except ImportError:
    print("benchmarks/codegen_bench.py not importable: its sets are skipped")


def _body(kernel) -> str:
    """The generated loop body (the header holds content hashes that differ per spec)."""
    src = kernel.source
    return src[src.find("@numba") :]


def _interleaved_best(kernels: list, arrays: list, rounds: int) -> list[float]:
    """Best time per kernel, calls interleaved round by round (the machine is shared)."""
    outs = [k(*arrays) for k in kernels]
    best = [float("inf")] * len(kernels)
    for _ in range(rounds):
        for i, (k, out) in enumerate(zip(kernels, outs, strict=True)):
            t = time.perf_counter()
            k(*arrays, out=out)
            best[i] = min(best[i], time.perf_counter() - t)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--points", type=int, default=20_000)
    ap.add_argument("--repeats", type=int, default=30)
    args = ap.parse_args()
    variants = {
        "plain": None,
        "sound": egraph_optimizer(),
        "fast-math": egraph_optimizer(fast_math=True),
    }
    print(
        f"{args.points} points, best of {args.repeats} interleaved calls; ratio = plain time / "
        "optimised time;\nmodel = SymbolicUtils cycles after sympy CSE, plain -> e-graph "
        "candidate (used only if cheaper)"
    )
    print(
        f"{'set':30s} {'variant':10s} {'ops':>5s} {'compile s':>9s} {'run ms':>8s} {'ratio':>6s} "
        f"{'model':>13s} max diff / max |value|"
    )
    rng = np.random.default_rng(1)
    for name, make in SETS.items():
        exprs, symbols = make()
        arrays = [rng.uniform(0.5, 2.0, args.points) for _ in symbols]
        kernels, compile_s = [], []
        for opt in variants.values():
            t = time.perf_counter()
            kernels.append(compile_kernel(exprs, symbols, optimize=opt, parallel=False))
            compile_s.append(time.perf_counter() - t)
        runs = _interleaved_best(kernels, arrays, args.repeats)
        base = kernels[0](*arrays)
        models = ["", optimize_exprs(exprs), optimize_exprs(exprs, fast_math=True)]
        for label, k, c, run, m in zip(variants, kernels, compile_s, runs, models, strict=True):
            diff = float(np.max(np.abs(k(*arrays) - base)) / np.max(np.abs(base)))
            model = f"{m.cost_before:5.0f} ->{m.cost_candidate:5.0f}" if m else ""
            same = label != "plain" and _body(k) == _body(kernels[0])
            print(
                f"{name:30s} {label:10s} {k.n_ops.after:5d} {c:9.2f} {run * 1e3:8.3f} "
                f"{runs[0] / run:6.2f} {model:>13s} {diff:.1e}"
                + ("  (same code as plain: the ratio is noise)" if same else "")
            )


if __name__ == "__main__":
    main()
