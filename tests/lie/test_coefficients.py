"""The series switch points: accuracy at +-1 ulp and up to 10x above each, both dtypes."""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
import sympy as sp

from symalg.lie import series_switch_points
from symalg.lie._coefficients import COEFFICIENTS, coefficient_expr, evaluate, series_coefficients

# The defining (naive) formula of each coefficient, evaluated at 60 digits as the oracle.
DEFINITIONS = {
    "A": lambda x: mpmath.sin(x) / x,
    "S": lambda x: mpmath.sin(x / 2) / x,
    "B": lambda x: (1 - mpmath.cos(x)) / x**2,
    "C": lambda x: (x - mpmath.sin(x)) / x**3,
    "D": lambda x: 1 / x**2 - (1 + mpmath.cos(x)) / (2 * x * mpmath.sin(x)),
    "E": lambda x: (x**2 + 2 * mpmath.cos(x) - 2) / (2 * x**4),
    "F": lambda x: (2 * x - 3 * mpmath.sin(x) + x * mpmath.cos(x)) / (2 * x**5),
    "L": lambda x: x / mpmath.sin(x),
    "G": lambda x: (x / 2) * mpmath.cot(x / 2),
    "CH": lambda x: mpmath.cosh(x),
    "SH": lambda x: mpmath.sinh(x) / x,
    "ASH": lambda x: mpmath.asinh(x) / x,
}
# lowest power of x the coefficient multiplies in an assembled matrix whose leading term is
# O(1): Omega^k ~ theta^k in Rodrigues/J_l, and C, E, F in the Q block (C Omega P, E Omega^2 P,
# F Omega P Omega^2 relative to P/2)
POWER = {
    "A": 1,
    "S": 1,
    "B": 2,
    "C": 1,
    "D": 2,
    "E": 2,
    "F": 3,
    "L": 1,
    "G": 0,
    "CH": 0,
    "SH": 1,
    "ASH": 1,
}


def _exact(name: str, x2: float) -> float:
    with mpmath.workdps(60):
        if x2 == 0:
            return float(DEFINITIONS[name](mpmath.mpf("1e-25")))
        x2m = mpmath.mpf(x2)
        if x2m < 0:
            y = mpmath.sqrt(-x2m)
            return float(mpmath.re(DEFINITIONS[name](1j * y)))
        return float(DEFINITIONS[name](mpmath.sqrt(x2m)))


@pytest.mark.parametrize("name", sorted(COEFFICIENTS))
def test_series_coefficients_match_mpmath_taylor(name: str) -> None:
    coeffs = series_coefficients(name)
    with mpmath.workdps(150):
        # Taylor coefficients of f(sqrt(t)) in t by numerical differentiation of the naive
        # definition at 150 digits, just off the removable singularity
        taylor = mpmath.taylor(
            lambda t: DEFINITIONS[name](mpmath.sqrt(t)), mpmath.mpf("1e-60"), len(coeffs) - 1
        )
    for k, (c, ref) in enumerate(zip(coeffs, taylor, strict=True)):
        assert math.isclose(float(c), float(ref), rel_tol=1e-12), (name, k, c, ref)


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("name", sorted(COEFFICIENTS))
def test_switch_point_neighbourhood_is_accurate(name: str, dtype: str) -> None:
    dt = np.dtype(dtype)
    eps = float(np.finfo(dt).eps)
    thr = dt.type(series_switch_points(dtype)[name])
    steps = np.arange(-4, 5)
    near = thr + steps * np.spacing(thr)
    above = thr * np.array([1.5, 2, 3, 5, 10], dtype=dt)
    x2 = np.concatenate([near, above, [dt.type(0)]]).astype(dt)
    if name not in ("CH", "SH", "ASH"):
        x2 = x2[x2 < (math.pi**2 if name != "L" else 2.3)]  # L is used for angles <= pi/2
    got = evaluate(name, x2)
    assert got.dtype == dt
    for xi, gi in zip(x2, got, strict=True):
        ref = _exact(name, float(xi))
        # error judged in the assembled matrix: coefficient times x^POWER
        xp = float(xi) ** (POWER[name] / 2)
        err = abs(float(gi) - ref) * xp
        assert err <= 64 * eps * max(1.0, abs(ref) * xp), (
            name,
            dtype,
            float(xi),
            float(gi),
            ref,
            err,
        )


@pytest.mark.parametrize("name", ["CH", "SH", "ASH"])
def test_negative_arguments_use_the_trigonometric_branch(name: str) -> None:
    x2 = -np.array([1e-6, 1e-3, 0.01, 0.1, 0.5, 0.9])
    got = evaluate(name, x2)
    ref = np.array([_exact(name, float(v)) for v in x2])
    np.testing.assert_allclose(got, ref, rtol=8e-16 * 8)


@pytest.mark.parametrize("name", sorted(COEFFICIENTS))
def test_sympy_piecewise_equals_numpy_path(name: str) -> None:
    t = sp.Symbol("t", real=True)
    expr = coefficient_expr(name, t)
    fn = sp.lambdify(t, expr, "mpmath")
    pts = [0.0, 1e-12, 1e-5, 0.01, 0.3, 2.0]
    if name in ("CH", "SH", "ASH"):
        pts += [-1e-5, -0.3]
    for x in pts:
        with mpmath.workdps(30):
            ref = float(fn(mpmath.mpf(x)))
        assert math.isclose(float(evaluate(name, np.array([x]))[0]), ref, rel_tol=1e-10), (name, x)


def test_switch_points_grow_for_float32() -> None:
    f64, f32 = series_switch_points("float64"), series_switch_points("float32")
    assert all(f32[k] > f64[k] for k in f64)
