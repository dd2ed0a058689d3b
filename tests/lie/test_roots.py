from __future__ import annotations

import math

import numpy as np
import pytest

from symalg.errors import InvalidArgumentError
from symalg.lie import RootSystem, cartan_matrix

# Degrees of the basic invariants (Humphreys, "Reflection groups and Coxeter groups", 3.7)
DEGREES = {
    "A1": [2],
    "A4": [2, 3, 4, 5],
    "B2": [2, 4],
    "B4": [2, 4, 6, 8],
    "C3": [2, 4, 6],
    "D4": [2, 4, 4, 6],
    "D5": [2, 4, 5, 6, 8],
    "E6": [2, 5, 6, 8, 9, 12],
    "E7": [2, 6, 8, 10, 12, 14, 18],
    "E8": [2, 8, 12, 14, 18, 20, 24, 30],
    "F4": [2, 6, 8, 12],
    "G2": [2, 6],
}
DET = {
    "A1": 2,
    "A4": 5,
    "B2": 2,
    "B4": 2,
    "C3": 2,
    "D4": 4,
    "D5": 4,
    "E6": 3,
    "E7": 2,
    "E8": 1,
    "F4": 1,
    "G2": 1,
}


def _simple_roots_euclidean(t: str) -> np.ndarray:
    """Bourbaki's simple roots, orthonormal basis (Plates I-IX); independent of the Cartan data."""
    kind, n = t[0], int(t[1:])
    e = np.eye(9)
    if kind == "A":
        return np.array([e[i] - e[i + 1] for i in range(n)])
    if kind == "B":
        return np.array([e[i] - e[i + 1] for i in range(n - 1)] + [e[n - 1]])
    if kind == "C":
        return np.array([e[i] - e[i + 1] for i in range(n - 1)] + [2 * e[n - 1]])
    if kind == "D":
        return np.array([e[i] - e[i + 1] for i in range(n - 1)] + [e[n - 2] + e[n - 1]])
    if kind == "G":
        return np.array([e[0] - e[1], -2 * e[0] + e[1] + e[2]])
    if kind == "F":
        return np.array([e[1] - e[2], e[2] - e[3], e[3], (e[0] - e[1] - e[2] - e[3]) / 2])
    e8 = [(e[0] + e[7] - e[1] - e[2] - e[3] - e[4] - e[5] - e[6]) / 2, e[0] + e[1]] + [
        e[i] - e[i - 1] for i in range(1, 7)
    ]
    return np.array(e8[:n]) if n == 8 else np.array(e8[:n])


@pytest.mark.parametrize("t", sorted(DEGREES))
def test_cartan_matrix_matches_euclidean_simple_roots(t: str) -> None:
    a = _simple_roots_euclidean(t)
    gram = a @ a.T
    ref = 2 * gram / np.diag(gram)[None, :]
    assert np.array_equal(cartan_matrix(t), np.round(ref).astype(int))
    assert round(np.linalg.det(cartan_matrix(t))) == DET[t]


@pytest.mark.parametrize("t", sorted(DEGREES))
def test_counts_match_exponents_and_degrees(t: str) -> None:
    r = RootSystem(t)
    deg = DEGREES[t]
    assert len(r.positive_roots) == sum(d - 1 for d in deg)  # sum of exponents = rank h / 2
    assert len(r.positive_roots) == r.rank * max(deg) // 2
    assert r.weyl_group_order == math.prod(deg)


@pytest.mark.parametrize("t", sorted(DEGREES))
def test_reflections_are_involutions_that_permute_the_roots(t: str) -> None:
    r = RootSystem(t)
    roots = {tuple(x) for x in r.roots}
    for j, s in enumerate(r.simple_reflections):
        assert np.array_equal(s @ s, np.eye(r.rank, dtype=int))
        assert {tuple(s @ np.array(x)) for x in roots} == roots
        assert np.array_equal(
            r.reflect(np.eye(r.rank, dtype=int)[j], j), -np.eye(r.rank, dtype=int)[j]
        )


@pytest.mark.parametrize("t", sorted(DEGREES))
def test_highest_root_is_dominant_and_euclidean_roots_have_two_lengths_at_most(t: str) -> None:
    r = RootSystem(t)
    a = _simple_roots_euclidean(t)
    theta = r.highest_root @ a
    assert np.all(a @ theta >= -1e-12)  # dominant
    lengths = {round(float(np.dot(x @ a, x @ a)), 9) for x in r.positive_roots}
    assert len(lengths) <= 2


def test_g2_positive_roots_are_correct_where_sympy_is_not() -> None:
    # sympy#30164 lists [1, 0, 1] among G2's positive roots; in simple-root coordinates
    # the correct set is alpha1, alpha2, a1+a2, 2a1+a2, 3a1+a2, 3a1+2a2
    got = {tuple(x) for x in RootSystem("G2").positive_roots}
    assert got == {(1, 0), (0, 1), (1, 1), (2, 1), (3, 1), (3, 2)}


def test_unknown_type() -> None:
    with pytest.raises(InvalidArgumentError, match=r"unknown Cartan type 'E9'"):
        RootSystem("E9")
