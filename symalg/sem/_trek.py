"""Treks and the trek rule for acyclic directed parts."""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from symalg.errors import GraphError, InvalidTypeError
from symalg.sem._graph import MixedGraph, Vertex
from symalg.sem._paths import GraphPolys

__all__ = ["Trek", "treks"]


@dataclass(frozen=True)
class Trek:
    """A trek between i and j: a directed path into i, one into j, and a top.

    Attributes
    ----------
    left : tuple of Vertex
        The path from its top vertex down to i (``left[0]`` is the top, ``left[-1] == i``).
    right : tuple of Vertex
        The path from its top vertex down to j.
    top : Vertex or (Vertex, Vertex)
        A vertex k (weight ``w_k_k``, then ``left[0] == right[0] == k``) or a bidirected
        edge ``(left[0], right[0])`` (weight ``w_k_l``).
    weight : sympy.Expr
        The top's omega times the lambdas along both paths.
    """

    left: tuple[Vertex, ...]
    right: tuple[Vertex, ...]
    top: Vertex | tuple[Vertex, Vertex]
    weight: sympy.Expr


def _check_acyclic(graph: MixedGraph, where: str) -> None:
    if not isinstance(graph, MixedGraph):
        raise InvalidTypeError(f"{where}: expected a MixedGraph, got {type(graph).__name__}.")
    if not graph.is_acyclic:
        raise GraphError(
            f"{where}: the directed part of {str(graph)!r} has a cycle, so there are infinitely "
            "many treks; use one_connections / covariance_matrix(method='one_connection')."
        )


def _check_vertex(graph: MixedGraph, v: Vertex, where: str) -> int:
    if v not in graph.index:
        raise GraphError(
            f"{where}: vertex {v!r} is not in the graph; its vertices are {list(graph.vertices)}."
        )
    return graph.index[v]


def treks(graph: MixedGraph, i: Vertex, j: Vertex) -> list[Trek]:
    """All treks between ``i`` and ``j`` of a graph with acyclic directed part.

    Parameters
    ----------
    graph : MixedGraph
        Its directed part must be acyclic.
    i, j : Vertex
        The end points (ordered: ``left`` ends at i, ``right`` at j).

    Returns
    -------
    list of Trek
        Sorted by (top, left, right) in vertex order. The trek rule says
        ``Sigma[i, j] == sum(t.weight for t in treks(G, i, j))``.

    Raises
    ------
    GraphError
        The directed part has a cycle, or i / j is not a vertex.

    References
    ----------
    .. [STD] S. Sullivant, K. Talaska, J. Draisma, "Trek separation for Gaussian graphical
       models", Ann. Statist. 38 (2010).

    Examples
    --------
    >>> from symalg.sem import MixedGraph, treks
    >>> G = MixedGraph.parse("1->2, 1->3, 2<->3")
    >>> [t.weight for t in treks(G, 2, 3)]
    [l_1_2*l_1_3*w_1_1, w_2_3]
    >>> treks(MixedGraph.parse("1->2, 2->1"), 1, 2)
    Traceback (most recent call last):
    ...
    symalg.errors.GraphError: treks: the directed part of '1->2, 2->1' has a cycle, ...
    """
    _check_acyclic(graph, "treks")
    a, b = _check_vertex(graph, i, "treks"), _check_vertex(graph, j, "treks")
    polys = GraphPolys(graph)
    verts = graph.vertices
    out = []
    for (k, ll), w in sorted(polys.omega.items()):
        for p in sorted(polys.simple_paths(k, a)):
            for q in sorted(polys.simple_paths(ll, b)):
                weight = (w * polys.weight(p) * polys.weight(q)).as_expr()
                top = verts[k] if k == ll else (verts[k], verts[ll])
                out.append(
                    Trek(tuple(verts[x] for x in p), tuple(verts[x] for x in q), top, weight)
                )
    return out


def trek_numerator(polys: GraphPolys) -> list[list[object]]:
    """Sigma of an acyclic graph by the trek rule, as ring elements."""
    n = polys.n
    ring = polys.ring
    N = [[ring.zero] * n for _ in range(n)]
    paths = [[list(polys.simple_paths(k, i)) for i in range(n)] for k in range(n)]
    for i in range(n):
        for j in range(i, n):
            acc = ring.zero
            for (k, ll), w in polys.omega.items():
                for p in paths[k][i]:
                    wp = w * polys.weight(p)
                    for q in paths[ll][j]:
                        acc += wp * polys.weight(q)
            N[i][j] = N[j][i] = acc
    return N
