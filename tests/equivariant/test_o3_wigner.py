"""Real Wigner-D: the action on harmonics, homomorphism, orthogonality, other routes."""

# ruff: noqa: E741  (the degree is called l, as in the public API)

from __future__ import annotations

import numpy as np
import pytest
import sympy
from hypothesis import given
from hypothesis import strategies as st

from symalg.equivariant import (
    Irreps,
    spherical_harmonics_kernel,
    wigner_D,
    wigner_D_from_matrix,
    wigner_D_from_sympy,
)
from symalg.errors import InvalidArgumentError, ShapeError
from verification import strategies

LMAX = 4
P = np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [1.0, 0.0, 0.0]])
angles = st.floats(-2 * np.pi, 2 * np.pi)
betas = st.one_of(st.floats(0, np.pi), st.sampled_from([0.0, np.pi, 1e-9, np.pi - 1e-9]))


def rz(t: float) -> np.ndarray:
    c, s = np.cos(t), np.sin(t)
    return np.array([[c, -s, 0], [s, c, 0], [0, 0, 1.0]])


def ry(t: float) -> np.ndarray:
    c, s = np.cos(t), np.sin(t)
    return np.array([[c, 0, s], [0, 1.0, 0], [-s, 0, c]])


def harmonics(l: int, pts: np.ndarray) -> np.ndarray:
    return spherical_harmonics_kernel(l)(pts[:, 0], pts[:, 1], pts[:, 2])


PTS = np.random.default_rng(7).standard_normal((6, 3))


@given(angles, betas, angles)
def test_wigner_D_rotates_harmonics(a: float, b: float, g: float) -> None:
    r = rz(a) @ ry(b) @ rz(g)
    for l in range(LMAX + 1):
        d = wigner_D(l, a, b, g)
        np.testing.assert_allclose(harmonics(l, PTS @ r.T), harmonics(l, PTS) @ d.T, atol=1e-13)


@given(strategies.rotations(), st.booleans())
def test_irreps_action_rotates_and_reflects_harmonics(r: np.ndarray, flip: bool) -> None:
    g = -r if flip else r
    irreps = Irreps.spherical_harmonics(LMAX)
    y = np.concatenate([harmonics(l, PTS) for l in range(LMAX + 1)], axis=-1)
    y_rot = np.concatenate([harmonics(l, PTS @ g.T) for l in range(LMAX + 1)], axis=-1)
    np.testing.assert_allclose(y_rot, y @ irreps.D_from_matrix(g).T, atol=1e-13)


@given(strategies.rotations(), strategies.rotations())
def test_homomorphism_and_orthogonality(r1: np.ndarray, r2: np.ndarray) -> None:
    for l in range(LMAX + 1):
        d1, d2 = wigner_D_from_matrix(l, r1), wigner_D_from_matrix(l, r2)
        np.testing.assert_allclose(wigner_D_from_matrix(l, r1 @ r2), d1 @ d2, atol=1e-13)
        np.testing.assert_allclose(d1 @ d1.T, np.eye(2 * l + 1), atol=1e-13)


@given(angles, betas, angles)
def test_degree_one_is_permuted_rotation_and_routes_agree(a: float, b: float, g: float) -> None:
    r = rz(a) @ ry(b) @ rz(g)
    np.testing.assert_allclose(wigner_D(1, a, b, g), P @ r @ P.T, atol=1e-15)
    for l in range(LMAX + 1):
        np.testing.assert_allclose(wigner_D(l, a, b, g), wigner_D_from_matrix(l, r), atol=1e-13)


@pytest.mark.parametrize("l", [1, 2])
def test_matches_sympy_wigner_d_through_the_stated_relation(l: int) -> None:
    a, b, g = sympy.Rational(3, 10), sympy.Rational(11, 10), sympy.Rational(-2, 5)
    exact = np.array(wigner_D_from_sympy(l, a, b, g).evalf(25).tolist(), dtype=complex)
    assert np.abs(exact.imag).max() < 1e-20
    np.testing.assert_allclose(exact.real, wigner_D(l, 0.3, 1.1, -0.4), atol=1e-14)


def test_batched_angles_broadcast() -> None:
    d = wigner_D(2, np.linspace(0, 1, 4)[:, None], 0.5, np.zeros((1, 3)))
    assert d.shape == (4, 3, 5, 5)
    np.testing.assert_allclose(d[2, 1], wigner_D(2, 2 / 3, 0.5, 0.0))


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: wigner_D(2, 0.0, np.inf, 0.0), InvalidArgumentError, "beta has non-finite"),
        (lambda: wigner_D(-2, 0.0, 0.0, 0.0), InvalidArgumentError, "l=-2 must be"),
        (lambda: wigner_D(1, np.zeros(2), np.zeros(3), 0.0), ShapeError, "do not broadcast"),
        (lambda: wigner_D_from_matrix(1, np.eye(4)), ShapeError, r"expected \(\.\.\., 3, 3\)"),
        (lambda: wigner_D_from_matrix(1, 2 * np.eye(3)), InvalidArgumentError, "not orthogonal"),
        (lambda: wigner_D_from_matrix(1, -np.eye(3)), InvalidArgumentError, "det = -1"),
    ],
)
def test_bad_inputs_are_rejected(call, error: type, match: str) -> None:  # noqa: ANN001
    with pytest.raises(error, match=match):
        call()
