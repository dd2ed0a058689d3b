"""compile_kernel(..., vector_trig=True): call-free sin/cos accurate to 1 ulp, NaN off-range."""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
import sympy

from symalg.codegen import compile_kernel
from tests.codegen.strategies import X

LIMIT = 2**20 * math.pi / 2


@pytest.fixture(scope="module", params=[False, True], ids=["plain", "fma"])
def sincos(request):
    # fused multiply-adds must not break the Cody-Waite reduction or the fdlibm polynomials
    return compile_kernel([sympy.sin(X), sympy.cos(X)], [X], vector_trig=True, fma=request.param)


def _hard_arguments() -> np.ndarray:
    rng = np.random.default_rng(0)
    near = np.array([k * math.pi / 2 for k in range(-40, 41)])
    ulps = np.concatenate([np.nextafter(near, np.inf), np.nextafter(near, -np.inf), near])
    return np.concatenate(
        [
            rng.uniform(-10, 10, 300),
            rng.uniform(-LIMIT, LIMIT, 100),
            10.0 ** rng.uniform(-300, 6, 100) * rng.choice([-1, 1], 100),
            ulps,
            [0.0, -0.0, 5e-324, 1e-200, math.pi, 355.0, 103993.0, LIMIT, -LIMIT],
        ]
    )


def _ulp_errors(got: np.ndarray, x: np.ndarray, fn) -> np.ndarray:
    mpmath.mp.dps = 50
    ref = np.array([float(fn(mpmath.mpf(float(v)))) for v in x])
    return np.abs(got - ref) / np.spacing(np.maximum(np.abs(ref), 1e-300))


def test_sin_and_cos_are_within_one_ulp(sincos) -> None:
    x = _hard_arguments()
    got = sincos(x)
    for col, fn in ((0, mpmath.sin), (1, mpmath.cos)):
        err = _ulp_errors(got[:, col], x, fn)
        worst = int(np.argmax(err))
        assert err[worst] <= 1.0, f"{fn.__name__}({x[worst]!r}): {err[worst]:.2f} ulp"


def test_off_range_and_non_finite_arguments_give_nan(sincos) -> None:
    x = np.array([np.nextafter(LIMIT, np.inf) * 1.001, -1e7, 1e300, np.inf, -np.inf, np.nan])
    assert np.isnan(sincos(x)).all()


def test_float32_kernel_rounds_the_float64_result() -> None:
    k = compile_kernel(sympy.sin(X) * sympy.cos(X), [X], dtype="float32", vector_trig=True)
    x = np.linspace(-20, 20, 101, dtype=np.float32)
    got = k(x)
    assert got.dtype == np.float32
    ref = (np.sin(x.astype(np.float64)) * np.cos(x.astype(np.float64))).astype(np.float32)
    np.testing.assert_allclose(got, ref, rtol=0, atol=2 * np.finfo(np.float32).eps)


def test_option_changes_the_source_and_the_cache_key() -> None:
    plain = compile_kernel(sympy.sin(X), [X])
    fast = compile_kernel(sympy.sin(X), [X], vector_trig=True)
    assert "math.sin" in plain.source and "_vsin(" in fast.source
    assert "_vsin" not in compile_kernel(sympy.exp(X), [X], vector_trig=True).source


def test_broadcast_scalar_arguments_are_materialised_per_block() -> None:
    y = sympy.Symbol("y")
    k = compile_kernel([sympy.sin(X) * y], [X, y], vector_trig=True)
    x = np.linspace(0, 3, 20000)
    np.testing.assert_allclose(k(x, 2.0)[:, 0], 2 * np.sin(x), rtol=1e-15, atol=1e-15)
