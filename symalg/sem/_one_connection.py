"""One-connections: two-tree forests of the grounded auxiliary graph, and their sums."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import networkx as nx
import sympy

from symalg.errors import InvalidArgumentError, InvalidTypeError
from symalg.sem._graph import MixedGraph, Vertex
from symalg.sem._paths import GraphPolys
from symalg.sem._trek import _check_vertex

__all__ = ["GROUND", "OneConnection", "auxiliary_graph", "one_connections", "oc_adjugate"]

GROUND = "*"
_MAX_FORESTS = 200_000


@dataclass(frozen=True)
class OneConnection:
    """A one-connection from i to j: a spanning forest of the auxiliary graph with two in-trees.

    Attributes
    ----------
    path : tuple of Vertex
        The unique path from i to j inside the forest (the one connection avoiding ground).
    edges : tuple of (Vertex, Vertex | str)
        The chosen out-edge of every vertex except j; ``GROUND`` (``"*"``) is the ground vertex.
    weight : sympy.Expr
        The product of the edge weights: ``l_v_w`` for v -> w and
        ``mu_v = 1 - sum_w l_v_w`` for v -> ground.
    """

    path: tuple[Vertex, ...]
    edges: tuple[tuple[Vertex, Vertex | str], ...]
    weight: sympy.Expr


def auxiliary_graph(graph: MixedGraph) -> nx.DiGraph:
    """The directed part plus a ground vertex ``GROUND`` with an edge v -> ground for every v.

    Edge attribute ``weight`` holds ``l_v_w``, or ``mu_v = 1 - sum_w l_v_w`` on v -> ground, so
    every row of I - Lambda sums to the ground weight and I - Lambda is the out-Laplacian of
    this graph with the ground row and column deleted.

    Examples
    --------
    >>> from symalg.sem import MixedGraph, auxiliary_graph
    >>> H = auxiliary_graph(MixedGraph.parse("1->2, 2->1"))
    >>> H.edges[1, "*"]["weight"]
    1 - l_1_2
    """
    if not isinstance(graph, MixedGraph):
        raise InvalidTypeError(
            f"auxiliary_graph: expected a MixedGraph, got {type(graph).__name__}."
        )
    h = nx.DiGraph()
    h.add_nodes_from([*graph.vertices, GROUND])
    out: dict[Vertex, list[sympy.Symbol]] = {v: [] for v in graph.vertices}
    for a, b in graph.directed:
        lam = sympy.Symbol(f"l_{a}_{b}")
        h.add_edge(a, b, weight=lam)
        out[a].append(lam)
    for v in graph.vertices:
        h.add_edge(v, GROUND, weight=1 - sympy.Add(*out[v]))
    return h


def one_connections(graph: MixedGraph, i: Vertex, j: Vertex) -> list[OneConnection]:
    """All one-connections from ``i`` to ``j`` (cyclic directed parts included).

    A one-connection is a spanning forest of :func:`auxiliary_graph` made of two in-trees,
    rooted at the ground and at ``j``, with ``i`` in ``j``'s tree: every vertex but ``j``
    keeps one out-edge, every vertex drains into the ground or into ``j``, and exactly one
    connection, the path i -> ... -> j, avoids the ground.

    Parameters
    ----------
    graph : MixedGraph
    i, j : Vertex

    Returns
    -------
    list of OneConnection
        The sum of their weights is ``adj(I - Lambda)[i, j]`` (all-minors matrix-tree theorem);
        with i == j the forests are the ground-rooted arborescences of the graph minus j.

    Raises
    ------
    GraphError
        i or j is not a vertex.
    InvalidArgumentError
        More than 200000 candidate forests (prod of out-degree + 1); enumerate smaller graphs.

    Notes
    -----
    In (lambda, mu) every forest weight is a monomial with coefficient +1: the expansion is
    subtraction-free. It has prod_v (outdeg v + 1) candidates, so it is meant for inspection
    and proofs; :func:`covariance_matrix` sums the same forests grouped by their path (the
    forest minus the path is an arborescence of the complement, whose sum is the
    complementary determinant by the matrix-tree theorem).

    Examples
    --------
    >>> from symalg.sem import MixedGraph, one_connections
    >>> G = MixedGraph.parse("1->2, 2->3, 3->2")
    >>> [oc.path for oc in one_connections(G, 1, 3)]
    [(1, 2, 3)]
    >>> sympy.expand(sum(oc.weight for oc in one_connections(G, 1, 1)))
    -l_2_3*l_3_2 + 1
    """
    a, b = _check_vertex(graph, i, "one_connections"), _check_vertex(graph, j, "one_connections")
    verts = graph.vertices
    n = len(verts)
    h = auxiliary_graph(graph)
    choices = []
    for k, v in enumerate(verts):
        if k == b:
            choices.append([None])
        else:
            choices.append(list(h.successors(v)))
    total = 1
    for c in choices:
        total *= len(c)
    if total > _MAX_FORESTS:
        raise InvalidArgumentError(
            f"one_connections: {total} candidate forests exceed {_MAX_FORESTS}; enumerate "
            "on a smaller graph, or use covariance_matrix(method='one_connection') for the sums."
        )
    out = []
    for pick in itertools.product(*choices):
        path = _forest_path(verts, pick, a, b, n)
        if path is None:
            continue
        edges = tuple((verts[k], pick[k]) for k in range(n) if k != b)
        weight = sympy.Mul(*[h.edges[e]["weight"] for e in edges])
        out.append(OneConnection(path, edges, weight))
    return out


def _forest_path(
    verts: tuple[Vertex, ...], pick: tuple[object, ...], a: int, b: int, n: int
) -> tuple[Vertex, ...] | None:
    """Follow out-edges; None if some vertex loops forever or i does not reach j."""
    pos = {v: k for k, v in enumerate(verts)}
    path_of_a = None
    for start in range(n):
        seen = []
        v = start
        while v != b:
            if v in seen:
                return None  # a directed cycle: not a forest
            seen.append(v)
            nxt = pick[v]
            if nxt == GROUND:
                break
            v = pos[nxt]
        else:
            seen.append(b)
        if start == a:
            if seen[-1] != b:
                return None
            path_of_a = tuple(verts[k] for k in seen)
    return path_of_a


def oc_adjugate(polys: GraphPolys) -> list[list[object]]:
    """adj(I - Lambda) as one-connection sums grouped by path: entry (k, i) sums k -> i.

    For a path P the forests containing it are P plus a ground-rooted arborescence of the
    remaining vertices in which edges into P count as edges to ground; their weight sum is
    det(I - Lambda)[V - P] (matrix-tree theorem), computed by ``subset_det``.
    """
    n = polys.n
    adj = [[polys.ring.zero] * n for _ in range(n)]
    full = polys.full_mask
    for k in range(n):
        for i in range(n):
            acc = polys.ring.zero
            for p in polys.simple_paths(k, i):
                mask = full
                for u in p:
                    mask &= ~(1 << u)
                acc += polys.weight(p) * polys.subset_det(mask)
            adj[k][i] = acc
    return adj
