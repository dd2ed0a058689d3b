from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
import scipy.linalg
from hypothesis import given
from hypothesis import strategies as st

from symalg.errors import InvalidArgumentError
from symalg.lie import (
    SPD,
    cartan_density,
    importance_weights,
    iwasawa_density,
    sample_haar_orthogonal,
    sample_spd_lognormal,
    spd_density,
)


def _sym_from(c: np.ndarray, n: int) -> np.ndarray:
    y = np.zeros((n, n))
    iu = np.triu_indices(n)
    y[iu] = c
    return y + np.triu(y, 1).T


def _skew_from(c: np.ndarray, n: int) -> np.ndarray:
    k = np.zeros((n, n))
    iu = np.triu_indices(n, 1)
    k[iu[1], iu[0]] = c  # coefficient of E_ij - E_ji for i > j
    return k - k.T


def _jac_det(f, c0: np.ndarray, h: float = 1e-6) -> float:
    cols = [(f(c0 + h * e) - f(c0 - h * e)) / (2 * h) for e in np.eye(len(c0))]
    return abs(np.linalg.det(np.stack(cols, axis=1)))


symmetric_coords = st.integers(2, 3).flatmap(
    lambda n: st.tuples(
        st.just(n),
        st.lists(st.floats(-1.5, 1.5), min_size=n * (n + 1) // 2, max_size=n * (n + 1) // 2),
    )
)


@given(p=symmetric_coords)
def test_cartan_density_is_haar_pulled_back(p) -> None:
    n, c = p
    c = np.array(c)
    m = n * (n + 1) // 2

    def g_of(z: np.ndarray) -> np.ndarray:
        return (
            scipy.linalg.expm(_sym_from(z[:m], n)) @ scipy.linalg.expm(_skew_from(z[m:], n))
        ).ravel()

    z0 = np.concatenate([c, np.zeros(n * (n - 1) // 2)])
    g = g_of(z0).reshape(n, n)
    pulled = abs(np.linalg.det(g)) ** (-n) * _jac_det(g_of, z0)
    assert math.isclose(pulled, float(cartan_density(_sym_from(c, n))), rel_tol=1e-7)


@given(p=symmetric_coords)
def test_iwasawa_density_is_haar_pulled_back(p) -> None:
    n, c = p
    t = np.triu(_sym_from(np.array(c), n))
    t[np.diag_indices(n)] = np.exp(np.diag(t))  # positive diagonal
    iu = np.triu_indices(n)

    def g_of(z: np.ndarray) -> np.ndarray:
        tt = np.zeros((n, n))
        tt[iu] = z[: len(iu[0])]
        return (scipy.linalg.expm(_skew_from(z[len(iu[0]) :], n)) @ tt).ravel()

    z0 = np.concatenate([t[iu], np.zeros(n * (n - 1) // 2)])
    pulled = abs(np.linalg.det(t)) ** (-n) * _jac_det(g_of, z0)
    assert math.isclose(pulled, float(iwasawa_density(t)), rel_tol=1e-7)


@given(p=symmetric_coords)
def test_spd_density_is_invariant_measure_pulled_back(p) -> None:
    n, c = p
    c = np.array(c)
    iu = np.triu_indices(n)

    def s_of(z: np.ndarray) -> np.ndarray:
        return scipy.linalg.expm(_sym_from(z, n))[iu]

    s = scipy.linalg.expm(_sym_from(c, n))
    pulled = np.linalg.det(s) ** (-(n + 1) / 2) * _jac_det(s_of, c)
    assert math.isclose(pulled, float(spd_density(_sym_from(c, n))), rel_tol=1e-7)


def test_qr_sampler_sign_fix_matters() -> None:
    n_s = 20_000
    q = sample_haar_orthogonal(3, n_s, special=False, rng=0)
    assert abs(q[:, 0, 0].mean()) < 5 / math.sqrt(n_s)
    raw, _ = np.linalg.qr(np.random.default_rng(0).standard_normal((n_s, 3, 3)))
    assert raw[:, 0, 0].mean() < -0.3  # negative control: no sign fix, not Haar


@pytest.mark.parametrize("method", ["qr", "polar"])
def test_so3_samplers_pass_angle_ks(method: str) -> None:
    n_s = 20_000
    r = sample_haar_orthogonal(3, n_s, method=method, rng=5)
    assert np.allclose(np.linalg.det(r), 1.0)
    t = np.sort(np.arccos(np.clip((np.trace(r, axis1=1, axis2=2) - 1) / 2, -1, 1)))
    cdf = (t - np.sin(t)) / math.pi
    i = np.arange(1, n_s + 1) / n_s
    assert max(np.max(i - cdf), np.max(cdf - i + 1 / n_s)) < 1.95 / math.sqrt(n_s)
    tr = np.trace(r, axis1=1, axis2=2)
    assert abs(tr.mean()) < 5 / math.sqrt(n_s) and abs((tr**2).mean() - 1) < 10 / math.sqrt(n_s)


def _ball_mass_gl2(r: float) -> float:
    """Haar mass of {exp(Y) K : |Y|_F <= r} per unit K-volume, by quadrature (mpmath).

    With u = (a + d)/sqrt2, v = (a - d)/sqrt2, c = sqrt2 b: |Y|_F^2 = u^2 + v^2 + c^2,
    da db dd = du dv dc / sqrt2, and J = 2 sinh(sqrt2 rho)/(sqrt2 rho), rho^2 = v^2 + c^2.
    """
    with mpmath.workdps(20):
        f = lambda rho: (  # noqa: E731
            2
            * mpmath.pi
            * rho
            * 2
            * mpmath.sqrt(r**2 - rho**2)
            * 2
            * mpmath.sinh(mpmath.sqrt(2) * rho)
            / (mpmath.sqrt(2) * rho)
            / mpmath.sqrt(2)
        )
        return float(mpmath.quad(f, [0, r]))


def test_importance_weights_integrate_haar_and_unweighted_does_not() -> None:
    n_s, r = 40_000, 1.2
    y, logq = sample_spd_lognormal(2, n_s, scale=0.8, rng=11)
    inside = np.sqrt(np.sum(y**2, axis=(1, 2))) <= r
    w = importance_weights(y, logq, normalize=False)
    est = float(np.mean(w * inside))
    ref = _ball_mass_gl2(r)
    assert math.isclose(est, ref, rel_tol=0.05), (est, ref)
    unweighted = float(np.mean(inside))  # integrates against the proposal, not Haar
    assert not math.isclose(unweighted, ref, rel_tol=0.5)


def test_bad_input_messages() -> None:
    with pytest.raises(InvalidArgumentError, match=r"Y is not symmetric"):
        cartan_density(np.array([[0.0, 1.0], [0.0, 0.0]]))
    with pytest.raises(InvalidArgumentError, match=r"diagonal entry -1 <= 0"):
        iwasawa_density(np.diag([1.0, -1.0]))
    with pytest.raises(InvalidArgumentError, match=r"method='householder' is not supported"):
        sample_haar_orthogonal(3, 2, method="householder")
    with pytest.raises(
        InvalidArgumentError, match=r"log_proposal has shape \(3,\); expected \(2,\)"
    ):
        importance_weights(np.zeros((2, 2, 2)), np.zeros(3))


@pytest.mark.parametrize("centre", [(0.0, 0.0), (0.8, -0.5), (-1.2, 1.0)])
def test_sspd2_ball_mass_is_independent_of_centre(centre: tuple[float, float]) -> None:
    """Affine-invariant ball of radius R in SSPD(2): mass 2 pi (cosh(R/sqrt2) - 1) everywhere."""
    radius, n_s = 1.0, 40_000
    a0, b0 = centre
    c = SPD.exp(np.array([[a0, b0], [b0, -a0]]))
    rng = np.random.default_rng(3)
    half = 2.5  # box around the centre's coordinates, larger than the ball
    ab = rng.uniform(-half, half, (n_s, 2)) + np.array(centre)
    x = np.stack([np.stack([ab[:, 0], ab[:, 1]], -1), np.stack([ab[:, 1], -ab[:, 0]], -1)], -2)
    s = SPD.exp(x)
    inside = SPD.distance(s, np.broadcast_to(c, s.shape)) <= radius
    mass = (2 * half) ** 2 * float(np.mean(inside * spd_density(x)))
    ref = 2 * math.pi * (math.cosh(radius / math.sqrt(2)) - 1)
    assert math.isclose(mass, ref, rel_tol=0.05), (mass, ref)
