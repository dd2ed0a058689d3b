"""Generic equivariant bases: Bell numbers, epsilon, O(3) counts, equivariance, refusals."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.linalg import expm

from symalg.equivariant import (
    EquivariantBasis,
    GroupGenerators,
    MatrixRep,
    equivariant_basis,
    linear_equivariant_basis,
)
from symalg.errors import ConvergenceError, InvalidArgumentError, InvalidTypeError, ShapeError
from tests.equivariant.sn_strategies import bell

V = MatrixRep.standard()
ONE = MatrixRep.trivial()


@pytest.mark.parametrize("method", ["auto", "svd"])
@pytest.mark.parametrize(("k", "l"), [(1, 1), (2, 0), (2, 1), (2, 2), (3, 0)])
def test_symmetric_group_reproduces_bell_numbers(method: str, k: int, l: int) -> None:  # noqa: E741
    n = 4
    result = equivariant_basis(GroupGenerators.symmetric(n), V**k, V**l, method=method)
    assert result.basis.shape == (bell(k + l), n**l, n**k)
    assert (result.rational is not None) == (method == "auto")
    assert result.gap >= 100


def test_exact_permutation_basis_is_the_orbit_basis() -> None:
    result = equivariant_basis(GroupGenerators.symmetric(3), V * V, V)
    orbit = linear_equivariant_basis(2, 1, 3).reshape(-1, 27)
    assert result.rational is not None
    exact = result.rational.reshape(-1, 27)
    # the same set of 0/1 vectors, in some order
    assert sorted(map(tuple, exact.tolist())) == sorted(map(tuple, orbit.astype(int).tolist()))


def test_numerical_basis_spans_the_exact_one_and_is_orthonormal() -> None:
    gens = GroupGenerators.symmetric(3)
    # n = 3 < k + l = 4: the dimension drops from Bell(4) = 15 to 1 + 7 + 6 = 14
    svd = equivariant_basis(gens, V * V, V * V, method="svd").basis.reshape(14, -1)
    exact = equivariant_basis(gens, V * V, V * V).basis.reshape(14, -1)
    np.testing.assert_allclose(svd @ svd.T, np.eye(14), atol=1e-12)
    np.testing.assert_allclose(exact @ exact.T, np.eye(14), atol=1e-12)
    # same subspace: projecting one basis onto the other loses nothing
    np.testing.assert_allclose((exact @ svd.T) @ svd, exact, atol=1e-10)


def test_so3_has_one_invariant_three_tensor_and_it_is_epsilon() -> None:
    result = equivariant_basis(GroupGenerators.special_orthogonal(3), V**3, ONE)
    assert result.basis.shape == (1, 1, 27)
    eps = np.zeros((3, 3, 3))
    for (i, j, k), sign in {(0, 1, 2): 1, (1, 2, 0): 1, (2, 0, 1): 1}.items():
        eps[i, j, k], eps[j, i, k] = sign, -sign
    got = result.basis.reshape(3, 3, 3)
    assert abs(abs(np.sum(got * eps)) - np.sqrt(6)) < 1e-12


@pytest.mark.parametrize(
    ("group", "rep_in", "rep_out", "dim"),
    [
        ("O3", V**2, ONE, 1),  # delta
        ("O3", V**3, ONE, 0),  # epsilon is a pseudo-tensor
        ("SO3", V**4, ONE, 3),  # three pairings of delta
        ("O3", V**4, ONE, 3),
        ("SO3", V * V, V, 1),  # the cross product
        ("O3", V * V, V, 0),
        ("O3", V, V, 1),
        ("SO3", V + ONE, V + ONE, 2),
        ("O3", V * V.dual(), ONE, 1),
    ],
)
def test_orthogonal_group_counts(group: str, rep_in, rep_out, dim: int) -> None:  # noqa: ANN001
    gens = (
        GroupGenerators.orthogonal(3) if group == "O3" else GroupGenerators.special_orthogonal(3)
    )
    assert equivariant_basis(gens, rep_in, rep_out).basis.shape[0] == dim


def _group_element(gens: GroupGenerators, z: list[float], flip: bool) -> np.ndarray:
    g = expm(sum(c * a for c, a in zip(z, gens.lie_algebra, strict=False)))
    return g @ gens.discrete[0] if flip and gens.discrete else g


REPS = [(V, V), (V * V, ONE), (V * V, V), (V.dual() * V, V + ONE), (V**2, V**2)]


@given(
    st.sampled_from(REPS),
    st.lists(st.floats(-3, 3), min_size=3, max_size=3),
    st.booleans(),
    st.sampled_from(["O3", "SO3", "GL"]),
)
def test_basis_maps_are_equivariant_at_random_group_elements(
    reps: tuple[MatrixRep, MatrixRep], z: list[float], flip: bool, group: str
) -> None:
    rep_in, rep_out = reps
    if group == "GL":  # scalings times rotations: tests the dual (g^{-T}) properly
        so3 = GroupGenerators.special_orthogonal(3).lie_algebra
        gens = GroupGenerators((np.diag([2.0, 2.0, 2.0]),), so3)
    else:
        gens = GroupGenerators.orthogonal(3)
        if group == "SO3":
            gens = GroupGenerators.special_orthogonal(3)
    g = _group_element(gens, z, flip)
    result = equivariant_basis(gens, rep_in, rep_out)
    r_in, r_out = rep_in.group_matrix(g), rep_out.group_matrix(g)
    for w in result.basis:
        np.testing.assert_allclose(r_out @ w @ np.linalg.inv(r_in), w, atol=1e-10)


def test_tensor_and_dual_match_their_definitions() -> None:
    rng = np.random.default_rng(0)
    g, a = rng.standard_normal((3, 3)), rng.standard_normal((3, 3))
    np.testing.assert_allclose((V * V.dual()).group_matrix(g), np.kron(g, np.linalg.inv(g).T))
    # d rho is the derivative of rho at the identity
    t = 1e-6
    rep = V * V.dual() + ONE
    numeric = (rep.group_matrix(expm(t * a)) - rep.group_matrix(expm(-t * a))) / (2 * t)
    np.testing.assert_allclose(rep.algebra_matrix(a), numeric, atol=1e-6)


def test_small_gap_is_refused() -> None:
    # constraints of size 2e-6 (rejected) and 5e-7 (kept): the gap 4 cannot be trusted
    gens = GroupGenerators((np.diag([1.0, 1.0 + 2e-6, 1.0 + 5e-7]),))
    with pytest.raises(ConvergenceError, match=r"singular-value gap 4 < min_gap=100"):
        equivariant_basis(gens, V, ONE)
    assert equivariant_basis(gens, V, ONE, min_gap=2.0).basis.shape[0] == 2


def test_result_reports_singular_values_and_gap() -> None:
    result = equivariant_basis(GroupGenerators.special_orthogonal(3), V, V)
    assert isinstance(result, EquivariantBasis)
    assert result.singular_values.shape == (9,) and result.gap > 1e10
    assert result.rational is None


def test_bad_input_is_rejected() -> None:
    gens = GroupGenerators.symmetric(3)
    with pytest.raises(InvalidArgumentError, match=r"method='exact'.*'auto', 'svd'"):
        equivariant_basis(gens, V, V, method="exact")  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError, match="generators must be GroupGenerators"):
        equivariant_basis([np.eye(3)], V, V)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match=r"rtol=-1.0 must be a positive number"):
        equivariant_basis(gens, V, V, rtol=-1.0)
    with pytest.raises(InvalidArgumentError, match=r"dense limit"):
        equivariant_basis(GroupGenerators.symmetric(7), V**2, V**2)
    with pytest.raises(ShapeError, match=r"shape \(2, 3\); expected a finite \(d, d\)"):
        GroupGenerators((np.ones((2, 3)),))
    with pytest.raises(ShapeError, match=r"different sizes \[2, 3\]"):
        GroupGenerators((np.eye(2), np.eye(3)))
    with pytest.raises(InvalidArgumentError, match=r"power -1 must be an integer >= 0"):
        V ** (-1)
    with pytest.raises(InvalidArgumentError, match=r"kind='tensor' got 0 parts"):
        MatrixRep("tensor")
