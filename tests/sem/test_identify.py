from __future__ import annotations

import random

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from symalg.errors import InvalidArgumentError, InvalidTypeError
from symalg.sem import (
    MixedGraph,
    identifiability,
    is_generically_finite_to_one,
    model_dimension,
    sigma_and_derivatives,
)
from tests.sem.strategies import mixed_graphs


def _exact_point(g: MixedGraph, rnd: random.Random):
    n = g.n_vertices
    while True:
        vals = {p: sympy.Rational(rnd.randint(-9, 9), rnd.randint(1, 5)) for p in g.parameters}
        for k in range(n):
            vals[sympy.Symbol(f"w_{g.vertices[k]}_{g.vertices[k]}")] = rnd.randint(5, 12)
        A = (sympy.eye(n) - g.lambda_matrix()).subs(vals)
        if A.det() != 0:
            break
    inv = A.inv()
    sigma = inv.T * g.omega_matrix().subs(vals) * inv
    s = {
        sym: sigma[i, j]
        for sym, (i, j) in zip(
            g.covariance_symbols, [(i, j) for i in range(n) for j in range(i, n)], strict=True
        )
    }
    return vals, s


@given(mixed_graphs(min_vertices=2, max_vertices=6, simple=True))
@settings(max_examples=20)
def test_simple_graphs_are_generically_finite_to_one(g: MixedGraph) -> None:
    assert is_generically_finite_to_one(g)


@pytest.mark.parametrize("text", ["1->2, 1<->2", "1->2, 2->1", "1->2, 2->1, 1<->2, 2->3"])
def test_non_simple_graphs_can_drop_rank(text: str) -> None:
    g = MixedGraph.parse(text)
    assert not is_generically_finite_to_one(g)
    assert model_dimension(g) < g.n_parameters


@given(mixed_graphs(min_vertices=2, max_vertices=5), st.integers(0, 2**32 - 1))
@settings(max_examples=20)
def test_dimension_matches_floating_point_jacobian_rank(g: MixedGraph, seed: int) -> None:
    rng = np.random.default_rng(seed)
    nd, n = len(g.directed), g.n_vertices
    theta = rng.uniform(-0.5, 0.5, g.n_parameters)
    theta[nd : nd + n] = rng.uniform(1, 2, n)
    _, _, d = sigma_and_derivatives(g, theta)
    iu = np.triu_indices(n)
    J = np.array([m[iu] for m in d]).T
    assert np.linalg.matrix_rank(J, tol=1e-9 * np.abs(J).max()) == model_dimension(g)


@given(mixed_graphs(min_vertices=2, max_vertices=4, simple=True, cyclic=False), st.randoms())
@settings(max_examples=10)
def test_bow_free_acyclic_graphs_are_identified_by_formulas(g: MixedGraph, rnd) -> None:
    # the search is bounded: 1->2, 1->3, 1->4, 2->3, 3->4, 2<->4 needs coefficients of
    # s-degree 4 for l_14 (at the default 3 it is honestly "undetermined")
    res = identifiability(g, max_degree=4)
    vals, s = _exact_point(g, rnd)
    for param, st_ in res.items():
        assert st_.status == "identifiable", (param, st_)
        den = sympy.fraction(st_.formula)[1].xreplace(s)
        if den != 0:
            assert st_.formula.xreplace(s) == vals[param]


@pytest.mark.parametrize("k", [3, 4, 5])
def test_directed_cycles_are_two_to_one_in_every_edge(k: int) -> None:
    g = MixedGraph.from_edges([(i, i % k + 1) for i in range(1, k + 1)])
    res = identifiability(g)
    vals, s = _exact_point(g, random.Random(k))
    for param in g.parameters[:k]:
        st_ = res[param]
        assert st_.status == "k-to-one" and st_.degree == 2
        rel = sympy.Poly(st_.relation.xreplace(s), param)
        assert rel.eval(vals[param]) == 0  # the true value is a root
        assert sympy.discriminant(rel) != 0  # two distinct values on this fibre


@given(mixed_graphs(min_vertices=2, max_vertices=4), st.randoms())
@settings(max_examples=10)
def test_relations_vanish_at_exact_points(g: MixedGraph, rnd) -> None:
    res = identifiability(g, max_degree=2)
    vals, s = _exact_point(g, rnd)
    for st_ in res.values():
        if st_.relation is not None:
            assert st_.relation.xreplace(s).xreplace(vals) == 0


@pytest.mark.parametrize("text", ["z->x, x->y, x<->y", "1->2, 2->3, 3->1", "1->2, 2->1, 2->3"])
def test_search_agrees_with_sympy_elimination(text: str) -> None:
    g = MixedGraph.parse(text)
    by_search = identifiability(g)
    by_elim = identifiability(g, method="elimination", backend="sympy")
    for param in g.parameters[: len(g.directed)]:
        a, b = by_search[param], by_elim[param]
        assert (a.status, a.degree) == (b.status, b.degree), param
        if a.status != "not identifiable":
            assert b.certificate == "elimination [sympy]"
        if a.status == "identifiable":
            assert sympy.cancel(a.formula - b.formula) == 0
        elif a.status == "k-to-one":  # same minimal polynomial up to a factor in s
            ra, rb = sympy.Poly(a.relation, param), sympy.Poly(b.relation, param)
            assert sympy.cancel(ra.LC() * rb.as_expr() - rb.LC() * ra.as_expr()) == 0


def test_instrumental_variable_formula() -> None:
    # Z -> X -> Y with X <-> Y: l_X_Y = s_Z_Y / s_Z_X
    g = MixedGraph.parse("z->x, x->y, x<->y")
    res = identifiability(g)
    formula = res[sympy.Symbol("l_x_y")].formula
    assert sympy.simplify(formula - sympy.Symbol("s_y_z") / sympy.Symbol("s_x_z")) == 0


def test_bow_parameters_are_not_identifiable() -> None:
    res = identifiability(MixedGraph.parse("1->2, 1<->2"))
    assert res[sympy.Symbol("l_1_2")].status == "not identifiable"
    assert res[sympy.Symbol("w_1_1")].status == "identifiable"


@pytest.mark.parametrize(
    ("call", "exc", "pattern"),
    [
        (lambda: identifiability("1->2"), InvalidTypeError, r"expected a MixedGraph"),
        (
            lambda: identifiability(MixedGraph.parse("1->2"), max_degree=0),
            InvalidArgumentError,
            r"max_degree=0 must be >= 1",
        ),
    ],
)
def test_bad_input(call, exc, pattern) -> None:
    with pytest.raises(exc, match=pattern):
        call()


def test_bounded_search_says_undetermined_then_identifies_with_more_degree() -> None:
    # found by hypothesis: at the default bound the status is honest, not wrong
    g = MixedGraph.from_edges([(1, 2), (1, 3), (1, 4), (2, 3), (3, 4)], bidirected=[(2, 4)])
    l14 = sympy.Symbol("l_1_4")
    low = identifiability(g)[l14]
    assert low.status == "undetermined" and "s-degree <= 3" in low.certificate
    assert identifiability(g, max_degree=4)[l14].status == "identifiable"
