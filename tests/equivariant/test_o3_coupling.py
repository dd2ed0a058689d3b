"""Clebsch-Gordan, 3j and Gaunt coefficients: exact identities and independent routes."""

# ruff: noqa: E741  (the degree is called l, as in the public API)

from __future__ import annotations

import itertools

import numpy as np
import pytest
import sympy
from hypothesis import given
from hypothesis import strategies as st

from symalg.equivariant import (
    clebsch_gordan,
    gaunt,
    gaunt_constant,
    real_clebsch_gordan,
    real_clebsch_gordan_table,
    real_gaunt,
    real_gaunt_table,
    spherical_harmonics_kernel,
    wigner_3j,
    wigner_D,
)
from symalg.errors import InvalidArgumentError
from tests.equivariant.test_o3_harmonics import sphere_grid

TRIPLES = [
    (l1, l2, L)
    for l1, l2 in itertools.product(range(3), repeat=2)
    for L in range(abs(l1 - l2), l1 + l2 + 1)
]


def block(table: np.ndarray, l1: int, l2: int, L: int) -> np.ndarray:
    return table[l1**2 : (l1 + 1) ** 2, l2**2 : (l2 + 1) ** 2, L**2 : (L + 1) ** 2]


def is_zero(e: sympy.Expr) -> bool:
    return sympy.expand(e) == 0


def entries(array: sympy.NDimArray) -> list[sympy.Expr]:
    return list(np.array(array.tolist(), dtype=object).ravel())


def as_float(array: sympy.NDimArray) -> np.ndarray:
    return np.array(array.tolist(), dtype=float)


@pytest.mark.parametrize(("l1", "l2"), [(1, 1), (1, 2)])
def test_cg_columns_are_orthonormal_exactly(l1: int, l2: int) -> None:
    cols = [(L, M) for L in range(abs(l1 - l2), l1 + l2 + 1) for M in range(-L, L + 1)]
    for (L, M), (K, N) in itertools.combinations_with_replacement(cols, 2):
        s = sum(
            clebsch_gordan(l1, m1, l2, m2, L, M) * clebsch_gordan(l1, m1, l2, m2, K, N)
            for m1 in range(-l1, l1 + 1)
            for m2 in range(-l2, l2 + 1)
        )
        assert sympy.nsimplify(s) == (1 if (L, M) == (K, N) else 0)


@pytest.mark.parametrize(("l1", "l2", "L"), TRIPLES)
def test_cg_equals_signed_3j(l1: int, l2: int, L: int) -> None:
    for m1, m2 in itertools.product(range(-l1, l1 + 1), range(-l2, l2 + 1)):
        M = m1 + m2
        if abs(M) > L:
            continue
        rhs = (
            sympy.Integer(-1) ** (l1 - l2 + M)
            * sympy.sqrt(2 * L + 1)
            * wigner_3j(l1, l2, L, m1, m2, -M)
        )
        assert is_zero(clebsch_gordan(l1, m1, l2, m2, L, M) - rhs)


@pytest.mark.parametrize(("l1", "l2", "L"), TRIPLES)
def test_gaunt_is_constant_times_cg(l1: int, l2: int, L: int) -> None:
    c = gaunt_constant(l1, l2, L)
    for m1, m2 in itertools.product(range(-l1, l1 + 1), range(-l2, l2 + 1)):
        M = m1 + m2
        if abs(M) > L:
            continue
        # int Y Y conj(Y_L^M) with conj(Y_L^M) = (-1)^M Y_L^{-M}
        lhs = sympy.Integer(-1) ** M * gaunt(l1, l2, L, m1, m2, -M)
        assert is_zero(lhs - c * clebsch_gordan(l1, m1, l2, m2, L, M))
    if (l1 + l2 + L) % 2:
        assert c == 0


@pytest.mark.parametrize(("l1", "l2", "L"), TRIPLES)
def test_real_cg_is_real_with_norm_2L_plus_1(l1: int, l2: int, L: int) -> None:
    q = real_clebsch_gordan(l1, l2, L)
    assert all(v.is_real for v in entries(q))
    assert sympy.nsimplify(sum(v**2 for v in entries(q))) == 2 * L + 1


