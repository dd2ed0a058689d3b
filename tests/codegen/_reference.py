"""Independent references for kernels: mpmath at 40 digits and a running error bound.

``error_bound(expr, point, eps)`` propagates first-order rounding errors through the
expression tree with exact (mpmath) intermediate values: sums round at eps * sum|terms|,
products and powers add relative errors, a function f(u) contributes |f'(u)| * err(u)
plus two ulps of its own. Any evaluation order of the same tree stays within a small
multiple of this bound, so ``|kernel - exact| <= C * bound`` is a conditioning-aware test.
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
import sympy

DPS = 40


def exact(expr: sympy.Expr, subs: dict[sympy.Symbol, float]) -> complex:
    with mpmath.workdps(DPS):
        return complex(expr.evalf(DPS, subs={k: sympy.Float(v, DPS) for k, v in subs.items()}))


def error_bound(expr: sympy.Expr, subs: dict[sympy.Symbol, float], eps: float) -> float:
    """First-order bound on the absolute rounding error of evaluating ``expr``."""
    value: dict[sympy.Basic, mpmath.mpf] = {}
    err: dict[sympy.Basic, float] = {}
    with mpmath.workdps(DPS):
        for node in sympy.postorder_traversal(expr):
            if node in err:
                continue
            v = complex(node.evalf(DPS, subs={k: sympy.Float(x, DPS) for k, x in subs.items()}))
            value[node] = v
            a = [abs(value[c]) for c in node.args]
            e = [err[c] for c in node.args]
            if isinstance(node, sympy.Symbol):
                err[node] = 0.0
            elif not node.args:
                err[node] = eps * abs(v)
            elif isinstance(node, sympy.Add):
                err[node] = sum(e) + len(a) * eps * sum(a)
            elif isinstance(node, sympy.Mul):
                rel = (
                    sum(ei / ai if ai else float("inf") for ei, ai in zip(e, a, strict=True))
                    + len(a) * eps
                )
                err[node] = abs(v) * rel
            elif isinstance(node, sympy.Pow):
                b, x = node.args
                rel_b = e[0] / a[0] if a[0] else float("inf")
                log_b = abs(complex(mpmath.log(value[b]))) if a[0] else 0.0
                err[node] = abs(v) * (abs(value[x]) * rel_b + log_b * e[1] + 4 * eps)
            else:
                t = sympy.Dummy("t", real=True)
                deriv = sympy.diff(node.func(t), t)
                slope = abs(complex(deriv.evalf(DPS, subs={t: value[node.args[0]]})))
                err[node] = slope * e[0] + 2 * eps * abs(v)
    return float(err[expr])


def assert_within_bound(
    kernel, exprs: list, pts: list, symbols: tuple, factor: float = 16
) -> None:
    """``kernel`` (float64, one argument per symbol) is within ``factor`` rounding bounds."""
    arr = np.array(pts, dtype=np.float64)
    got = kernel(*(arr[:, c] for c in range(arr.shape[1])))
    eps = float(np.finfo(np.float64).eps)
    for i in range(len(pts)):
        subs = dict(zip(symbols, map(float, arr[i]), strict=True))
        for j, e in enumerate(exprs):
            ref, bound = exact(e, subs), error_bound(e, subs, eps)
            if abs(ref.imag) > 1e-30 or not math.isfinite(bound) or abs(ref) > 1e30:
                continue
            tol = factor * bound + 2 * eps * abs(ref) + 1e-300
            assert abs(float(got[i, j]) - ref.real) <= tol, (e, subs)
