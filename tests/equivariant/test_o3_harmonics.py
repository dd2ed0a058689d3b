"""Real spherical harmonics: exact expressions against sympy's Ynm, kernels, quadrature."""

# ruff: noqa: E741  (the degree is called l, as in the public API)

from __future__ import annotations

import numpy as np
import pytest
import sympy
from hypothesis import given
from hypothesis import strategies as st

from symalg.equivariant import (
    real_to_complex_basis,
    spherical_harmonics,
    spherical_harmonics_kernel,
)
from symalg.errors import InvalidArgumentError, InvalidTypeError

X, Y, Z = sympy.symbols("x y z", real=True)
LMAX = 4


def sphere_grid(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Gauss-Legendre (cos theta) x uniform phi rule, exact for degree < min(2n, 2n)."""
    t, w = np.polynomial.legendre.leggauss(n)
    phi = np.arange(2 * n) * np.pi / n
    st_ = np.sqrt(1 - t**2)
    pts = np.stack(
        [np.outer(st_, np.cos(phi)), np.outer(st_, np.sin(phi)), np.outer(t, np.ones(2 * n))], -1
    )
    weights = np.outer(w, np.full(2 * n, np.pi / n))
    return pts.reshape(-1, 3), weights.ravel()


@pytest.fixture(scope="module")
def kernels() -> list:
    return [spherical_harmonics_kernel(l) for l in range(LMAX + 1)]


def harmonics(kernels: list, pts: np.ndarray) -> np.ndarray:
    return np.concatenate([k(pts[:, 0], pts[:, 1], pts[:, 2]) for k in kernels], axis=-1)


@pytest.mark.parametrize("l", range(4))
def test_real_harmonics_are_U_times_sympy_ynm(l: int) -> None:
    theta, phi = sympy.Rational(7, 10), sympy.Rational(-13, 10)
    point = (
        sympy.sin(theta) * sympy.cos(phi),
        sympy.sin(theta) * sympy.sin(phi),
        sympy.cos(theta),
    )
    ours = spherical_harmonics(l, *point)
    ynm = sympy.Matrix([sympy.Ynm(l, m, theta, phi).expand(func=True) for m in range(-l, l + 1)])
    theirs = real_to_complex_basis(l) * ynm
    diff = (ours - theirs).evalf(30)
    assert max(abs(complex(v)) for v in diff) < 1e-25


def test_degree_one_is_y_z_x() -> None:
    r = sympy.sqrt(X**2 + Y**2 + Z**2)
    expected = sympy.sqrt(3 / (4 * sympy.pi)) * sympy.Matrix([Y, Z, X]) / r
    assert sympy.simplify(spherical_harmonics(1, X, Y, Z) - expected) == sympy.zeros(3, 1)


@pytest.mark.parametrize("l", range(5))
def test_parity_and_homogeneity(l: int) -> None:
    y = spherical_harmonics(l, X, Y, Z)
    flipped = y.subs({X: -X, Y: -Y, Z: -Z}, simultaneous=True)
    assert sympy.simplify(flipped - (-1) ** l * y) == sympy.zeros(2 * l + 1, 1)
    scaled = spherical_harmonics(l, 3 * X, 3 * Y, 3 * Z)
    assert sympy.simplify(scaled - y) == sympy.zeros(2 * l + 1, 1)


def test_orthonormal_by_exact_quadrature(kernels: list) -> None:
    pts, w = sphere_grid(LMAX + 1)  # exact for products of degree <= 2 LMAX
    y = harmonics(kernels, pts)
    gram = (y * w[:, None]).T @ y
    np.testing.assert_allclose(gram, np.eye(gram.shape[0]), atol=1e-13)


def _points(args: tuple[float, float, float]) -> tuple[float, float, float]:
    theta, phi, r = args
    return (r * np.sin(theta) * np.cos(phi), r * np.sin(theta) * np.sin(phi), r * np.cos(theta))


points = st.one_of(
    st.tuples(st.floats(0, np.pi), st.floats(-np.pi, np.pi), st.floats(1e-3, 10)).map(_points),
    st.sampled_from([(0.0, 0.0, 1.0), (0.0, 0.0, -2.0), (1.0, 0.0, 0.0), (0.0, -1.0, 0.0)]),
)


@given(st.integers(0, LMAX), points)
def test_kernel_matches_sympy_evaluation(l: int, p: tuple[float, float, float]) -> None:
    k = spherical_harmonics_kernel(l)
    expected = np.array(
        [float(v) for v in spherical_harmonics(l, *map(sympy.Rational, p)).evalf(20)]
    )
    np.testing.assert_allclose(k(*map(np.array, p)), expected, rtol=1e-12, atol=1e-13)


def test_float32_kernel_is_accurate_to_float32(kernels: list) -> None:
    pts = np.random.default_rng(0).standard_normal((50, 3))
    k32 = spherical_harmonics_kernel(3, dtype="float32")
    out = k32(*pts.T.astype(np.float32))
    assert out.dtype == np.float32
    np.testing.assert_allclose(out, kernels[3](*pts.T), atol=1e-5)


@pytest.mark.parametrize(
    ("l", "error", "match"),
    [
        (-1, InvalidArgumentError, "l=-1 must be a non-negative integer"),
        (1.5, InvalidArgumentError, r"l=1.5 is not an integer"),
        (2.0, InvalidTypeError, "must be an int; pass 2 instead"),
        (True, InvalidTypeError, "must be an integer, got True"),
    ],
)
def test_bad_degrees_are_rejected(l: object, error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        spherical_harmonics(l, X, Y, Z)


def test_bad_kernel_options_are_rejected() -> None:
    with pytest.raises(InvalidArgumentError, match="dtype='complex128' is not supported"):
        spherical_harmonics_kernel(1, dtype="complex128")
    with pytest.raises(InvalidArgumentError, match="backend='jax' is not supported"):
        spherical_harmonics_kernel(1, backend="jax")
