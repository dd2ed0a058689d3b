from __future__ import annotations

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from symalg.errors import GraphError, InvalidArgumentError, InvalidTypeError
from symalg.sem import (
    GROUND,
    MixedGraph,
    auxiliary_graph,
    covariance_matrix,
    covariance_numerator,
    one_connections,
    treks,
)
from tests.sem.strategies import mixed_graphs


def _same(a: sympy.Matrix, b: sympy.Matrix) -> bool:
    return all(sympy.cancel(x - y) == 0 for x, y in zip(a, b, strict=True))


@given(mixed_graphs(max_vertices=4))
def test_covariance_matches_direct_inverse(g: MixedGraph) -> None:
    assert _same(covariance_matrix(g), covariance_matrix(g, method="inverse"))


@pytest.mark.slow
@given(mixed_graphs(min_vertices=5, max_vertices=5))
def test_covariance_matches_direct_inverse_five_vertices(g: MixedGraph) -> None:
    assert _same(covariance_matrix(g), covariance_matrix(g, method="inverse"))


@given(mixed_graphs(max_vertices=6, cyclic=False))
def test_trek_rule_matches_one_connection_rule(g: MixedGraph) -> None:
    assert covariance_matrix(g, method="trek") == covariance_matrix(g)


@given(mixed_graphs(max_vertices=4))
def test_entries_in_lowest_terms_over_det_squared(g: MixedGraph) -> None:
    N, det = covariance_numerator(g)
    syms = g.parameters
    det2 = sympy.Poly(det**2, *syms)
    sigma = covariance_matrix(g)
    for i in range(g.n_vertices):
        for j in range(i, g.n_vertices):
            p, q = sympy.fraction(sigma[i, j])
            p, q = sympy.Poly(p, *syms), sympy.Poly(q, *syms)
            assert sympy.gcd(p, q).is_ground
            assert det2.rem(q).is_zero  # q divides det^2
            assert (p * det2 - sympy.Poly(N[i, j], *syms) * q).is_zero


@given(mixed_graphs(max_vertices=6), st.data())
def test_closed_form_matches_exact_inverse_at_rational_points(g: MixedGraph, data) -> None:
    n = g.n_vertices
    L, W = g.lambda_matrix(), g.omega_matrix()
    vals = {
        p: sympy.Rational(data.draw(st.integers(-5, 5)), data.draw(st.integers(1, 4)))
        for p in g.parameters
    }
    A = (sympy.eye(n) - L).subs(vals)
    if A.det() == 0:
        return  # a point off the model's domain det(I - Lambda) != 0
    inv = A.inv()
    expected = inv.T * W.subs(vals) * inv
    assert covariance_matrix(g).subs(vals) == expected


@given(mixed_graphs(max_vertices=5, cyclic=False))
def test_acyclic_det_is_one_and_treks_sum_to_sigma(g: MixedGraph) -> None:
    _, det = covariance_numerator(g)
    assert det == 1
    sigma = covariance_matrix(g)
    for i in g.vertices:
        for j in g.vertices:
            total = sympy.Add(*[t.weight for t in treks(g, i, j)])
            assert sympy.expand(total - sigma[g.index[i], g.index[j]]) == 0


@given(mixed_graphs(max_vertices=4))
@settings(max_examples=15)
def test_one_connection_forests_sum_to_adjugate(g: MixedGraph) -> None:
    n = g.n_vertices
    adj = (sympy.eye(n) - g.lambda_matrix()).adjugate()  # adj[j, i] = cofactor(i, j)
    inv_like = adj  # (I - L)^-1 = adj / det, entry (i, j) sums one-connections i -> j
    for i in g.vertices:
        for j in g.vertices:
            ocs = one_connections(g, i, j)
            total = sympy.expand(sympy.Add(*[oc.weight for oc in ocs]))
            assert total == sympy.expand(inv_like[g.index[i], g.index[j]])
            for oc in ocs:
                assert oc.path[0] == i and oc.path[-1] == j
                assert len(oc.edges) == n - 1


def test_one_connection_weights_are_distinct_monomials_in_lambda_and_mu() -> None:
    g = MixedGraph.parse("1->2, 2->3, 3->1, 2->1")
    h = auxiliary_graph(g)
    assert h.has_edge(1, GROUND) and h.number_of_edges() == 4 + 3
    ocs = one_connections(g, 1, 3)
    keys = [frozenset(oc.edges) for oc in ocs]
    assert len(set(keys)) == len(keys)  # every forest once: subtraction-free in (lambda, mu)


def test_orientation_is_lambda_i_j_for_i_to_j() -> None:
    g = MixedGraph.parse("1->2")
    s = covariance_matrix(g)
    l12, w11, w22 = sympy.symbols("l_1_2 w_1_1 w_2_2")
    assert s[0, 1] == l12 * w11 and s[1, 1] == l12**2 * w11 + w22


def test_two_cycle_closed_form() -> None:
    g = MixedGraph.parse("1->2, 2->1")
    l12, l21, w11, w22 = sympy.symbols("l_1_2 l_2_1 w_1_1 w_2_2")
    s = covariance_matrix(g)
    assert sympy.cancel(s[0, 0] - (w11 + l21**2 * w22) / (1 - l12 * l21) ** 2) == 0


def test_graphs_on_same_vertices_are_not_aliased() -> None:
    chain = covariance_matrix(MixedGraph.parse("1->2, 2->3"))
    collider = covariance_matrix(MixedGraph.parse("1->2, 3->2"))
    assert chain != collider


@pytest.mark.parametrize(
    ("call", "exc", "pattern"),
    [
        (
            lambda: covariance_matrix(MixedGraph.parse("1->2, 2->1"), method="trek"),
            GraphError,
            r"method='trek' needs an acyclic directed part; '1->2, 2->1'",
        ),
        (
            lambda: covariance_matrix(MixedGraph.parse("1->2"), method="neumann"),
            InvalidArgumentError,
            r"method='neumann' is not supported; use one of 'one_connection', 'trek', 'inverse'",
        ),
        (lambda: covariance_matrix("1->2"), InvalidTypeError, r"expected a MixedGraph"),
        (lambda: treks(MixedGraph.parse("1->2"), 1, 7), GraphError, r"vertex 7 is not in"),
        (
            lambda: one_connections(MixedGraph.parse("1->2"), 9, 1),
            GraphError,
            r"one_connections: vertex 9",
        ),
    ],
)
def test_bad_input(call, exc, pattern) -> None:
    with pytest.raises(exc, match=pattern):
        call()
