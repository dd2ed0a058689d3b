"""computable_by against WL-indistinguishable graph pairs and the known reduction counts."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from symalg.equivariant import (
    GraphPolynomial,
    Multigraph,
    computable_by,
    evaluate_basis,
    graph_polynomial_basis,
)
from symalg.errors import InvalidArgumentError, InvalidTypeError


def _adjacency(n: int, edges: list[tuple[int, int]]) -> np.ndarray:
    a = np.zeros((n, n))
    for u, w in edges:
        a[u, w] = a[w, u] = 1.0
    return a


def _cycle(n: int) -> list[tuple[int, int]]:
    return [(i, (i + 1) % n) for i in range(n)]


# 1-WL cannot tell these apart: both are 2-regular on 6 vertices
HEXAGON = _adjacency(6, _cycle(6))
TWO_TRIANGLES = _adjacency(6, [(0, 1), (1, 2), (2, 0), (3, 4), (4, 5), (5, 3)])


def _cayley_z4z4(steps: list[tuple[int, int]]) -> np.ndarray:
    cells = list(itertools.product(range(4), repeat=2))
    a = np.zeros((16, 16))
    for i, (x, y) in enumerate(cells):
        for dx, dy in steps:
            a[i, cells.index(((x + dx) % 4, (y + dy) % 4))] = 1.0
    return a


# 2-FWL (= 3-WL, PPGN) cannot tell these strongly regular graphs srg(16, 6, 2, 2) apart
SHRIKHANDE = _cayley_z4z4([(1, 0), (3, 0), (0, 1), (0, 3), (1, 1), (3, 3)])
ROOK = _cayley_z4z4([(d, 0) for d in (1, 2, 3)] + [(0, d) for d in (1, 2, 3)])


def _outputs_agree(basis: tuple[GraphPolynomial, ...], g: np.ndarray, h: np.ndarray) -> np.ndarray:
    """Per element: equal values on g and h (invariants) or equal multisets of node values."""
    vg, vh = evaluate_basis(basis, g), evaluate_basis(basis, h)
    if vg.ndim == 2:
        vg, vh = np.sort(vg, axis=1), np.sort(vh, axis=1)
    return np.isclose(vg, vh, rtol=1e-12, atol=1e-9).reshape(len(basis), -1).all(axis=1)


@pytest.mark.parametrize("output", ["invariant", "node"])
@pytest.mark.parametrize("degree", [1, 2, 3])
def test_mpnn_computable_polynomials_agree_on_1wl_equivalent_graphs(
    degree: int, output: str
) -> None:
    basis = graph_polynomial_basis(degree, output=output, symmetric=True)
    agree = _outputs_agree(basis, HEXAGON, TWO_TRIANGLES)
    for p, same in zip(basis, agree, strict=True):
        if computable_by(p, "mpnn"):
            assert same, p.einsum


def test_triangle_separates_the_1wl_pair_and_is_not_mpnn_computable() -> None:
    tri = next(
        p
        for p in graph_polynomial_basis(3, output="invariant", symmetric=True)
        if p.einsum == "cd,ce,de->"
    )
    assert tri(HEXAGON) == 0.0 and tri(TWO_TRIANGLES) == 12.0
    assert not computable_by(tri, "mpnn") and computable_by(tri, "ppgn")


@pytest.mark.parametrize("output", ["invariant", "node"])
@pytest.mark.parametrize("degree", [1, 2, 3])
def test_ppgn_computable_polynomials_agree_on_2fwl_equivalent_graphs(
    degree: int, output: str
) -> None:
    basis = graph_polynomial_basis(degree, output=output, symmetric=True)
    assert all(computable_by(p, "ppgn") for p in basis)
    assert _outputs_agree(basis, SHRIKHANDE, ROOK).all()


def test_k4_invariant_is_not_ppgn_computable_and_separates_the_2fwl_pair() -> None:
    k4 = GraphPolynomial(
        Multigraph(4, tuple(itertools.combinations(range(4), 2)), (), directed=False),
        "invariant",
    )
    assert not computable_by(k4, "ppgn")
    assert k4(ROOK) > 0 and k4(SHRIKHANDE) == 0  # rows of the rook graph are 4-cliques


def test_k4_minus_an_edge_with_special_degree_two_nodes_is_the_first_edge_failure() -> None:
    edges = ((0, 2), (0, 3), (1, 2), (1, 3), (2, 3))  # a = 0, b = 1 are the degree-2 nodes
    p = GraphPolynomial(Multigraph(4, edges, (0, 1), directed=False), "edge")
    assert not computable_by(p, "ppgn")


def test_leaf_reduction_counts_match_the_documented_figures() -> None:
    def n_mpnn(degree: int, output: str) -> int:
        return sum(
            computable_by(p, "mpnn")
            for p in graph_polynomial_basis(degree, output=output, symmetric=True)
        )

    assert (n_mpnn(3, "invariant"), n_mpnn(3, "node")) == (22, 67)


@pytest.mark.slow
def test_degree_four_counts_and_ppgn_covers_everything() -> None:
    inv = graph_polynomial_basis(4, output="invariant", symmetric=True)
    assert sum(computable_by(p, "mpnn") for p in inv) == 73
    for output in ("invariant", "node", "edge"):
        for symmetric in (False, True):
            basis = graph_polynomial_basis(4, output=output, symmetric=symmetric)
            assert all(computable_by(p, "ppgn") for p in basis)


def test_computable_by_rejects_bad_input() -> None:
    p = graph_polynomial_basis(1, output="edge")[0]
    with pytest.raises(InvalidArgumentError, match=r"architecture='gin'.*'mpnn', 'ppgn'"):
        computable_by(p, "gin")  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError, match="p must be a GraphPolynomial, got str"):
        computable_by("ab->ab", "mpnn")  # type: ignore[arg-type]
