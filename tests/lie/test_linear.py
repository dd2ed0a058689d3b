from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from symalg.errors import InvalidArgumentError, InvalidTypeError, ShapeError
from symalg.lie import SL, Affine, GLPlus, NonUniqueLogWarning, NotInImageError
from tests.lie._reference import DPS, assert_close, expm_series, mpm, tonp


def _expm_ref(x: np.ndarray) -> np.ndarray:
    with mpmath.workdps(DPS):
        return tonp(expm_series(mpm(x)))


def sl2_in_strip() -> st.SearchStrategy[np.ndarray]:
    """Traceless X whose exp has a unique principal log: delta = -det X >= -(pi - margin)^2.

    Mixes the hard regions: delta near 0 from both sides (the series branch) and rotations
    close to pi.
    """

    def build(p: tuple[float, float, float, float]) -> np.ndarray:
        kind, phi, s, skew = p
        if kind < 0.25:  # hyperbolic: X = s * symmetric traceless unit
            x = np.array([[math.cos(phi), math.sin(phi)], [math.sin(phi), -math.cos(phi)]]) * s
        elif kind < 0.5:  # elliptic with angle s * pi (near pi included)
            x = np.array([[0.0, -1.0], [1.0, 0.0]]) * (math.pi * min(s, 1 - 1e-9))
        elif kind < 0.75:  # near parabolic: delta tiny of either sign
            x = np.array([[0.0, skew], [math.copysign(10.0 ** (-16 * s), phi), 0.0]])
        else:
            x = np.array([[0.0, 1.0], [0.0, 0.0]]) * skew
        c, sn = math.cos(phi / 3), math.sin(phi / 3)
        q = np.array([[c, -sn], [sn, c]]) @ np.array([[1.0, 0.0], [0.0, 1.0]])
        return q @ x @ q.T

    return st.tuples(
        st.floats(0, 1), st.floats(-math.pi, math.pi), st.floats(0, 1), st.floats(-3, 3)
    ).map(build)


@given(x=sl2_in_strip())
def test_sl2_exp_matches_high_precision(x: np.ndarray) -> None:
    got = SL(2).exp(x).as_matrix()
    assert_close(got, _expm_ref(x), 16 * 2.2e-16 * max(1, np.abs(_expm_ref(x)).max()), "SL2 exp")


@given(x=sl2_in_strip())
def test_sl2_log_exp_roundtrip_in_strip(x: np.ndarray) -> None:
    g = SL(2).exp(x).as_matrix()
    got = SL(2).log(g)
    # conditioning of log near a rotation by pi grows like 1/(pi - angle)
    angle = math.sqrt(max(0.0, -(x[0, 0] ** 2 + x[0, 1] * x[1, 0])))
    cond = np.abs(g).max() * max(1.0, 1 / max(1e-300, math.pi - angle)) * max(1, np.abs(x).max())
    assert_close(got, x, 64 * 2.2e-16 * cond, "SL2 log(exp X)")


def test_sl2_log_at_identity_and_unipotent_is_finite() -> None:
    assert_close(SL(2).log(np.eye(2)), np.zeros((2, 2)), 0, "log I")
    g = np.array([[1.0, 1e-9], [0.0, 1.0]])
    assert_close(SL(2).log(g), g - np.eye(2), 0, "unipotent")


@pytest.mark.parametrize(
    ("g", "kind"),
    [
        (np.diag([-2.0, -0.5]), r"trace/2 < -1"),
        (np.array([[-1.0, 1.0], [0.0, -1.0]]), r"negative parabolic"),
        (np.array([[-1.0, 0.0], [3.0, -1.0]]), r"negative parabolic"),
    ],
)
def test_sl2_outside_image_raises(g: np.ndarray, kind: str) -> None:
    with pytest.raises(NotInImageError, match=kind + r".*not exp of any sl\(2\) element"):
        SL(2).log(g)


def test_minus_identity_warns_and_returns_a_valid_log() -> None:
    with pytest.warns(NonUniqueLogWarning, match="infinitely many logs"):
        x = SL(2).log(-np.eye(2))
    assert_close(SL(2).exp(x).as_matrix(), -np.eye(2), 1e-15, "exp(log(-I))")
    with pytest.warns(NonUniqueLogWarning):
        x = GLPlus(2).log(-3 * np.eye(2))
    assert_close(GLPlus(2).exp(x).as_matrix(), -3 * np.eye(2), 1e-14, "exp(log(-3I))")


@pytest.mark.parametrize("n", [2, 3, 4])
def test_glplus_log_exp_roundtrip(n: int) -> None:
    rng = np.random.default_rng(n)
    x = 0.4 * rng.standard_normal((5, n, n))
    g = GLPlus(n).exp(x)
    assert_close(g.as_matrix(), np.stack([_expm_ref(a) for a in x]), 1e-14, "exp")
    assert_close(g.log(), x, 1e-13, "log")


