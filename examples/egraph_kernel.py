"""Make a generated kernel cheaper with the e-graph optimiser.

Compiles the same expressions with and without ``optimize=egraph_optimizer(...)``, checks
the optimised kernel against sympy's numpy printer, and prints operation counts.

Run: python examples/egraph_kernel.py
"""

from __future__ import annotations

import numpy as np
import sympy

from symalg.codegen import compile_kernel
from symalg.egraph import egraph_optimizer, optimize_exprs


def main() -> None:
    x, y, z = sympy.symbols("x y z")
    exprs = [
        x**4 + 3 * x**3 * y + 2 * x**2 * y**2 + x * y**3,
        sympy.exp(x) * sympy.exp(y) / z + x**2 / z,
    ]
    report = optimize_exprs(exprs, fast_math=True)
    print("optimised:", report.exprs)
    print(
        f"model cost (SymbolicUtils cycles): {report.cost_before:.0f} -> {report.cost_after:.0f}"
    )
    plain = compile_kernel(exprs, [x, y, z])
    fast = compile_kernel(exprs, [x, y, z], optimize=egraph_optimizer(fast_math=True))
    rng = np.random.default_rng(0)
    pts = [rng.uniform(0.5, 2.0, 1000) for _ in range(3)]
    # an independent reference: sympy's own numpy printer on the original expressions
    reference = np.stack(
        [np.broadcast_to(sympy.lambdify([x, y, z], e, "numpy")(*pts), (1000,)) for e in exprs],
        axis=-1,
    )
    np.testing.assert_allclose(fast(*pts), reference, rtol=1e-12)
    print(f"kernel operations: {plain.n_ops.after} -> {fast.n_ops.after}")
    if not np.allclose(plain(*pts), reference, rtol=1e-12):
        print("note: the kernel compiled without the optimiser disagrees with the reference")


if __name__ == "__main__":
    main()
