"""Equivariant linear layers: dimensions, equivariance, orbit vs diagram span, sparse form."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from symalg.equivariant import (
    linear_equivariant_basis,
    linear_equivariant_basis_sparse,
    set_partitions,
)
from symalg.errors import InvalidArgumentError, InvalidTypeError
from tests.equivariant.sn_strategies import bell, stirling2

ORDERS = [(0, 1), (1, 0), (1, 1), (2, 0), (0, 2), (2, 1), (1, 2), (2, 2), (3, 1)]


def _burnside_linear(k: int, l: int, n: int) -> int:  # noqa: E741
    """(1/n!) sum_g fix(g)^(k+l) by brute force over S_n."""
    total = sum(
        sum(g[i] == i for i in range(n)) ** (k + l) for g in itertools.permutations(range(n))
    )
    return total // math.factorial(n)


@pytest.mark.parametrize("basis", ["orbit", "diagram"])
@pytest.mark.parametrize(("k", "l"), ORDERS)
def test_dimension_is_bell_from_k_plus_l_nodes_and_stirling_sum_below(
    k: int,
    l: int,  # noqa: E741
    basis: str,
) -> None:
    for n in range(1, k + l + 2):
        dense = linear_equivariant_basis(k, l, n, basis=basis)
        expected = sum(stirling2(k + l, j) for j in range(1, n + 1)) if k + l else 1
        assert dense.shape[0] == expected == _burnside_linear(k, l, n)
        flat = dense.reshape(dense.shape[0], -1)
        assert np.linalg.matrix_rank(flat) == expected
        if n >= k + l:
            assert expected == bell(k + l)


def test_two_to_two_layer_has_fifteen_maps_and_fourteen_at_three_nodes() -> None:
    assert linear_equivariant_basis(2, 2, 4).shape == (15, 4, 4, 4, 4)
    assert linear_equivariant_basis(2, 2, 3, basis="diagram").shape[0] == 14


@given(st.data())
def test_every_element_is_equivariant(data: st.DataObject) -> None:
    k, l = data.draw(st.sampled_from(ORDERS))  # noqa: E741
    n = data.draw(st.integers(1, 4))
    basis = data.draw(st.sampled_from(["orbit", "diagram"]))
    perm = np.array(data.draw(st.permutations(range(n))), dtype=np.int64)
    t = linear_equivariant_basis(k, l, n, basis=basis)
    moved = t[np.ix_(np.arange(t.shape[0]), *([perm] * (k + l)))]
    np.testing.assert_array_equal(moved, t)
    x = data.draw(st.lists(st.floats(-3, 3), min_size=n**k, max_size=n**k))
    x = np.array(x).reshape((n,) * k)
    y = np.tensordot(t, x, axes=k)
    y_moved = np.tensordot(t, x[np.ix_(*([perm] * k))], axes=k)
    want = y[np.ix_(np.arange(t.shape[0]), *([perm] * l))]
    np.testing.assert_allclose(y_moved, want, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize(("k", "l"), [(1, 1), (2, 1), (2, 2)])
def test_orbit_and_diagram_bases_span_the_same_space(k: int, l: int) -> None:  # noqa: E741
    for n in (1, 2, 3, 4):
        orbit = linear_equivariant_basis(k, l, n).reshape(-1, n ** (k + l))
        diagram = linear_equivariant_basis(k, l, n, basis="diagram").reshape(-1, n ** (k + l))
        both = np.vstack([orbit, diagram])
        assert np.linalg.matrix_rank(both) == np.linalg.matrix_rank(orbit) == len(orbit)


def test_orbit_elements_partition_all_index_tuples() -> None:
    orbit = linear_equivariant_basis(2, 2, 3)
    np.testing.assert_array_equal(orbit.sum(axis=0), np.ones((3,) * 4))


def test_diagram_is_the_sum_of_orbits_of_coarsenings() -> None:
    parts = set_partitions(3)
    orbit = dict(zip(parts, linear_equivariant_basis(1, 2, 3), strict=True))
    diagram = dict(zip(parts, linear_equivariant_basis(1, 2, 3, basis="diagram"), strict=True))

    def coarsens(nu: tuple[int, ...], mu: tuple[int, ...]) -> bool:
        return all(
            nu[p] == nu[q] for p, q in itertools.combinations(range(3), 2) if mu[p] == mu[q]
        )

    for mu in parts:
        np.testing.assert_array_equal(
            diagram[mu], sum(orbit[nu] for nu in parts if coarsens(nu, mu))
        )


@pytest.mark.parametrize("basis", ["orbit", "diagram"])
def test_sparse_form_equals_dense_form(basis: str) -> None:
    dense = linear_equivariant_basis(2, 1, 3, basis=basis)
    sparse = linear_equivariant_basis_sparse(2, 1, 3, basis=basis)
    np.testing.assert_array_equal(sparse.toarray(), dense.reshape(dense.shape[0], -1))


def test_set_partitions_count_bell_numbers() -> None:
    assert [len(set_partitions(m)) for m in range(7)] == [bell(m) for m in range(7)]
    assert len(set_partitions(5, max_blocks=2)) == 1 + stirling2(5, 2)


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "match"),
    [
        ((1, 1, 0), {}, InvalidArgumentError, r"n=0 must be >= 1"),
        ((1, 1, 2.5), {}, InvalidTypeError, r"n must be an integer, got float"),
        ((-1, 1, 3), {}, InvalidArgumentError, r"k=-1 must be >= 0"),
        ((1, 1, 3), {"basis": "graph"}, InvalidArgumentError, r"basis='graph'.*'orbit'"),
        ((4, 4, 12), {}, InvalidArgumentError, r"tensor entries .* use smaller"),
    ],
)
def test_linear_basis_rejects_bad_input(
    args: tuple, kwargs: dict, error: type, match: str
) -> None:
    with pytest.raises(error, match=match):
        linear_equivariant_basis(*args, **kwargs)
    with pytest.raises(error, match=match):
        linear_equivariant_basis_sparse(*args, **kwargs)
