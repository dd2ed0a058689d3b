from __future__ import annotations

import networkx as nx
import pytest
import sympy
from hypothesis import given

from symalg.errors import GraphError, InvalidTypeError
from symalg.sem import MixedGraph
from tests.sem.strategies import mixed_graphs


def test_parse_equals_from_edges() -> None:
    a = MixedGraph.parse("1->2, 2->3, 3->1, 1<->3")
    b = MixedGraph.from_edges(directed=[(1, 2), (2, 3), (3, 1)], bidirected=[(1, 3)])
    assert a == b


def test_parse_reverse_arrow_and_isolated_vertex() -> None:
    g = MixedGraph.parse("2<-1, x")
    assert g.directed == ((1, 2),) and g.vertices == (1, 2, "x")


def test_parameter_order_and_names() -> None:
    g = MixedGraph.parse("2->1, 1->3, 3<->1, 2<->3")
    assert [str(p) for p in g.parameters] == [
        "l_1_3", "l_2_1", "w_1_1", "w_2_2", "w_3_3", "w_1_3", "w_2_3",
    ]  # fmt: skip
    assert [str(s) for s in g.covariance_symbols] == [
        "s_1_1", "s_1_2", "s_1_3", "s_2_2", "s_2_3", "s_3_3",
    ]  # fmt: skip
    assert g.n_parameters == 3 + 2 + 2


@given(mixed_graphs(max_vertices=6))
def test_names_round_trip_through_sympify(g: MixedGraph) -> None:
    for sym in g.parameters + g.covariance_symbols:
        assert sympy.sympify(str(sym)) == sym
    for s in g.covariance_symbols:
        _, i, j = str(s).split("_")
        assert g.index[int(i)] <= g.index[int(j)]


@given(mixed_graphs(max_vertices=6))
def test_networkx_round_trip(g: MixedGraph) -> None:
    assert MixedGraph.from_networkx(g.to_networkx()) == g


@given(mixed_graphs(max_vertices=6))
def test_string_round_trip(g: MixedGraph) -> None:
    assert MixedGraph.from_edges(g.directed, g.bidirected, vertices=g.vertices) == g
    parsed = MixedGraph.parse(str(g))
    assert parsed.directed == g.directed and parsed.bidirected == g.bidirected


@given(mixed_graphs(max_vertices=6))
def test_is_acyclic_matches_networkx_on_directed_part(g: MixedGraph) -> None:
    d = nx.DiGraph(list(g.directed))
    d.add_nodes_from(g.vertices)
    assert g.is_acyclic == nx.is_directed_acyclic_graph(d)


@given(mixed_graphs(max_vertices=6, simple=True))
def test_simple_strategy_gives_simple_graphs(g: MixedGraph) -> None:
    assert g.is_simple


@pytest.mark.parametrize(
    ("text", "simple", "acyclic"),
    [
        ("1->2, 2->1", False, False),  # 2-cycle
        ("1->2, 1<->2", False, True),  # bow
        ("1->2, 2->3, 3->1", True, False),
        ("1->2, 2->3, 1<->3", True, True),
        ("1<->2, 2<->3, 3<->1", True, True),  # bidirected edges never make a cycle
    ],
)
def test_predicates(text: str, simple: bool, acyclic: bool) -> None:
    g = MixedGraph.parse(text)
    assert (g.is_simple, g.is_acyclic) == (simple, acyclic)


def test_chain_and_collider_differ() -> None:
    chain = MixedGraph.parse("1->2, 2->3")
    collider = MixedGraph.parse("1->2, 3->2")
    assert chain != collider and hash(chain) != hash(collider)


@pytest.mark.parametrize(
    ("call", "exc", "pattern"),
    [
        (lambda: MixedGraph.from_edges([(1, 1)]), GraphError, r"self-loop 1 -> 1"),
        (lambda: MixedGraph.from_edges([], [(2, 2)]), GraphError, r"self-loop 2 <-> 2"),
        (lambda: MixedGraph.from_edges([(1, 2), (1, 2)]), GraphError, r"duplicate edge 1 -> 2"),
        (
            lambda: MixedGraph.from_edges([], [(1, 2), (2, 1)]),
            GraphError,
            r"duplicate edge 1 <-> 2",
        ),
        (
            lambda: MixedGraph.from_edges([(1, 4)], vertices=[1, 2, 3]),
            GraphError,
            r"unknown vertex 4; add it to vertices \[1, 2, 3\]",
        ),
        (
            lambda: MixedGraph.from_edges([(1.5, 2)]),
            InvalidTypeError,
            r"vertex 1.5 has type float",
        ),
        (lambda: MixedGraph.from_edges([("a_b", "c")]), GraphError, r"'a_b' is not alphanumeric"),
        (lambda: MixedGraph.parse("1->2, 2-3"), GraphError, r"unexpected '-' at position 7"),
        (lambda: MixedGraph.parse("1->2, ->3"), GraphError, r"malformed item at position 6"),
        (lambda: MixedGraph.parse("1->2 3"), GraphError, r"malformed item at position 5"),
        (lambda: MixedGraph.parse("1->2,,3"), GraphError, r"malformed item at position 5"),
        (lambda: MixedGraph.parse(12), InvalidTypeError, r"expected a str, got int"),
    ],
)
def test_bad_graphs_raise_with_value_and_fix(call, exc, pattern) -> None:
    with pytest.raises(exc, match=pattern):
        call()