@pytest.mark.parametrize(("l1", "l2", "L"), TRIPLES + [(3, 2, 4), (3, 3, 3)])
def test_float_table_matches_exact_real_cg(l1: int, l2: int, L: int) -> None:
    table = real_clebsch_gordan_table(4)
    np.testing.assert_allclose(
        block(table, l1, l2, L), as_float(real_clebsch_gordan(l1, l2, L)), atol=2e-16
    )


@given(
    st.integers(0, 4).flatmap(
        lambda l1: st.tuples(
            st.just(l1),
            st.integers(0, 4).flatmap(
                lambda l2: st.tuples(st.just(l2), st.integers(abs(l1 - l2), l1 + l2))
            ),
        )
    ),
    st.floats(-np.pi, np.pi),
    st.floats(0, np.pi),
    st.floats(-np.pi, np.pi),
)
def test_real_cg_intertwines_wigner_D(triple, a: float, b: float, g: float) -> None:  # noqa: ANN001
    l1, (l2, L) = triple
    q = block(real_clebsch_gordan_table(8), l1, l2, L)
    d1, d2, dL = (wigner_D(l, a, b, g) for l in (l1, l2, L))
    lhs = np.einsum("abM,ai,bj->ijM", q, d1, d2)
    np.testing.assert_allclose(lhs, np.einsum("ijN,MN->ijM", q, dL), atol=1e-13)


def test_odd_real_cg_is_the_cross_product() -> None:
    q = as_float(real_clebsch_gordan(1, 1, 1))
    x, y = np.random.default_rng(0).standard_normal((2, 3))
    perm = [1, 2, 0]  # (x, y, z) -> (y, z, x)
    z = np.einsum("abc,a,b->c", q, x[perm], y[perm])
    np.testing.assert_allclose(z, np.cross(x, y)[perm] / np.sqrt(2), atol=1e-15)


@pytest.mark.parametrize(("l1", "l2", "L"), [t for t in TRIPLES if sum(t) % 2 == 0])
def test_real_gaunt_from_sympy_equals_constant_times_q(l1: int, l2: int, L: int) -> None:
    c = gaunt_constant(l1, l2, L)
    q = real_clebsch_gordan(l1, l2, L)
    g = real_gaunt(l1, l2, L)
    assert all(is_zero(a - c * b) for a, b in zip(entries(g), entries(q), strict=True))


def test_real_gaunt_table_matches_quadrature() -> None:
    lmax = 3
    pts, w = sphere_grid(2 * lmax)
    y = np.concatenate([spherical_harmonics_kernel(l)(*pts.T) for l in range(lmax + 1)], axis=-1)
    quad = np.einsum("pi,pj,pk,p->ijk", y, y, y, w)
    np.testing.assert_allclose(real_gaunt_table(lmax), quad, atol=1e-14)


def test_odd_paths_vanish_in_real_gaunt() -> None:
    table = real_gaunt_table(4)
    for l1, l2, L in itertools.product(range(5), repeat=3):
        if (l1 + l2 + L) % 2:
            assert not block(table, l1, l2, L).any()
    assert real_gaunt(1, 1, 1) == sympy.ImmutableDenseNDimArray.zeros(3, 3, 3)


def test_tables_are_symmetric_and_typed() -> None:
    t = real_gaunt_table(3, dtype="float32")
    assert t.dtype == np.float32 and t.shape == (16, 16, 16)
    np.testing.assert_array_equal(t, t.transpose(1, 0, 2))
    np.testing.assert_array_equal(t, t.transpose(2, 1, 0))


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: clebsch_gordan(1, 2, 1, 0, 1, 1), r"m1=2 has \|m1\| > l = 1"),
        (lambda: clebsch_gordan(1, 0, 1, 0, 1, -2), r"M=-2 has \|M\| > l = 1"),
        (lambda: wigner_3j(1, -1, 1, 0, 0, 0), "l2=-1 must be a non-negative integer"),
        (lambda: gaunt(1, 1, 0.5, 0, 0, 0), "l3=0.5 is not an integer"),
        (lambda: real_clebsch_gordan(1, 1, -1), "L=-1 must be a non-negative"),
        (lambda: real_gaunt_table(2, dtype="float16"), "dtype='float16' is not supported"),
        (lambda: gaunt_constant(-1, 1, 1), "l1=-1 must be a non-negative"),
    ],
)
def test_bad_arguments_name_the_value(call, match: str) -> None:  # noqa: ANN001
    with pytest.raises(InvalidArgumentError, match=match):
        call()
