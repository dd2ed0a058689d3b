from __future__ import annotations

import math
import warnings

import mpmath
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from symalg.errors import InvalidArgumentError, ShapeError
from symalg.lie import SE3, SO3, NonUniqueLogWarning
from tests.lie._reference import DPS, assert_close, expm_series, jl_series_ref, mpm, tol, tonp
from tests.lie.strategies import rotation_vectors, translations, unit_vectors

BACKENDS = ["numba", "numpy"]


def _hat(w: np.ndarray) -> np.ndarray:
    return np.array([[0, -w[2], w[1]], [w[2], 0, -w[0]], [-w[1], w[0], 0]])


def _ad(xi: np.ndarray) -> np.ndarray:
    out = np.zeros((6, 6))
    out[:3, :3] = out[3:, 3:] = _hat(xi[3:])
    out[:3, 3:] = _hat(xi[:3])
    return out


def _twist(xi: np.ndarray) -> np.ndarray:
    m = np.zeros((4, 4))
    m[:3, :3] = _hat(xi[3:])
    m[:3, 3] = xi[:3]
    return m


def _exp_ref(xi: np.ndarray) -> np.ndarray:
    with mpmath.workdps(DPS):
        return tonp(expm_series(mpm(_twist(xi))))


def xis() -> st.SearchStrategy[np.ndarray]:
    return st.tuples(translations(), rotation_vectors()).map(lambda p: np.concatenate(p))


@pytest.mark.parametrize("backend", BACKENDS)
@given(xi=xis())
def test_exp_matches_high_precision(backend: str, xi: np.ndarray) -> None:
    got = SE3.exp(xi, backend=backend).as_matrix()
    assert_close(got, _exp_ref(xi), tol(np.float64, np.linalg.norm(xi[:3]), 16), "SE3 exp")


@given(xi=xis())
def test_exp_log_roundtrip(xi: np.ndarray) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NonUniqueLogWarning)
        got = SE3.exp(xi).log()
    if np.linalg.norm(xi[3:]) >= math.pi - 1e-6:
        return  # the rotation log is two-valued (or ill-posed for rho) at pi: tested in SO3
    scale = np.linalg.norm(xi[:3]) / max(1e-300, math.pi - np.linalg.norm(xi[3:]))
    assert_close(got, xi, tol(np.float64, 4 * max(1, scale), 16), "SE3 log(exp)")


@given(xi=xis())
def test_left_jacobian_matches_series(xi: np.ndarray) -> None:
    ref = jl_series_ref(_ad(xi))
    scale = max(1.0, np.linalg.norm(xi[:3]))
    assert_close(SE3.left_jacobian(xi), ref, 1e-14 * scale, "SE3 J_l vs series (Q block)")


@given(xi=xis())
def test_jacobian_identities(xi: np.ndarray) -> None:
    jl, jr = SE3.left_jacobian(xi), SE3.right_jacobian(xi)
    scale = max(1.0, np.linalg.norm(xi)) ** 2
    assert_close(jl, SE3.exp(xi).adjoint() @ jr, 1e-14 * scale, "J_l = Ad J_r")
    assert_close(jl @ xi, xi, 1e-14 * scale, "J_l xi = xi")
    if np.linalg.norm(xi[3:]) < math.pi - 1e-3:
        assert_close(SE3.left_jacobian_inv(xi) @ jl, np.eye(6), 1e-12 * scale, "J_l^-1 J_l")
        assert_close(SE3.right_jacobian_inv(xi) @ jr, np.eye(6), 1e-12 * scale, "J_r^-1 J_r")


@given(
    u=unit_vectors(),
    theta=st.floats(0.05, math.pi - 0.1),
    rho=translations(),
    d=st.lists(st.floats(-1, 1), min_size=6, max_size=6),
)
def test_left_jacobian_finite_differences(u, theta, rho, d) -> None:
    xi, d, h = np.concatenate([rho, theta * u]), np.array(d), 1e-6
    base = SE3.exp(xi).inverse()
    fd = ((SE3.exp(xi + h * d) @ base).log() - (SE3.exp(xi - h * d) @ base).log()) / (2 * h)
    assert_close(fd, SE3.left_jacobian(xi) @ d, 1e-7 * max(1, np.linalg.norm(rho)), "FD vs J_l")


@given(a=xis(), b=xis())
def test_group_axioms_and_action(a: np.ndarray, b: np.ndarray) -> None:
    ta, tb = SE3.exp(a), SE3.exp(b)
    p = np.array([1.0, -2.0, 0.5])
    scale = max(1, np.linalg.norm(a[:3]) + np.linalg.norm(b[:3]))
    assert_close((ta @ tb).apply(p), ta.apply(tb.apply(p)), 1e-13 * scale, "action")
    assert_close((ta @ ta.inverse()).as_matrix(), np.eye(4), 1e-14 * scale, "inverse")
    # Ad_T xi^ = T xi^ T^-1
    lhs = _twist(ta.adjoint() @ b)
    rhs = ta.as_matrix() @ _twist(b) @ ta.inverse().as_matrix()
    assert_close(lhs, rhs, 1e-13 * scale * max(1, np.linalg.norm(b)), "adjoint")


def test_float32_exp() -> None:
    xi = np.array([1.0, -2.0, 0.5, 1e-4, 0.3, -2.9], dtype=np.float32)
    for backend in BACKENDS:
        got = SE3.exp(xi, backend=backend)
        assert got.dtype == np.float32
        assert_close(
            got.as_matrix(), _exp_ref(xi.astype(np.float64)), tol(np.float32, 2.3, 16), backend
        )


def test_sample_haar_and_interpolate() -> None:
    t = SE3.sample_haar(100, box=2.0, rng=0)
    assert t.batch_shape == (100,) and np.all(np.abs(t.translation()) <= 2.0)
    a, b = t[0], t[1]
    assert_close(a.interpolate(b, 1.0).as_matrix(), b.as_matrix(), 1e-13, "t=1")
    with pytest.raises(InvalidArgumentError, match=r"box=-1.0 must be finite and > 0"):
        SE3.sample_haar(3, box=-1.0)


def test_from_matrix_checks_bottom_row_and_rotation() -> None:
    m = np.eye(4)
    m[3, 0] = 0.5
    with pytest.raises(InvalidArgumentError, match=r"last row \[0.5, 0.0, 0.0, 1.0\]; expected"):
        SE3.from_matrix(m)
    m = np.eye(4)
    m[:3, :3] *= 2
    with pytest.raises(InvalidArgumentError, match="project=True"):
        SE3.from_matrix(m)
    r = SE3.from_rotation_translation(SO3.exp(np.array([0.0, 0.0, 1.0])), np.ones(3))
    assert_close(r.translation(), np.ones(3), 0, "translation")


@pytest.mark.parametrize("backend", BACKENDS)
def test_exp_writes_into_out(backend) -> None:
    xi = np.random.default_rng(4).standard_normal((6, 6))
    buf = np.full((6, 4, 4), np.nan)
    assert SE3.exp(xi, backend=backend, out=buf).as_matrix() is buf
    np.testing.assert_array_equal(buf, SE3.exp(xi, backend=backend).as_matrix())
    with pytest.raises(ShapeError, match=r"out has shape \(6, 3, 3\); expected \(6, 4, 4\)"):
        SE3.exp(xi, out=np.empty((6, 3, 3)))


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_exp_names_a_non_finite_entry(bad) -> None:
    xi = np.zeros((3, 6))
    xi[1, 4] = bad
    with pytest.raises(InvalidArgumentError, match=r"non-finite entry .* at index \(1, 4\)"):
        SE3.exp(xi)
