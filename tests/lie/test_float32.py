"""float32 inputs stay float32 and agree with the float64 route to a few float32 ulp."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from symalg.lie import SE2, SE3, SL, SO3, GLPlus, NonUniqueLogWarning, polar, xi, xi_inv
from tests.lie._reference import assert_close, tol
from tests.lie.strategies import conditioned_matrices, rotation_vectors

EPS32 = float(np.finfo(np.float32).eps)


def _pair(fn, x64: np.ndarray, scale: float, factor: float = 16.0) -> None:
    x32 = x64.astype(np.float32)
    got = fn(x32)
    ref = fn(x32.astype(np.float64))
    got, ref = (got, ref) if isinstance(got, tuple) else ((got,), (ref,))
    for a, b in zip(got, ref, strict=True):
        assert a.dtype == np.float32, a.dtype
        assert_close(a, b, tol(np.float32, scale, factor), fn.__name__)


@given(w=rotation_vectors("float32"))
def test_so3_jacobians_float32(w: np.ndarray) -> None:
    for f in (SO3.left_jacobian, SO3.right_jacobian, SO3.left_jacobian_inv):
        _pair(f, w, 1.0)


@pytest.mark.parametrize("backend", ["numba", "numpy"])
@given(w=rotation_vectors("float32"), rho=st.lists(st.floats(-3, 3), min_size=3, max_size=3))
def test_se3_float32(backend: str, w: np.ndarray, rho: list[float]) -> None:
    xi_ = np.concatenate([rho, w])

    def se3_exp(x):
        return SE3.exp(x, backend=backend).as_matrix()

    _pair(se3_exp, xi_, 4.0)
    _pair(SE3.left_jacobian, xi_, 4.0, 64.0)


@given(t=st.floats(-3.1, 3.1), v=st.lists(st.floats(-3, 3), min_size=2, max_size=2))
def test_se2_float32(t: float, v: list[float]) -> None:
    def se2_exp_log(x):
        return SE2.exp(x).log()

    _pair(se2_exp_log, np.array([*v, t]), 4.0, 64.0)


@pytest.mark.parametrize("backend", ["numba", "numpy"])
@pytest.mark.parametrize("n", [2, 3])
@given(data=st.data())
def test_polar_and_chart_float32(backend: str, n: int, data) -> None:
    g = data.draw(conditioned_matrices(n, 2.0))
    g = g / np.abs(g).max()

    def polar_left(x):
        return polar(x, backend=backend)

    _pair(polar_left, g, 1.0, 64.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NonUniqueLogWarning)
        x = xi_inv(g.astype(np.float32))
    assert x.dtype == np.float32
    assert_close(xi(x), g.astype(np.float32), 1e3 * EPS32, "xi(xi_inv) f32")


def test_linear_groups_float32() -> None:
    x = np.array([[0.3, 1.2], [-0.8, -0.3]], dtype=np.float32)
    g = SL(2).exp(x)
    assert g.dtype == np.float32
    assert_close(g.log(), x, 64 * EPS32, "SL2 log(exp) f32")
    x3 = (0.2 * np.arange(9.0).reshape(3, 3) - 0.5).astype(np.float32)
    assert_close(GLPlus(3).exp(x3).log(), x3, 1e3 * EPS32, "GL3 f32")
