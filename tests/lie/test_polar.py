from __future__ import annotations

import warnings

import mpmath
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from symalg.errors import InvalidArgumentError
from symalg.lie import (
    SO2,
    SO3,
    NonUniqueLogWarning,
    iwasawa,
    polar,
    sample_haar_orthogonal,
    xi,
    xi_inv,
)
from tests.lie._reference import assert_close, mpm, tonp
from tests.lie.strategies import conditioned_matrices


def _polar_ref(g: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``K = U V^T`` and ``P = U S U^T`` from a 60-digit SVD of the float64 matrix."""
    with mpmath.workdps(60):
        u, s, v = mpmath.svd_r(mpm(g))
        k = u * v
        p = u * mpmath.diag(s) * u.T
        return tonp(p), tonp(k)


def _k_bound(g: np.ndarray) -> float:
    s = np.linalg.svd(g, compute_uv=False)
    return 1e-14 * 2 * s[0] / (s[-2] + s[-1])


@pytest.mark.parametrize("backend", ["numba", "numpy"])
@pytest.mark.parametrize("n", [2, 3, 4])
@given(data=st.data())
def test_polar_factors_meet_perturbation_bound(n: int, backend: str, data) -> None:
    g = data.draw(conditioned_matrices(n, 12.0))
    p, k = polar(g, backend=backend)
    p_ref, k_ref = _polar_ref(g)
    smax = np.linalg.svd(g, compute_uv=False)[0]
    assert_close(k, k_ref, _k_bound(g), f"K at cond {np.linalg.cond(g):.1e}")
    assert_close(p, p_ref, 1e-14 * smax, "P")
    assert_close(k @ k.T, np.eye(n), 4 * n * 2.3e-16, "K orthogonal")
    assert abs(np.linalg.det(k) - 1) <= 1e-15 * n
    assert_close(p, p.T, 0, "P symmetric")


def test_eigh_route_fails_the_bound_that_svd_meets() -> None:
    """Negative control: (g g^T)^{-1/2} g via eigh loses K at condition 1e8."""
    u = SO3.exp(np.array([0.3, -0.5, 0.9])).as_matrix()
    v = SO3.exp(np.array([-1.0, 0.2, 0.4])).as_matrix()
    g = u @ np.diag([1.0, 1e-4, 1e-8]) @ v.T
    lam, q = np.linalg.eigh(g @ g.T)
    k_eigh = (q / np.sqrt(np.abs(lam))) @ q.T @ g
    _, k_ref = _polar_ref(g)
    assert np.abs(k_eigh - k_ref).max() > 1e3 * _k_bound(g)
    assert np.abs(polar(g)[1] - k_ref).max() <= _k_bound(g)


@pytest.mark.parametrize("n", [2, 3])
@given(data=st.data())
def test_polar_is_equivariant(n: int, data) -> None:
    g = data.draw(conditioned_matrices(n, 4.0))
    r1, r2 = (
        sample_haar_orthogonal(n, 1, rng=data.draw(st.integers(0, 2**32 - 1)))[0] for _ in range(2)
    )
    p, k = polar(g)
    p2, k2 = polar(r1 @ g @ r2)
    scale = np.abs(g).max()
    assert_close(p2, r1 @ p @ r1.T, 1e-13 * scale, "P equivariance")
    assert_close(k2, r1 @ k @ r2, 1e-13 * np.linalg.cond(g), "K equivariance")


@pytest.mark.parametrize("n", [2, 3])
def test_right_polar(n: int) -> None:
    g = np.array([[2.0, 1.0, 0.5], [0.0, 1.0, 0.3], [0.1, 0.0, 3.0]])[:n, :n]
    k, q = polar(g, side="right")
    assert_close(k @ q, g, 1e-14, "g = K Q")
    assert_close(q, q.T, 0, "Q symmetric")


@pytest.mark.parametrize("n", [2, 3, 4])
@given(data=st.data())
def test_xi_inverts_xi_inv_up_to_cond_1e8(n: int, data) -> None:
    g = data.draw(conditioned_matrices(n, 8.0))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NonUniqueLogWarning)
        x = xi_inv(g)
    smax = np.linalg.svd(g, compute_uv=False)[0]
    assert_close(xi(x), g, 1e-13 * smax * n, "xi(xi_inv(g))")
    sym = (x + x.T) / 2
    with mpmath.workdps(40):
        lam, q = mpmath.eigsy(mpm(_polar_ref(g)[0]))
        logp = tonp(q * mpmath.diag([mpmath.log(v) for v in lam]) * q.T)
    # log of the smallest singular value is known to ~eps * cond relative
    assert_close(sym, logp, 1e-15 * np.linalg.cond(g) * 8, "symmetric part = log P")


def test_xi_inv_2x2_closed_form_matches_the_svd_route() -> None:
    rng = np.random.default_rng(3)
    g = rng.standard_normal((50, 2, 2))
    g[:, 0] *= np.sign(np.linalg.det(g))[:, None]
    two = xi_inv(g)
    # embed in 3x3 (block diag with 1): the n = 3 SVD route gives the same 2x2 block
    big = np.zeros((50, 3, 3))
    big[:, :2, :2] = g
    big[:, 2, 2] = 1.0
    assert_close(two, xi_inv(big)[:, :2, :2], 1e-13, "closed form vs SVD")


def test_xi_inv_continuous_at_identity_rotation() -> None:
    for t in (1e-12, -1e-12):
        x = xi_inv(SO2.exp(t).as_matrix())
        assert abs(x[1, 0] - t) <= 1e-27 and abs(x[0, 1] + t) <= 1e-27
    with pytest.warns(NonUniqueLogWarning, match="exactly pi"):
        xi_inv(-np.eye(2))


@pytest.mark.parametrize("n", [2, 3, 5])
@given(data=st.data())
def test_iwasawa_factors(n: int, data) -> None:
    g = data.draw(conditioned_matrices(n, 6.0))
    k, a, nn = iwasawa(g)
    scale = np.abs(g).max()
    assert_close(k @ a @ nn, g, 1e-14 * scale * n, "K A N = g")
    assert abs(np.linalg.det(k) - 1) < 1e-14
    assert np.all(np.diag(a) > 0) and np.count_nonzero(a - np.diag(np.diag(a))) == 0
    assert_close(np.diag(nn), np.ones(n), 0, "unit diagonal")
    assert_close(np.tril(nn, -1), np.zeros((n, n)), 0, "upper triangular")


def test_iwasawa_matches_cholesky_route() -> None:
    """A N is the Cholesky factor of g^T g (transposed), an independent route."""
    g = np.array([[1.0, 2.0, 0.0], [-3.0, 1.0, 1.0], [0.5, 0.0, 2.0]])
    _, a, nn = iwasawa(g)
    assert_close(a @ nn, np.linalg.cholesky(g.T @ g).T, 1e-14, "A N vs Cholesky")


def test_decompositions_reject_bad_input() -> None:
    with pytest.raises(InvalidArgumentError, match=r"det -2 <= 0"):
        iwasawa(np.diag([1.0, -2.0]))
    with pytest.raises(
        InvalidArgumentError, match=r"side='top' is not supported; use one of 'left', 'right'"
    ):
        polar(np.eye(2), side="top")
    with pytest.raises(InvalidArgumentError, match=r"non-finite entry inf"):
        xi_inv(np.array([[1.0, np.inf], [0.0, 1.0]]))
