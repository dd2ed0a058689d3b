from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from symalg.errors import ShapeError
from symalg.lie import SE2, SO2
from tests.lie._reference import DPS, assert_close, expm_series, jl_series_ref, mpm, tol, tonp
from tests.lie.strategies import angles


def signed_angles() -> st.SearchStrategy[float]:
    return st.tuples(angles(), st.sampled_from([1.0, -1.0])).map(lambda p: p[0] * p[1])


def xis() -> st.SearchStrategy[np.ndarray]:
    return st.tuples(st.floats(-10, 10), st.floats(-10, 10), signed_angles()).map(np.array)


def _twist(xi: np.ndarray) -> np.ndarray:
    return np.array([[0, -xi[2], xi[0]], [xi[2], 0, xi[1]], [0, 0, 0]])


def _ad(xi: np.ndarray) -> np.ndarray:
    return np.array([[0, -xi[2], xi[1]], [xi[2], 0, -xi[0]], [0, 0, 0]])


def test_so2_log_range_and_minus_pi() -> None:
    assert SO2.exp(-math.pi).log() == math.pi
    assert SO2.from_matrix(np.array([[-1.0, 0.0], [-0.0, -1.0]])).log() == math.pi
    assert SO2.exp(math.pi).log() == math.pi


@pytest.mark.parametrize("t", [1e-12, -1e-12, 0.0])
def test_so2_log_continuous_at_identity(t: float) -> None:
    assert abs(SO2.exp(t).log() - t) <= 1e-28


@given(t=signed_angles())
def test_so2_roundtrip(t: float) -> None:
    got = float(SO2.exp(t).log())
    if abs(t) == math.pi:
        assert got == math.pi
    else:
        assert abs(got - t) <= 4e-16 * max(1, abs(t))


@pytest.mark.parametrize("k", [1, 2, 5, 7])
def test_so2_grid_integrates_cos_exactly(k: int) -> None:
    n = 8
    th = SO2.grid(n).log()
    assert abs(np.mean(np.cos(k * th))) < 1e-15
    assert np.unique(np.round(th, 12)).size == n  # -I counted once


def test_so2_linspace_with_endpoint_is_not_exact() -> None:
    th = np.linspace(-math.pi, math.pi, 8)
    assert abs(np.mean(np.cos(th))) > 0.1  # the negative control of the grid test


@given(xi=xis())
def test_se2_exp_matches_high_precision(xi: np.ndarray) -> None:
    with mpmath.workdps(DPS):
        ref = tonp(expm_series(mpm(_twist(xi))))
    assert_close(
        SE2.exp(xi).as_matrix(), ref, tol(np.float64, np.linalg.norm(xi[:2]), 16), "SE2 exp"
    )


@given(xi=xis())
def test_se2_log_exp_roundtrip(xi: np.ndarray) -> None:
    got = SE2.exp(xi).log()
    if abs(xi[2]) >= math.pi - 1e-6:
        return
    scale = np.linalg.norm(xi[:2]) / (math.pi - abs(xi[2]))
    assert_close(got, xi, tol(np.float64, 4 * max(1, scale), 16), "SE2 log(exp)")


@given(xi=xis())
def test_se2_jacobians(xi: np.ndarray) -> None:
    jl = SE2.left_jacobian(xi)
    scale = max(1.0, np.linalg.norm(xi))
    assert_close(jl, jl_series_ref(_ad(xi)), 1e-14 * scale, "J_l vs series")
    assert_close(jl, SE2.exp(xi).adjoint() @ SE2.right_jacobian(xi), 1e-14 * scale**2, "Ad")
    assert_close(jl @ xi, xi, 1e-14 * scale**2, "J_l xi = xi")
    assert_close(SE2.left_jacobian_inv(xi) @ jl, np.eye(3), 1e-12 * scale**2, "inverse")


@given(xi=xis(), d=st.lists(st.floats(-1, 1), min_size=3, max_size=3))
def test_se2_jacobian_finite_differences(xi: np.ndarray, d: list[float]) -> None:
    if abs(xi[2]) > math.pi - 0.1:
        xi = xi.copy()
        xi[2] = math.copysign(math.pi - 0.1, xi[2])
    dv, h = np.array(d), 1e-6
    base = SE2.exp(xi).inverse()
    fd = ((SE2.exp(xi + h * dv) @ base).log() - (SE2.exp(xi - h * dv) @ base).log()) / (2 * h)
    assert_close(fd, SE2.left_jacobian(xi) @ dv, 1e-7 * max(1, np.linalg.norm(xi)), "FD")


def test_so2_and_se2_shapes_and_errors() -> None:
    assert SO2.exp(np.zeros((4, 2))).batch_shape == (4, 2)
    assert SE2.sample_haar(5, rng=0).log().shape == (5, 3)
    with pytest.raises(ShapeError, match=r"expected \(\.\.\., 3\)"):
        SE2.exp(np.zeros(2))
    g = SE2.exp(np.array([1.0, 2.0, 3.0]))
    p = np.array([0.5, -1.0])
    assert_close((g @ g.inverse()).as_matrix(), np.eye(3), 1e-15, "inverse")
    assert_close(g.apply(p), g.as_matrix()[:2, :2] @ p + g.as_matrix()[:2, 2], 0, "apply")
