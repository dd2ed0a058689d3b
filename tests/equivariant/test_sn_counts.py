"""Multigraph enumeration against the Burnside count, finite n, canonical forms, bad input."""

from __future__ import annotations

import itertools
import math

import networkx as nx
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from symalg.equivariant import count_graph_polynomials, graph_polynomial_basis
from symalg.errors import InvalidArgumentError, InvalidTypeError
from tests.equivariant.sn_strategies import bell

KINDS = ("invariant", "node", "edge")
ORDER = {"invariant": 0, "node": 1, "edge": 2}


@pytest.mark.parametrize("symmetric", [False, True])
@pytest.mark.parametrize("output", KINDS)
@pytest.mark.parametrize("degree", [0, 1, 2, 3])
def test_enumeration_count_equals_burnside_count(
    degree: int, output: str, symmetric: bool
) -> None:
    basis = graph_polynomial_basis(degree, output=output, symmetric=symmetric)
    assert len(basis) == count_graph_polynomials(degree, output=output, symmetric=symmetric)
    assert all(p.degree == degree and p.output == output for p in basis)


@pytest.mark.slow
@pytest.mark.parametrize("symmetric", [False, True])
@pytest.mark.parametrize("output", KINDS)
def test_degree_four_enumeration_count_equals_burnside_count(output: str, symmetric: bool) -> None:
    basis = graph_polynomial_basis(4, output=output, symmetric=symmetric)
    assert len(basis) == count_graph_polynomials(4, output=output, symmetric=symmetric)


@pytest.mark.parametrize("symmetric", [False, True])
@pytest.mark.parametrize("output", KINDS)
@pytest.mark.parametrize("degree", [1, 2, 3])
def test_finite_n_count_is_number_of_classes_with_at_most_n_vertices(
    degree: int, output: str, symmetric: bool
) -> None:
    sizes = [
        p.graph.n_nodes for p in graph_polynomial_basis(degree, output=output, symmetric=symmetric)
    ]
    assert max(sizes) == 2 * degree + ORDER[output]
    for n in range(1, 2 * degree + ORDER[output] + 2):
        expected = sum(size <= n for size in sizes)
        assert count_graph_polynomials(degree, output=output, symmetric=symmetric, n=n) == expected


def test_degree_one_general_counts_are_bell_numbers() -> None:
    assert [count_graph_polynomials(1, output=k) for k in KINDS] == [bell(2), bell(3), bell(4)]
    assert [len(graph_polynomial_basis(1, output=k)) for k in KINDS] == [bell(2), bell(3), bell(4)]


def test_degree_zero_gives_constant_ones_vector_identity_and_all_ones() -> None:
    assert [len(graph_polynomial_basis(0, output=k)) for k in KINDS] == [1, 1, 2]
    values = sorted(p(np.zeros((3, 3))).tolist() for p in graph_polynomial_basis(0, output="edge"))
    assert values == sorted([np.eye(3).tolist(), np.ones((3, 3)).tolist()])


def test_symmetric_invariants_are_multigraphs_with_loops_without_isolated_vertices() -> None:
    # an independent count with networkx: loopy multigraphs with d edges, no isolated vertex
    for degree in (1, 2, 3):
        classes: list[nx.MultiGraph] = []
        for m in range(1, 2 * degree + 1):
            pairs = [(u, w) for u in range(m) for w in range(u, m)]
            for edges in itertools.combinations_with_replacement(pairs, degree):
                if {v for e in edges for v in e} != set(range(m)):
                    continue
                g = nx.MultiGraph(list(edges))
                if not any(nx.is_isomorphic(g, h) for h in classes):
                    classes.append(g)
        assert len(classes) == len(
            graph_polynomial_basis(degree, output="invariant", symmetric=True)
        )


def test_burnside_dimension_matches_brute_force_over_all_permutations() -> None:
    # average of h_d(g) fix(g)^s over every g in S_3, with h_d counted by brute force
    n, degree = 3, 2
    variables = [(i, j) for i in range(n) for j in range(n)]
    monomials = list(itertools.combinations_with_replacement(variables, degree))
    for output, s in ORDER.items():
        total = 0
        for g in itertools.permutations(range(n)):
            fixed = sum(
                tuple(sorted((g[i], g[j]) for i, j in mono)) == tuple(sorted(mono))
                for mono in monomials
            )
            total += fixed * sum(g[i] == i for i in range(n)) ** s
        assert total % math.factorial(n) == 0
        assert count_graph_polynomials(degree, output=output, n=n) == total // math.factorial(n)


@given(st.data())
def test_canonical_key_is_invariant_under_relabelling(data: st.DataObject) -> None:
    symmetric = data.draw(st.booleans())
    output = data.draw(st.sampled_from(KINDS))
    basis = graph_polynomial_basis(2, output=output, symmetric=symmetric)
    p = basis[data.draw(st.integers(0, len(basis) - 1))]
    g = p.graph
    relabel = data.draw(st.permutations(range(g.n_nodes)))
    edges = [(relabel[u], relabel[w]) for u, w in g.edges]
    if symmetric:
        edges = [(min(e), max(e)) for e in edges]
    special = tuple(relabel[s] for s in g.special)
    moved = type(g)(g.n_nodes, tuple(sorted(edges)), special, g.directed)
    assert moved.canonical_key() == g.canonical_key()


def test_classes_are_pairwise_non_isomorphic_by_networkx() -> None:
    basis = graph_polynomial_basis(2, output="edge", symmetric=False)
    graphs = [p.multigraph for p in basis]

    def match(x: dict, y: dict) -> bool:
        return x.get("special") == y.get("special")

    for i, j in itertools.combinations(range(len(graphs)), 2):
        assert not nx.is_isomorphic(graphs[i], graphs[j], node_match=match)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"degree": -1}, InvalidArgumentError, r"degree=-1 must be >= 0"),
        ({"degree": 1.5}, InvalidTypeError, r"degree must be an integer, got float"),
        ({"degree": 2, "output": "graph"}, InvalidArgumentError, r"output='graph'.*'edge'"),
        ({"degree": 2, "n": 3.0}, InvalidTypeError, r"n must be an integer, got float"),
        ({"degree": 2, "n": 0}, InvalidArgumentError, r"n=0 must be >= 1"),
        ({"degree": 2, "symmetric": "yes"}, InvalidTypeError, r"symmetric must be True or False"),
    ],
)
def test_count_rejects_bad_input(kwargs: dict, error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        count_graph_polynomials(**kwargs)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"degree": -2}, InvalidArgumentError, r"degree=-2 must be >= 0"),
        ({"degree": "3"}, InvalidTypeError, r"degree must be an integer, got str"),
        ({"degree": 1, "output": "nodes"}, InvalidArgumentError, r"output='nodes'.*'invariant'"),
    ],
)
def test_basis_rejects_bad_input(kwargs: dict, error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        graph_polynomial_basis(**kwargs)
