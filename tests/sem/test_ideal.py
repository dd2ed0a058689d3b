from __future__ import annotations

import random
import shutil

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from symalg.errors import InvalidArgumentError
from symalg.sem import (
    MixedGraph,
    available_backends,
    detect_backend,
    implicit_ideal,
    search_vanishing_ideal,
    t_separation_number,
    trek_separation,
    vanishing_ideal,
)
from tests.sem._ideals import exact_sigma_at_random_point, same_ideal
from tests.sem.strategies import mixed_graphs


@given(mixed_graphs(min_vertices=3, max_vertices=5), st.randoms(use_true_random=False))
@settings(max_examples=15)
def test_every_generator_vanishes_at_exact_rational_points(g: MixedGraph, rnd) -> None:
    result = search_vanishing_ideal(g, 3)
    if not result.generators:
        return
    point = exact_sigma_at_random_point(g, rnd)
    for f in result.generators:
        assert f.xreplace(point) == 0, f


@given(mixed_graphs(min_vertices=2, max_vertices=5))
@settings(max_examples=15)
def test_generators_are_multihomogeneous_of_their_multidegree(g: MixedGraph) -> None:
    result = search_vanishing_ideal(g, 3)
    ix = {s: str(s).split("_")[1:] for s in g.covariance_symbols}
    for f, alpha in zip(result.generators, result.multidegrees, strict=True):
        for mono in sympy.Poly(f, *g.covariance_symbols).monoms():
            md = [0] * g.n_vertices
            for s, e in zip(g.covariance_symbols, mono, strict=True):
                for v in ix[s]:
                    md[g.index[int(v)]] += e
            assert tuple(md) == alpha and sum(alpha) <= 2 * result.max_degree


@pytest.mark.parametrize("n", [2, 3, 4, 5])
def test_complete_dag_has_zero_ideal(n: int) -> None:
    g = MixedGraph.from_edges([(i, j) for i in range(1, n + 1) for j in range(i + 1, n + 1)])
    result = search_vanishing_ideal(g, 3)
    assert result.generators == () and all(v == 0 for v in result.dimensions.values())


def test_three_node_chain_gives_the_determinantal_relation() -> None:
    g = MixedGraph.parse("1->2, 2->3")
    s12, s13, s22, s23 = sympy.symbols("s_1_2 s_1_3 s_2_2 s_2_3")
    gens = vanishing_ideal(g)
    assert len(gens) == 1 and sympy.expand(gens[0] - (s12 * s23 - s13 * s22)) == 0


def test_chain_and_collider_give_different_ideals_in_one_process() -> None:
    chain = vanishing_ideal(MixedGraph.parse("1->2, 2->3"))
    collider = vanishing_ideal(MixedGraph.parse("1->2, 3->2"))
    assert chain != collider and collider == [sympy.Symbol("s_1_3")]


def test_dimensions_count_products_of_lower_generators() -> None:
    # chain: I_G = <f> principal of degree 2, so dim (I_G)_3 = #{s_ij f} = 6
    assert search_vanishing_ideal(MixedGraph.parse("1->2, 2->3"), 3).dimensions == {
        1: 0,
        2: 1,
        3: 6,
    }


SMALL = [
    "1->2, 2->3",
    "1->2, 3->2",
    "1->2, 2->3, 1<->3",
    "1->2, 2->1",
    "1->2, 2->3, 3->4",
    "1->2, 2->3, 3->4, 1<->4",
    "1->2, 1->3, 2->4, 3->4",
]


@pytest.mark.parametrize("text", SMALL)
def test_search_equals_sympy_elimination(text: str) -> None:
    g = MixedGraph.parse(text)
    a = vanishing_ideal(g, method="elimination", backend="sympy")
    b = vanishing_ideal(g, 4)
    assert same_ideal(a, b, g.covariance_symbols)


CYCLIC = ["1->2, 2->3, 3->1", "1->2, 2->3, 3->4, 4->1", "1->2, 2->3, 3->1, 3->4"]
ENGINES = [b for b in available_backends() if b != "sympy"]


