"""Coefficient functions of the closed forms, derived in sympy.

Every coefficient is an even function of ``x`` (an angle, or ``sqrt(delta)``) and is
evaluated as a function of ``x2 = x**2``: the stable closed form above a switch point, the
Taylor polynomial in ``x2`` (coefficients from :func:`sympy.series`) below it. The switch
point is where the truncation error of the polynomial meets the rounding error of the closed
form, estimated from the cancellation among the numerator terms (``eps * sum|t_i| / |sum t_i|``).
Both errors are relative, so the switch point does not change when the coefficient multiplies
``Omega**k``: judged in the assembled matrix it is the same point.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

import mpmath
import numpy as np
import sympy as sp

__all__ = [
    "COEFFICIENTS",
    "series_coefficients",
    "switch_point",
    "series_switch_points",
    "coefficient_expr",
    "closed_form_angle",
    "evaluate",
]

_X = sp.Symbol("x", positive=True)


@dataclass(frozen=True)
class _Spec:
    """A coefficient: ``sum(terms) / denominator`` in ``x``, and ``n_terms`` of its series."""

    terms: tuple[sp.Expr, ...]
    denominator: sp.Expr
    n_terms: int
    negative: sp.Expr | None = None  # closed form in y = sqrt(-x2) for x2 < 0, if allowed
    meaning: str = ""


def _specs() -> dict[str, _Spec]:
    x = _X
    h = x / 2
    return {
        "A": _Spec((2 * sp.sin(h) * sp.cos(h),), x, 3, meaning="sin x / x"),
        "S": _Spec((sp.sin(h),), x, 3, meaning="sin(x/2) / x"),
        "B": _Spec((sp.sin(h) ** 2 / 2,), h**2, 3, meaning="(1 - cos x) / x^2"),
        "C": _Spec((x, -sp.sin(x)), x**3, 4, meaning="(x - sin x) / x^3"),
        "D": _Spec((1, -h * sp.cos(h) / sp.sin(h)), x**2, 4, meaning="(1 - (x/2) cot(x/2)) / x^2"),
        "E": _Spec(
            (x**2, -4 * sp.sin(h) ** 2), 2 * x**4, 4, meaning="(x^2 + 2 cos x - 2)/(2 x^4)"
        ),
        "F": _Spec(
            (2 * x, -3 * sp.sin(x), x * sp.cos(x)),
            2 * x**5,
            4,
            meaning="(2x - 3 sin x + x cos x) / (2 x^5)",
        ),
        "L": _Spec((x,), sp.sin(x), 3, meaning="x / sin x"),
        "G": _Spec((h * sp.cos(h),), sp.sin(h), 3, meaning="(x/2) cot(x/2)"),
        "CH": _Spec((sp.cosh(x),), sp.Integer(1), 4, negative=sp.cos(x), meaning="cosh sqrt(d)"),
        "SH": _Spec((sp.sinh(x),), x, 4, negative=sp.sin(x) / x, meaning="sinh sqrt(d) / sqrt(d)"),
        "ASH": _Spec(
            (sp.asinh(x),), x, 4, negative=sp.asin(x) / x, meaning="asinh sqrt(d)/sqrt(d)"
        ),
    }


#: Names of the coefficient functions and what they compute, as ``{name: formula}``.
COEFFICIENTS: dict[str, str] = {k: v.meaning for k, v in _specs().items()}


@functools.cache
def _spec(name: str) -> _Spec:
    return _specs()[name]


def _closed(name: str) -> sp.Expr:
    s = _spec(name)
    return sp.Add(*s.terms) / s.denominator


@functools.cache
def series_coefficients(name: str) -> tuple[sp.Rational, ...]:
    """Taylor coefficients ``c_k`` of ``f = sum_k c_k x2**k`` from :func:`sympy.series`.

    Parameters
    ----------
    name : str
        A key of :data:`COEFFICIENTS`.

    Returns
    -------
    tuple of sympy.Rational
        ``n_terms + 1`` exact coefficients (the last one sizes the truncation error).

    Examples
    --------
    >>> series_coefficients("C")[:3]
    (1/6, -1/120, 1/5040)
    """
    n = _spec(name).n_terms
    ser = sp.series(_closed(name), _X, 0, 2 * n + 2).removeO()
    poly = sp.Poly(sp.expand(ser), _X)
    coeffs = []
    for k in range(n + 1):
        if poly.coeff_monomial(_X ** (2 * k + 1)) != 0:
            raise AssertionError(f"{name}: series has an odd power")
        coeffs.append(sp.Rational(poly.coeff_monomial(_X ** (2 * k))))
    return tuple(coeffs)


@functools.cache
def switch_point(name: str, dtype: str = "float64") -> float:
    """Value of ``x2`` below which the series is used, for ``dtype``.

    Solves ``|c_n| x**(2n) / |f(x)| = eps * sum_i |t_i(x)| / |sum_i t_i(x)|`` for ``x``
    by bisection in ``log x`` at 30 digits, ``t_i`` the numerator terms.

    Examples
    --------
    >>> 1e-3 < switch_point("C") < switch_point("C", "float32")
    True
    """
    eps = float(np.finfo(np.dtype(dtype)).eps)
    spec = _spec(name)
    c = series_coefficients(name)
    terms = [sp.lambdify(_X, t, "mpmath") for t in spec.terms]
    f = sp.lambdify(_X, _closed(name), "mpmath")

    def gap(logx: mpmath.mpf) -> mpmath.mpf:
        x = mpmath.exp(logx)
        vals = [t(x) for t in terms]
        kappa = sum(abs(v) for v in vals) / abs(sum(vals))
        trunc = abs(c[-1]) * x ** (2 * spec.n_terms) / abs(f(x))
        return mpmath.log(trunc) - mpmath.log(eps * kappa)

    with mpmath.workdps(30):
        lo, hi = mpmath.log(mpmath.mpf("1e-12")), mpmath.log(mpmath.mpf("1.5"))
        if gap(hi) < 0:
            return float(mpmath.exp(hi) ** 2)
        for _ in range(80):
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if gap(mid) < 0 else (lo, mid)
        return float(mpmath.exp(lo) ** 2)


def _horner(coeffs: tuple[sp.Rational, ...], t: sp.Expr) -> sp.Expr:
    out: sp.Expr = sp.Float(float(coeffs[-1]), 17)
    for ck in reversed(coeffs[:-1]):
        out = sp.Float(float(ck), 17) + t * out
    return out


def closed_form_angle(x2: sp.Expr) -> sp.Expr:
    """``sqrt(max(x2, 1e-30))``: the ``x`` every closed form is evaluated at.

    Closed forms are evaluated at ``max(x2, 1e-30)``: finite even if a compiler hoists them
    out of the Piecewise (no 0/0 at ``x2 = 0``); one floor for every coefficient lets CSE
    share ``sqrt(x2)`` between them (and with other functions of the angle built from this).
    The floor never changes a selected value (every switch point is above 1e-30).
    """
    return sp.sqrt(sp.Max(x2, sp.Float(1e-30, 17)))


def coefficient_expr(name: str, x2: sp.Symbol | sp.Expr, dtype: str = "float64") -> sp.Expr:
    """Return the coefficient as a sympy ``Piecewise`` in ``x2`` (series below the switch).

    Examples
    --------
    >>> import sympy as sp
    >>> t = sp.Symbol("t")
    >>> expr = coefficient_expr("A", t)
    >>> float(expr.subs(t, 0))
    1.0
    """
    spec = _spec(name)
    coeffs = series_coefficients(name)[:-1]
    thr = switch_point(name, dtype)
    ser = _horner(coeffs, x2)
    pos = _closed(name).subs(_X, closed_form_angle(x2))
    pieces = [(ser, sp.Abs(x2) < thr) if spec.negative is not None else (ser, x2 < thr)]
    if spec.negative is not None:
        pieces.append((spec.negative.subs(_X, closed_form_angle(-x2)), x2 < 0))
    pieces.append((pos, True))
    return sp.Piecewise(*pieces)


@functools.cache
def _numpy_closed(name: str) -> tuple[Callable, Callable | None]:
    spec = _spec(name)
    pos = sp.lambdify(_X, _closed(name), "numpy")
    neg = sp.lambdify(_X, spec.negative, "numpy") if spec.negative is not None else None
    return pos, neg


def evaluate(name: str, x2: np.ndarray) -> np.ndarray:
    """Evaluate coefficient ``name`` at ``x2`` with numpy, in the dtype of ``x2``.

    The closed form is evaluated only on the entries above the switch point (a double
    ``where``), so no 0/0 occurs and no warning is raised.

    Examples
    --------
    >>> import numpy as np
    >>> bool(np.allclose(evaluate("A", np.array([0.0, np.pi**2])), [1.0, 0.0], atol=1e-15))
    True
    """
    x2 = np.asarray(x2)
    dt = x2.dtype if x2.dtype in (np.float32, np.float64) else np.dtype(np.float64)
    x2 = x2.astype(dt, copy=False)
    spec = _spec(name)
    thr = dt.type(switch_point(name, dt.name))
    coeffs = [dt.type(float(c)) for c in series_coefficients(name)[:-1]]
    ser = np.full_like(x2, coeffs[-1])
    for ck in reversed(coeffs[:-1]):
        ser = ck + x2 * ser
    pos, neg = _numpy_closed(name)
    small = np.abs(x2) < thr if spec.negative is not None else x2 < thr
    big_pos = ~small & (x2 >= 0)
    filler = dt.type(4) * thr
    out = np.where(small, ser, 0).astype(dt)
    out = np.where(big_pos, pos(np.sqrt(np.where(big_pos, x2, filler))).astype(dt), out)
    if neg is not None:
        big_neg = ~small & (x2 < 0)
        out = np.where(big_neg, neg(np.sqrt(np.where(big_neg, -x2, filler))).astype(dt), out)
    return out


def series_switch_points(dtype: str = "float64") -> dict[str, float]:
    """Switch points ``{name: x2}`` of every coefficient function for ``dtype``.

    Below ``x2`` (``x`` an angle, or ``sqrt(delta)``) the Taylor polynomial from
    :func:`sympy.series` is used, above it the closed form; see ``docs/explanation/lie.md``.
    Derived on first call (about a second), then cached.

    Examples
    --------
    >>> from symalg.lie import series_switch_points
    >>> pts = series_switch_points()
    >>> sorted(pts) == ["A", "ASH", "B", "C", "CH", "D", "E", "F", "G", "L", "S", "SH"]
    True
    >>> 0.02 < pts["C"] < 0.04       # (x - sin x)/x^3: series below x = 0.17
    True
    """
    if dtype not in ("float64", "float32"):
        from symalg.errors import InvalidArgumentError

        raise InvalidArgumentError(
            f"series_switch_points: dtype={dtype!r} is not supported; use 'float64' or 'float32'."
        )
    return {name: switch_point(name, dtype) for name in COEFFICIENTS}