def test_glplus3_negative_pair_warns_and_odd_raises() -> None:
    q = GLPlus(3).exp(np.array([[0, 1.0, 2.0], [-1.0, 0, 0.5], [-2.0, -0.5, 0]])).as_matrix()
    g = q @ np.diag([-1.0, -1.0, 2.0]) @ q.T
    with pytest.warns(NonUniqueLogWarning, match="non-unique"):
        x = GLPlus(3).log(g)
    assert_close(GLPlus(3).exp(x).as_matrix(), g, 1e-13, "exp(log g)")
    g = q @ np.diag([-1.0, -2.0, 0.5]) @ q.T
    with pytest.raises(NotInImageError, match="odd multiplicity 1"):
        GLPlus(3).log(g)


def test_sl_checks_membership_and_algebra() -> None:
    with pytest.raises(
        InvalidArgumentError, match=r"has det 2; expected 1 within atol=1e-09.*project=True"
    ):
        SL(2).from_matrix(np.diag([2.0, 1.0]))
    g = SL(2).from_matrix(np.diag([2.0, 1.0]), project=True).as_matrix()
    assert math.isclose(np.linalg.det(g), 1.0, rel_tol=1e-15)
    with pytest.raises(InvalidArgumentError, match=r"trace 1; sl\(n\) elements are traceless"):
        SL(3).exp(np.diag([1.0, 0.0, 0.0]))
    with pytest.raises(InvalidArgumentError, match=r"det -1 <= 0; GL\+\(n\) needs det > 0"):
        GLPlus(2).from_matrix(np.diag([1.0, -1.0]))
    with pytest.raises(ShapeError, match=r"expected \(\.\.\., 3, 3\)"):
        GLPlus(3).from_matrix(np.eye(2))
    with pytest.raises(InvalidTypeError, match="n must be an integer"):
        GLPlus(2.0)


def test_linear_element_adjoint_and_group_laws() -> None:
    rng = np.random.default_rng(0)
    G = SL(3)
    a = G.exp(0.3 * (lambda m: m - np.trace(m) / 3 * np.eye(3))(rng.standard_normal((3, 3))))
    x = rng.standard_normal((3, 3))
    lhs = (a.adjoint() @ x.ravel()).reshape(3, 3)
    assert_close(lhs, a.as_matrix() @ x @ np.linalg.inv(a.as_matrix()), 1e-14, "Ad")
    assert_close((a @ a.inverse()).as_matrix(), np.eye(3), 1e-14, "inverse")
    assert_close(a.interpolate(a, 0.3).as_matrix(), a.as_matrix(), 1e-14, "interpolate")


def _affine_algebra(rng: np.random.Generator, n: int, special: bool) -> np.ndarray:
    x = np.zeros((n + 1, n + 1))
    x[:n, :] = 0.5 * rng.standard_normal((n, n + 1))
    if special:
        x[:n, :n] -= np.trace(x[:n, :n]) / n * np.eye(n)
    return x


@pytest.mark.parametrize("group", [GLPlus(2), SL(2), GLPlus(3)])
def test_affine_exp_log(group) -> None:
    rng = np.random.default_rng(1)
    A = Affine(group)
    x = np.stack([_affine_algebra(rng, group.n, isinstance(group, SL)) for _ in range(4)])
    g = A.exp(x)
    assert_close(g.as_matrix(), np.stack([_expm_ref(a) for a in x]), 1e-14, "affine exp")
    assert_close(g.log(), x, 1e-13, "affine log")
    p = rng.standard_normal(group.n)
    h = g[0] @ g[1]
    assert_close(h.apply(p), g[0].apply(g[1].apply(p)), 1e-14, "composition law")
    assert_close((h @ h.inverse()).as_matrix(), np.eye(group.n + 1), 1e-14, "inverse")


def test_affine_left_haar_is_left_invariant() -> None:
    """rho(t, g) = |det g|^-1 * |det g|^-n is invariant: rho(L x) |det DL| = rho(x)."""
    rng = np.random.default_rng(2)
    n = 2
    A, G = Affine(GLPlus(n)), GLPlus(n)
    g0 = A.from_parts(rng.standard_normal(n), np.array([[2.0, 0.3], [0.1, 0.7]]))
    x = A.from_parts(rng.standard_normal(n), np.array([[1.0, -0.4], [0.2, 1.5]]))

    def density(e):
        return A.left_haar_factor(e) * G.haar_density(e.linear())

    def coords(e):
        return np.concatenate([e.translation(), e.linear().ravel()])

    def from_coords(c):
        return A.from_parts(c[:n], c[n:].reshape(n, n))

    c0, h = coords(x), 1e-6
    jac = np.stack(
        [
            (coords(g0 @ from_coords(c0 + h * e)) - coords(g0 @ from_coords(c0 - h * e))) / (2 * h)
            for e in np.eye(len(c0))
        ],
        axis=1,
    )
    lhs = density(g0 @ x) * abs(np.linalg.det(jac))
    assert math.isclose(float(lhs), float(density(x)), rel_tol=1e-8)
    assert float(Affine(SL(2)).left_haar_factor(Affine(SL(2)).identity())) == 1.0
