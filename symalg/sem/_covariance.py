"""``covariance_matrix``: Sigma = (I - Lambda)^-T Omega (I - Lambda)^-1 in closed form."""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

import sympy
from sympy.polys.rings import PolyElement

from symalg._validation import check_option
from symalg.errors import GraphError, InvalidTypeError
from symalg.sem._graph import MixedGraph
from symalg.sem._one_connection import oc_adjugate
from symalg.sem._paths import GraphPolys
from symalg.sem._trek import trek_numerator

__all__ = ["covariance_matrix", "covariance_numerator", "parametrization"]

Method = Literal["one_connection", "trek", "inverse"]
_METHODS = ("one_connection", "trek", "inverse")


def check_graph(graph: object, where: str) -> MixedGraph:
    """Raise unless ``graph`` is a MixedGraph."""
    if not isinstance(graph, MixedGraph):
        raise InvalidTypeError(
            f"{where}: expected a MixedGraph (MixedGraph.parse('1->2, 2->3')), "
            f"got {type(graph).__name__}."
        )
    return graph


@lru_cache(maxsize=64)
def parametrization(
    graph: MixedGraph, method: str = "one_connection"
) -> tuple[GraphPolys, list[list[PolyElement]], PolyElement]:
    """(ring machinery, N as ring elements, det(I - Lambda)); cached per graph (both edge sets)."""
    polys = GraphPolys(graph)
    if method == "trek":
        return polys, trek_numerator(polys), polys.ring.one
    return polys, polys.numerator(oc_adjugate(polys)), polys.det


def covariance_numerator(graph: MixedGraph) -> tuple[sympy.Matrix, sympy.Expr]:
    """The polynomial numerator N and det(I - Lambda), with Sigma = N / det(I - Lambda)**2.

    ``N = adj(I - Lambda)^T Omega adj(I - Lambda)``, computed by the one-connection rule.

    Examples
    --------
    >>> from symalg.sem import MixedGraph, covariance_numerator
    >>> N, d = covariance_numerator(MixedGraph.parse("1->2, 2->1"))
    >>> d
    -l_1_2*l_2_1 + 1
    >>> N[0, 1]
    l_1_2*w_1_1 + l_2_1*w_2_2
    """
    check_graph(graph, "covariance_numerator")
    polys, N, det = parametrization(graph)
    n = polys.n
    return sympy.Matrix(n, n, lambda i, j: N[i][j].as_expr()), det.as_expr()


def covariance_matrix(graph: MixedGraph, *, method: Method = "one_connection") -> sympy.Matrix:
    """The covariance matrix of the linear SEM on ``graph``, exactly, entries in lowest terms.

    Parameters
    ----------
    graph : MixedGraph
        Cyclic directed parts are allowed (except with ``method="trek"``).
    method : {"one_connection", "trek", "inverse"}
        ``"one_connection"``: the closed form N / det(I - Lambda)^2 with N summed over
        one-connections (determinant-weighted simple paths); any graph. ``"trek"``: the trek
        rule; acyclic directed part only. ``"inverse"``: sympy's symbolic inverse of
        I - Lambda (slow; a reference).

    Returns
    -------
    sympy.Matrix of shape (n, n)
        Symmetric; entry (i, j) is p/q in lowest terms, where q divides det(I - Lambda)^2
        (q = 1 for acyclic graphs). Rows and columns follow ``graph.vertices``.

    Raises
    ------
    GraphError
        ``method="trek"`` on a graph whose directed part has a cycle.
    InvalidArgumentError
        Unknown ``method``.

    Notes
    -----
    Sigma = (I - Lambda)^-T Omega (I - Lambda)^-1 with Lambda[i, j] = l_i_j for i -> j. The three
    methods agree exactly. The one-connection form is
    Sigma_ij det^2 = sum_{k,l} w_kl sum_{P: k->i} sum_{Q: l->j} l^P l^Q det[V-P] det[V-Q]
    over simple paths P, Q; see docs/explanation/sem.md.

    Examples
    --------
    >>> from symalg.sem import MixedGraph, covariance_matrix
    >>> G = MixedGraph.parse("1->2, 2->3, 3->1")
    >>> S = covariance_matrix(G)
    >>> S[0, 0]
    (l_2_3**2*l_3_1**2*w_2_2 + l_3_1**2*w_3_3 + w_1_1)/(-l_1_2*l_2_3*l_3_1 + 1)**2
    >>> sympy.simplify(S - covariance_matrix(G, method="inverse")) == sympy.zeros(3, 3)
    True
    >>> covariance_matrix(G, method="trek")
    Traceback (most recent call last):
    ...
    symalg.errors.GraphError: covariance_matrix: method='trek' needs an acyclic directed part; ...
    """
    check_graph(graph, "covariance_matrix")
    check_option("method", method, _METHODS, where="covariance_matrix")
    if method == "inverse":
        return _by_inverse(graph)
    if method == "trek" and not graph.is_acyclic:
        raise GraphError(
            f"covariance_matrix: method='trek' needs an acyclic directed part; "
            f"{str(graph)!r} has a directed cycle. Use method='one_connection'."
        )
    polys, N, det = parametrization(graph, method)
    det2 = det**2
    n = polys.n
    out = sympy.zeros(n, n)
    for i in range(n):
        for j in range(i, n):
            out[i, j] = out[j, i] = _lowest_terms(N[i][j], det, det2)
    return out


def _lowest_terms(num: PolyElement, det: PolyElement, det2: PolyElement) -> sympy.Expr:
    if det2 == 1 or not num:
        return num.as_expr()
    _, p, q = num.cofactors(det2)
    if q.LC < 0:
        p, q = -p, -q
    if q == 1:
        return p.as_expr()
    den = sympy.Pow(det.as_expr(), 2) if q == det2 else q.as_expr()
    return sympy.Mul(p.as_expr(), sympy.Pow(den, -1))


def _by_inverse(graph: MixedGraph) -> sympy.Matrix:
    n = graph.n_vertices
    A = sympy.eye(n) - graph.lambda_matrix()
    inv = A.inv()
    sigma = inv.T * graph.omega_matrix() * inv
    return sympy.Matrix(n, n, lambda i, j: sympy.factor_terms(sympy.cancel(sigma[i, j])))
