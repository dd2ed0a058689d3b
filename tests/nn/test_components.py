"""Reference components against independent routes (explicit matrices, scipy, differences)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import ortho_group, special_ortho_group

from symalg.errors import InvalidArgumentError, ShapeError
from symalg.nn import (
    SPE,
    DeepSets,
    EGNNLayer,
    FrameAveragedMLP,
    GraphLayer,
    MonoidAggregator,
    PairPotential,
    PermutableMLP,
    tree_reduce,
)

seeds = st.integers(0, 2**32 - 1)


def perm_matrix(p: np.ndarray) -> np.ndarray:
    return np.eye(len(p))[p]


@given(seeds)
def test_deepsets_is_permutation_invariant(seed: int) -> None:
    rng = np.random.default_rng(seed)
    x, p = rng.standard_normal((6, 3)), perm_matrix(rng.permutation(6))
    f = DeepSets()
    np.testing.assert_allclose(f(p @ x), f(x), rtol=1e-12, atol=1e-12)


@given(seeds)
def test_graph_layer_commutes_with_conjugation_by_permutation_matrices(seed: int) -> None:
    rng = np.random.default_rng(seed)
    a, p = rng.standard_normal((5, 5)), perm_matrix(rng.permutation(5))
    f = GraphLayer()
    np.testing.assert_allclose(f(p @ a @ p.T), p @ f(a) @ p.T, rtol=1e-12, atol=1e-12)


def test_graph_layer_is_not_trivially_symmetric() -> None:
    a = np.random.default_rng(0).standard_normal((5, 5))
    out = GraphLayer()(a)
    assert not np.allclose(out, out.T)
    assert np.std(out) > 1e-3


def _cloud(rng: np.random.Generator) -> np.ndarray:
    return rng.standard_normal((8, 3)) * np.array([3.0, 2.0, 1.0])


@given(seeds)
def test_frame_averaging_is_e3_invariant_and_equivariant(seed: int) -> None:
    rng = np.random.default_rng(seed)
    x, r, t = _cloud(rng), ortho_group.rvs(3, random_state=seed), 10 * rng.standard_normal(3)
    f = FrameAveragedMLP()
    tol = 1e-10 / max(f.covariance_gap(x), 1e-3)
    np.testing.assert_allclose(f.invariant(x @ r.T + t), f.invariant(x), rtol=tol, atol=tol)
    np.testing.assert_allclose(
        f.equivariant(x @ r.T + t), f.equivariant(x) @ r.T + t, rtol=tol, atol=tol * 10
    )


def test_covariance_gap_matches_eigenvalues_and_vanishes_for_symmetric_shapes() -> None:
    cube = np.array([[i, j, k] for i in (0, 1) for j in (0, 1) for k in (0, 1)], dtype=float)
    f = FrameAveragedMLP()
    assert f.covariance_gap(cube) < 1e-12
    x = np.random.default_rng(1).standard_normal((8, 3))
    y = x - x.mean(0)
    lam = np.sort(np.linalg.eigvals(y.T @ y / 8).real)
    assert np.isclose(f.covariance_gap(x), np.min(np.diff(lam)) / lam[-1])


def test_frame_averaging_rejects_wrong_shapes() -> None:
    with pytest.raises(ShapeError, match=r"x has shape \(8, 2\); expected size 3 on axis 1"):
        FrameAveragedMLP().invariant(np.zeros((8, 2)))


@given(seeds)
def test_egnn_is_e3_and_permutation_equivariant(seed: int) -> None:
    rng = np.random.default_rng(seed)
    h, x = rng.standard_normal((5, 4)), rng.standard_normal((5, 3))
    r, t = ortho_group.rvs(3, random_state=seed), rng.standard_normal(3)
    p = perm_matrix(rng.permutation(5))
    f = EGNNLayer()
    h1, x1 = f(h, x)
    h2, x2 = f(h, x @ r.T + t)
    np.testing.assert_allclose(h2, h1, rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(x2, x1 @ r.T + t, rtol=1e-10, atol=1e-10)
    h3, x3 = f(p @ h, p @ x)
    np.testing.assert_allclose(h3, p @ h1, atol=1e-12)
    np.testing.assert_allclose(x3, p @ x1, atol=1e-12)


def test_egnn_rejects_mismatched_node_counts() -> None:
    with pytest.raises(ShapeError, match="h has 5 nodes and x has 4"):
        EGNNLayer()(np.zeros((5, 4)), np.zeros((4, 3)))


@given(seeds)
def test_spe_is_basis_invariant_within_eigenspaces(seed: int) -> None:
    rng = np.random.default_rng(seed)  # one generator: seed + k could leave uint32's range
    lam = np.array([0.0, 1.0, 1.0, 2.5, 2.5, 2.5])
    v = ortho_group.rvs(6, random_state=rng)
    q = np.zeros((6, 6))
    q[0, 0] = -1.0
    q[1:3, 1:3] = ortho_group.rvs(2, random_state=rng)
    q[3:, 3:] = special_ortho_group.rvs(3, random_state=rng)
    f = SPE()
    np.testing.assert_allclose(f(v @ q, lam), f(v, lam), rtol=1e-11, atol=1e-11)
    p = perm_matrix(rng.permutation(6))
    np.testing.assert_allclose(f(p @ v, lam), p @ f(v, lam), rtol=1e-11, atol=1e-11)


def test_spe_depends_on_eigenspaces_not_on_a_split_of_them() -> None:
    lam = np.array([0.0, 1.0, 1.5, 2.5, 2.5, 2.5])  # distinct eigenvalues 1.0 and 1.5
    v = ortho_group.rvs(6, random_state=0)
    q = np.eye(6)
    q[1:3, 1:3] = [[0.0, -1.0], [1.0, 0.0]]  # mixes two different eigenspaces
    f = SPE()
    assert not np.allclose(f(v @ q, lam), f(v, lam))


def test_spe_truncation_gap_is_zero_for_a_cycle_cut_inside_an_eigenspace() -> None:
    n = 6
    a = np.roll(np.eye(n), 1, axis=1)
    a = a + a.T
    lap = np.diag(a.sum(1)) - a  # eigenvalues 0, 1, 1, 3, 3, 4
    assert SPE(n_eigs=4).truncation_gap(lap) < 1e-12
    assert SPE(n_eigs=3).truncation_gap(lap) == pytest.approx(2 / 4)
    assert SPE(n_eigs=None).truncation_gap(lap) == 1.0


def test_spe_rejects_inconsistent_multiplicities() -> None:
    with pytest.raises(InvalidArgumentError, match=r"sum to 5; expected n_nodes=6"):
        SPE(multiplicities=(1, 2, 2))


@given(st.lists(st.floats(-2, 2), min_size=8, max_size=8))
def test_monoid_combine_is_commutative_bitwise_and_associative(v: list[float]) -> None:
    agg = MonoidAggregator(n_features=2)
    a, b, c, e = (np.array(v[i : i + 2]) for i in range(0, 8, 2))
    assert np.array_equal(agg.combine(a, b), agg.combine(b, a))
    np.testing.assert_allclose(
        agg.combine(agg.combine(a, b), c),
        agg.combine(a, agg.combine(b, c)),
        rtol=1e-12,
        atol=1e-12,
    )
    np.testing.assert_allclose(agg.combine(agg.identity_element(), a), a, atol=1e-15)


def test_tree_reduction_equals_a_sequential_fold() -> None:
    agg = MonoidAggregator()
    x = np.random.default_rng(2).uniform(-1, 1, (7, 4))
    fold = x[0]
    for row in x[1:]:
        fold = agg.combine(fold, row)
    np.testing.assert_allclose(agg(x), fold, rtol=1e-12, atol=1e-12)


def test_tree_reduce_has_logarithmic_depth() -> None:
    depth = tree_reduce(lambda a, b: max(a, b) + 1, np.zeros(7))
    assert depth == 3


@given(seeds)
def test_mlp_hidden_permutation_preserves_function_and_singular_values(seed: int) -> None:
    rng = np.random.default_rng(seed)
    f = PermutableMLP()
    g = f.permute_hidden([rng.permutation(6), rng.permutation(5)])
    x = rng.standard_normal((4, 4))
    np.testing.assert_allclose(g(x), f(x), rtol=1e-12, atol=1e-12)
    for (w0, _), (w1, _) in zip(f.params, g.params, strict=True):
        np.testing.assert_allclose(
            np.linalg.svd(w1, compute_uv=False), np.linalg.svd(w0, compute_uv=False), rtol=1e-12
        )


def test_mlp_rejects_non_permutations() -> None:
    with pytest.raises(InvalidArgumentError, match=r"\[0, 0, 1, 2, 3, 4\] is not a permutation"):
        PermutableMLP().permute_hidden([np.array([0, 0, 1, 2, 3, 4]), np.arange(5)])
    with pytest.raises(InvalidArgumentError, match="got 1 permutations; expected 2"):
        PermutableMLP().permute_hidden([np.arange(6)])


def test_pair_forces_match_central_differences_computed_here() -> None:
    p = PairPotential()
    x = np.random.default_rng(3).standard_normal((6, 3))
    h, num = 1e-6, np.zeros_like(x)
    for i in range(6):
        for k in range(3):
            e = np.zeros_like(x)
            e[i, k] = h
            num[i, k] = -(p.energy(x + e) - p.energy(x - e)) / (2 * h)
    np.testing.assert_allclose(p.forces(x), num, rtol=1e-7, atol=1e-8)


@pytest.mark.parametrize("factory", [DeepSets, GraphLayer, EGNNLayer, PermutableMLP])
def test_components_compute_in_float32_when_given_float32(factory: type) -> None:
    f = factory()
    rng = np.random.default_rng(0)
    if factory is EGNNLayer:
        out = f(
            rng.standard_normal((5, 4)).astype(np.float32),
            rng.standard_normal((5, 3)).astype(np.float32),
        )[1]
    elif factory is GraphLayer:
        out = f(rng.standard_normal((5, 5)).astype(np.float32))
    elif factory is DeepSets:
        out = f(rng.standard_normal((6, 3)).astype(np.float32))
    else:
        out = f(rng.standard_normal((2, 4)).astype(np.float32))
    assert out.dtype == np.float32