@pytest.mark.parametrize(
    "backend",
    ENGINES
    or [
        pytest.param(
            "none",
            marks=pytest.mark.skip(
                reason="no Groebner engine (Singular, Macaulay2, python-flint) installed"
            ),
        )
    ],
)
@pytest.mark.parametrize("text", SMALL + CYCLIC)
def test_search_equals_engine_elimination(backend: str, text: str) -> None:
    g = MixedGraph.parse(text)
    a = vanishing_ideal(g, method="elimination", backend=backend)
    b = vanishing_ideal(g, 5)
    assert same_ideal(a, b, g.covariance_symbols)


def test_implicit_ideal_has_no_omega_and_keeps_det_nonzero() -> None:
    g = MixedGraph.parse("1->2, 2->1, 1<->2")
    gens, elim, keep = implicit_ideal(g)
    names = {str(s) for f in gens for s in f.free_symbols}
    assert not any(n.startswith("w_") for n in names)
    assert sympy.Symbol("t_") in elim and len(keep) == 3


def test_detect_backend_is_first_available() -> None:
    assert detect_backend() == available_backends()[0]
    assert available_backends()[-1] == "sympy"
    assert ("singular" in available_backends()) == bool(shutil.which("Singular"))


@given(mixed_graphs(min_vertices=2, max_vertices=5, cyclic=False), st.data())
@settings(max_examples=20)
def test_t_separation_number_is_generic_rank(g: MixedGraph, data) -> None:
    size = data.draw(st.integers(1, g.n_vertices))
    rows = tuple(sorted(data.draw(st.permutations(g.vertices))[:size]))
    cols = tuple(sorted(data.draw(st.permutations(g.vertices))[:size]))
    rnd = random.Random(data.draw(st.integers(0, 2**32)))
    # the generic rank is the largest rank over random points: one point can cancel by
    # chance (Sigma_33 = l_13^2 w_11 + w_33 = 0 at w_11 = -1, l_13 = w_33 = 1), three
    # independent ones all cancelling is far less likely
    ranks = []
    for _ in range(3):
        S = g.covariance_symbol_matrix().xreplace(exact_sigma_at_random_point(g, rnd))
        ranks.append(S.extract([g.index[v] for v in rows], [g.index[v] for v in cols]).rank())
    assert t_separation_number(g, rows, cols) == max(ranks)


@pytest.mark.parametrize("text", ["1->2, 2->3, 3->4, 1<->4", "1->2, 2->3, 3->4, 4->1"])
def test_trek_separation_minors_lie_in_the_ideal(text: str) -> None:
    g = MixedGraph.parse(text)
    ideal = vanishing_ideal(g, 4)
    gb = sympy.groebner(ideal, *g.covariance_symbols, order="grevlex")
    conds = trek_separation(g)
    assert conds
    for c in conds:
        assert gb.contains(c.minor)
        assert c.rank < len(c.rows)


@pytest.mark.parametrize(
    ("call", "pattern"),
    [
        (lambda: vanishing_ideal(MixedGraph.parse("1->2"), 0), r"max_degree=0 must be >= 1"),
        (
            lambda: vanishing_ideal(MixedGraph.parse("1->2"), method="elimination", backend="x"),
            r"backend='x' is not supported; use one of 'auto', 'singular'",
        ),
    ],
)
def test_bad_input(call, pattern) -> None:
    with pytest.raises(InvalidArgumentError, match=pattern):
        call()


@pytest.mark.skipif("singular" in available_backends(), reason="Singular is installed")
def test_missing_backend_names_the_install() -> None:
    with pytest.raises(InvalidArgumentError, match=r"apt-get install singular"):
        vanishing_ideal(MixedGraph.parse("1->2"), method="elimination", backend="singular")


def test_points_are_reproducible() -> None:
    a = search_vanishing_ideal(MixedGraph.parse("1->2, 2->3, 3->4, 4->1"), 3, seed=1)
    b = search_vanishing_ideal(MixedGraph.parse("1->2, 2->3, 3->4, 4->1"), 3, seed=2)
    assert same_ideal(list(a.generators), list(b.generators), a.graph.covariance_symbols)
    assert np.array_equal(list(a.dimensions.values()), list(b.dimensions.values()))
