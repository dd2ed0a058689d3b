"""Closed forms as sympy expressions, compiled lazily through :mod:`symalg.codegen`.

Kernels are built on first use (never at import) and cached per ``(name, dtype)``; the
codegen layer also caches them on disk. The series switch points depend on the dtype, so
float32 and float64 get different expressions.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable

import numba
import numpy as np
import sympy as sp

from symalg.lie._base import check_finite
from symalg.lie._coefficients import closed_form_angle, coefficient_expr

__all__ = [
    "kernel",
    "run_trig_kernel",
    "abs_max",
    "KERNELS",
    "so3_exp_expr",
    "so3_log_expr",
    "se3_exp_expr",
    "polar2_expr",
]


def _vec(name: str, n: int) -> sp.Matrix:
    return sp.Matrix(n, 1, sp.symbols(f"{name}0:{n}", real=True))


def _hat(w: sp.Matrix) -> sp.Matrix:
    return sp.Matrix([[0, -w[2], w[1]], [w[2], 0, -w[0]], [-w[1], w[0], 0]])


def _rodrigues(w: sp.Matrix, dtype: str) -> tuple[sp.Matrix, sp.Expr, sp.Expr]:
    """``R = cos(t) I + A hat(w) + B w w^T`` from one quotient ``S = sin(t/2) / t``.

    ``A = sin t / t = 2 cos(t/2) S`` and ``B = (1 - cos t) / t^2 = 2 S^2``: one division
    and one series branch for both (``cos(t/2)`` needs neither). Returns ``R, t^2, B``.
    """
    t2 = (w.T * w)[0]
    s = coefficient_expr("S", t2, dtype)
    a = 2 * sp.cos(closed_form_angle(t2) / 2) * s
    b = 2 * s**2
    r = (1 - t2 * b) * sp.eye(3) + a * _hat(w) + b * (w * w.T)
    return r, t2, b


def so3_exp_expr(dtype: str = "float64") -> tuple[sp.Matrix, list[sp.Matrix]]:
    """``R = cos(t) I + A hat(w) + B w w^T`` with ``cos t = 1 - t^2 B``; arg ``w`` (3, 1)."""
    w = _vec("w", 3)
    return _rodrigues(w, dtype)[0], [w]


def se3_exp_expr(dtype: str = "float64") -> tuple[sp.Matrix, list[sp.Matrix]]:
    """``T = [[R, J_l(w) rho], [0, 1]]``; arg ``xi = (rho, w)`` (6, 1)."""
    xi = _vec("xi", 6)
    rho, w = xi[:3, :], xi[3:, :]
    r, t2, b = _rodrigues(w, dtype)
    c = coefficient_expr("C", t2, dtype)
    om = _hat(w)
    jl = sp.eye(3) + b * om + c * (w * w.T - t2 * sp.eye(3))
    t = jl * rho
    top = r.row_join(t)
    return top.col_join(sp.Matrix([[0, 0, 0, 1]])), [xi]


def _argmax3(d: list[sp.Expr]) -> list[sp.Expr]:
    c0 = sp.And(d[0] >= d[1], d[0] >= d[2])
    c1 = d[1] >= d[2]
    return [c0, sp.And(sp.Not(c0), c1)]


def so3_log_expr(dtype: str = "float64") -> tuple[sp.Matrix, list[sp.Matrix]]:
    """atan2 angle; ``(t / sin t) v`` for ``c >= 0``, symmetric-part axis otherwise.

    Output (4, 1): ``omega`` and the angle.
    """
    r = sp.Matrix(3, 3, sp.symbols("r0:9", real=True))
    v = sp.Matrix([r[2, 1] - r[1, 2], r[0, 2] - r[2, 0], r[1, 0] - r[0, 1]]) / 2
    s = sp.sqrt((v.T * v)[0])
    c = (r.trace() - 1) / 2
    theta = sp.atan2(s, c)
    near0 = coefficient_expr("L", sp.Min(theta**2, 3), dtype) * v
    sym = (r + r.T) / 2 - c * sp.eye(3)
    d = [sym[i, i] for i in range(3)]
    conds = _argmax3(d)
    tiny = sp.Float(np.finfo(np.dtype(dtype)).tiny, 17)
    outs = []
    for k in range(3):
        arms = []
        for i, cond in zip(range(3), [*conds, True], strict=True):
            col = sym[:, i]
            norm = sp.sqrt(sp.Max((col.T * col)[0], tiny))
            dot = (col.T * v)[0]
            sgn = sp.Piecewise((-1, dot < 0), (1, True))
            arms.append((sgn * theta * col[k] / norm, cond))
        outs.append(sp.Piecewise((near0[k], c >= 0), *arms))
    outs.append(theta)  # lets the caller flag rotations by exactly pi without a second pass
    return sp.Matrix(outs), [r]


def polar2_expr(dtype: str = "float64") -> tuple[list, list[sp.Matrix]]:
    """Left polar factors of a 2x2 ``g`` (det > 0), output ``[P, K]`` of shape (2, 2, 2).

    ``K = R(a)`` with ``a = atan2(g10 - g01, g00 + g11)`` and ``P = g K^T``, symmetrised.
    """
    g = sp.Matrix(2, 2, sp.symbols("g0:4", real=True))
    a = sp.atan2(g[1, 0] - g[0, 1], g[0, 0] + g[1, 1])
    k = sp.Matrix([[sp.cos(a), -sp.sin(a)], [sp.sin(a), sp.cos(a)]])
    p = g * k.T
    off = (p[0, 1] + p[1, 0]) / 2
    p = sp.Matrix([[p[0, 0], off], [off, p[1, 1]]])
    return [p.tolist(), k.tolist()], [g]


#: Kernel names and the builders of their ``(exprs, args)``.
KERNELS: dict[str, Callable[[str], tuple]] = {
    "so3_exp": so3_exp_expr,
    "so3_log": so3_log_expr,
    "se3_exp": se3_exp_expr,
    "polar2": polar2_expr,
}


#: Largest ``max |omega_i|`` for the vectorised-trigonometry kernels: the sin/cos argument is
#: then ``|omega| / 2 <= sqrt(3) * 1e6 / 2``, inside codegen's exact-reduction range (1.6e6).
VECTOR_TRIG_BOUND = 1.0e6


@functools.cache
def kernel(name: str, dtype: str, vector_trig: bool = False) -> Callable | None:
    """Compile kernel ``name`` for ``dtype`` on first use; None while codegen is unavailable.

    Fused multiply-adds are allowed (``fma=True``): one rounding instead of two, and about
    10% faster for the trigonometric kernels. With vectorised trigonometry the loop runs on
    explicit SIMD vectors (``simd=True``), which store each point's matrix contiguously
    instead of by one scatter per entry: 1.4x faster for SO(3) exp into a reused buffer.
    """
    try:
        from symalg.codegen import compile_kernel
    except ImportError:
        return None
    exprs, args = KERNELS[name](dtype)
    return compile_kernel(
        exprs,
        args,
        backend="numba",
        dtype=dtype,
        cse=True,
        cache=True,
        vector_trig=vector_trig,
        fma=True,
        simd=True if vector_trig else "auto",
    )


@numba.njit(cache=True, nogil=True)
def _abs_max_bits(bits, mask):  # pragma: no cover - numba
    # |x| of an IEEE float is its bit pattern without the sign bit, and for those patterns
    # integer order is float order, with inf and NaN above every finite value: one
    # vectorised integer max over the data replaces max(), min() and isfinite()
    hi = bits.dtype.type(0)
    for i in range(bits.size):
        v = bits[i] & mask
        hi = v if v > hi else hi
    return hi


def abs_max(arr: np.ndarray) -> float:
    """``max |arr|`` of a float32/float64 array in one pass; inf or NaN if any entry is."""
    if arr.size == 0:
        return 0.0
    flat = np.ascontiguousarray(arr).reshape(-1)
    uint = np.uint64 if flat.dtype == np.float64 else np.uint32
    mask = uint(np.iinfo(uint).max >> 1)
    hi = _abs_max_bits(flat.view(uint), mask)
    return float(np.array([hi], dtype=uint).view(flat.dtype)[0])


def run_trig_kernel(
    name: str, x: np.ndarray, out: np.ndarray | None, *, where: str, label: str
) -> np.ndarray | None:
    """Evaluate kernel ``name`` at ``x`` (``(..., d)``) with vectorised sin/cos, checked.

    The SIMD loop returns ``max |x_i|`` from the same pass over ``x``: NaN or inf there
    means a non-finite entry (raised as ``InvalidArgumentError``), and above
    ``VECTOR_TRIG_BOUND`` (angles beyond the vectorised sin/cos's range, which gave NaN)
    the libm kernel recomputes the result, so results never depend on the switch. Where
    the maximum is not computed (the parallel loop) one :func:`abs_max` pass finds it.
    None while codegen is unavailable (after the finiteness check): take the numpy route.
    On an error, ``out`` may have been written.
    """
    k = kernel(name, x.dtype.name, True)
    arr = np.ascontiguousarray(x)[..., None]
    res, hi = k.call_with_input_max(arr, out=out) if k is not None else (None, None)
    if hi is None:
        hi = abs_max(x)
    if not math.isfinite(hi):
        check_finite(x, where=where, name=label)
    if res is not None and hi > VECTOR_TRIG_BOUND:
        res = kernel(name, x.dtype.name, False)(arr, out=res)
    return res
