"""Trek separation: rank conditions on submatrices of Sigma by max-flow, with their minors."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import networkx as nx
import sympy

from symalg._validation import check_int
from symalg.sem._certify import certify
from symalg.sem._covariance import check_graph
from symalg.sem._graph import MixedGraph, Vertex

__all__ = ["RankCondition", "trek_separation", "t_separation_number"]


@dataclass(frozen=True)
class RankCondition:
    """rank Sigma[rows, cols] <= rank on the whole model, and the minor that expresses it.

    Attributes
    ----------
    rows, cols : tuple of Vertex
    rank : int
        The minimal size |C_A| + |C_B| of a trek separator (max-flow value).
    minor : sympy.Expr
        det S[rows, cols] in the symbols s_i_j; it lies in the vanishing ideal.
    certificate : str
        ``"trek separation"`` (acyclic directed part: Sullivant-Talaska-Draisma) or, for
        cyclic graphs, where the theorem is not established, ``"exact"`` /
        ``"schwartz-zippel"`` from certifying the minor on the closed form.
    """

    rows: tuple[Vertex, ...]
    cols: tuple[Vertex, ...]
    rank: int
    minor: sympy.Expr
    certificate: str


def _flow_graph(graph: MixedGraph, rows: tuple[int, ...], cols: tuple[int, ...]) -> nx.DiGraph:
    h = nx.DiGraph()
    ix = graph.index
    for v in range(graph.n_vertices):
        for side in "LR":
            h.add_edge((side, v, "in"), (side, v, "out"), capacity=1)
        h.add_edge(("L", v, "out"), ("R", v, "in"))  # the top of a trek at v
    for a, b in graph.directed:
        u, v = ix[a], ix[b]
        h.add_edge(("L", v, "out"), ("L", u, "in"))  # climb the left side against the edge
        h.add_edge(("R", u, "out"), ("R", v, "in"))  # descend the right side
    for a, b in graph.bidirected:
        u, v = ix[a], ix[b]
        h.add_edge(("L", u, "out"), ("R", v, "in"))
        h.add_edge(("L", v, "out"), ("R", u, "in"))
    for r in rows:
        h.add_edge("source", ("L", r, "in"))
    for c in cols:
        h.add_edge(("R", c, "out"), "sink")
    return h


def t_separation_number(
    graph: MixedGraph, rows: tuple[Vertex, ...], cols: tuple[Vertex, ...]
) -> int:
    """Min |C_A| + |C_B| over pairs t-separating ``rows`` from ``cols`` (a max-flow value).

    For acyclic directed parts this is the generic rank of Sigma[rows, cols] [STD].

    Examples
    --------
    >>> from symalg.sem import MixedGraph, t_separation_number
    >>> t_separation_number(MixedGraph.parse("1->2, 2->3, 3->4"), (1, 2), (3, 4))
    1
    """
    ix = graph.index
    r = tuple(ix[v] for v in rows)
    c = tuple(ix[v] for v in cols)
    return int(nx.maximum_flow_value(_flow_graph(graph, r, c), "source", "sink"))


def trek_separation(graph: MixedGraph, max_size: int | None = None) -> list[RankCondition]:
    """Rank conditions rank Sigma[A, B] < |A| = |B| found by trek separation, with their minors.

    Parameters
    ----------
    graph : MixedGraph
    max_size : int, optional
        Largest |A| = |B| considered (default n - 1).

    Returns
    -------
    list of RankCondition
        One per unordered pair {A, B} of equal-size vertex sets whose t-separation number
        is below |A|: the minor det S[A, B] then vanishes on the model. A cheap source of
        determinantal generators; not the whole ideal in general (Verma constraints).

    Notes
    -----
    For cyclic directed parts trek separation is not an established theorem: each minor the
    max-flow predicts is certified on the closed form, and dropped if it fails.

    References
    ----------
    .. [STD] S. Sullivant, K. Talaska, J. Draisma, "Trek separation for Gaussian graphical
       models", Ann. Statist. 38 (2010).

    Examples
    --------
    >>> from symalg.sem import MixedGraph, trek_separation
    >>> [c.minor for c in trek_separation(MixedGraph.parse("1->2, 2->3"))]
    [s_1_2*s_2_3 - s_1_3*s_2_2]
    """
    check_graph(graph, "trek_separation")
    n = graph.n_vertices
    top = n - 1 if max_size is None else check_int("max_size", max_size, where="trek_separation")
    verts = graph.vertices
    S = graph.covariance_symbol_matrix()
    syms = graph.covariance_symbols
    out, seen = [], set()
    for size in range(1, min(top, n - 1) + 1):
        for rows in itertools.combinations(range(n), size):
            for cols in itertools.combinations(range(n), size):
                if cols < rows:
                    continue
                flow = int(nx.maximum_flow_value(_flow_graph(graph, rows, cols), "source", "sink"))
                if flow >= size:
                    continue
                minor = sympy.expand(S.extract(list(rows), list(cols)).det(method="berkowitz"))
                if minor == 0 or minor in seen or -minor in seen:
                    continue
                seen.add(minor)
                cert = (
                    "trek separation" if graph.is_acyclic else _certify_minor(graph, minor, syms)
                )
                if cert is None:
                    continue
                out.append(
                    RankCondition(
                        tuple(verts[k] for k in rows),
                        tuple(verts[k] for k in cols),
                        flow,
                        minor,
                        cert,
                    )
                )
    return out


def _certify_minor(
    graph: MixedGraph, minor: sympy.Expr, syms: tuple[sympy.Symbol, ...]
) -> str | None:
    poly = sympy.Poly(minor, *syms)
    return certify(graph, [(int(c), tuple(e), 0) for e, c in poly.terms()])
