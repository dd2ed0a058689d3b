"""Which graph polynomials a prototypical GNN can compute (contraction-bank reductions)."""

from __future__ import annotations

from typing import Literal

from symalg._validation import check_option
from symalg.equivariant._sn_polynomial import GraphPolynomial
from symalg.errors import InvalidTypeError

__all__ = ["computable_by"]

_ARCHITECTURES = {"mpnn": 1, "ppgn": 2}


def _neighbours(edges: list[tuple[int, int]], v: int) -> set[int]:
    return {w for e in edges if v in e for w in e} - {v}


def _reduces(p: GraphPolynomial, max_neighbours: int) -> bool:
    """Remove non-special vertices with at most ``max_neighbours`` distinct neighbours."""
    edges = list(p.graph.edges)
    alive = set(range(p.graph.n_nodes)) - set(p.graph.special)
    progress = True
    while alive and progress:
        progress = False
        for v in sorted(alive):
            nbrs = _neighbours(edges, v)
            if len(nbrs) > max_neighbours:
                continue
            edges = [e for e in edges if v not in e]
            if len(nbrs) == 2:  # a matrix product: the path x - v - y becomes an edge x - y
                x, y = sorted(nbrs)
                edges.append((x, y))
            alive.discard(v)
            progress = True
    return not alive


def computable_by(p: GraphPolynomial, architecture: Literal["mpnn", "ppgn"]) -> bool:
    """Whether a prototypical ``architecture`` computes the graph polynomial ``p``.

    Parameters
    ----------
    p : GraphPolynomial
        A basis element P_H.
    architecture : {"mpnn", "ppgn"}
        ``"mpnn"``: message passing (node-based, as strong as 1-WL). ``"ppgn"``: provably
        powerful graph networks (edge-based, matrix products; as strong as 2-FWL / 3-WL).

    Returns
    -------
    bool
        ``True`` if H reduces to its special nodes with the architecture's contractions.

    Raises
    ------
    InvalidTypeError
        If ``p`` is not a GraphPolynomial.
    InvalidArgumentError
        If ``architecture`` is unknown.

    Notes
    -----
    Decision rule (a contraction bank in the sense of Puny et al. [1]_; loops are node
    features and parallel edges Hadamard products, so only the distinct neighbours of a
    vertex matter, and edge directions are ignored):

    * ``"mpnn"``: repeatedly delete a non-special vertex with at most one distinct
      neighbour (a leaf: aggregating messages is a row or column sum). ``p`` is computable
      iff only special vertices remain, i.e. iff the simple graph of H is a forest whose
      trees each contain at most one special vertex, apart from a direct edge a - b
      (an edge-level readout ``phi(h_a, h_b, X_ab)``).
    * ``"ppgn"``: additionally delete a non-special vertex with exactly two distinct
      neighbours x, y and add the edge x - y (a matrix product). Computable iff only
      special vertices remain: H plus the output edge has treewidth at most 2.

    A polynomial the rule rejects takes different values on some pair of graphs the
    architecture cannot distinguish: the triangle ``tr(X^3)`` is 12 on two disjoint
    triangles and 0 on the 6-cycle, which 1-WL cannot tell apart.

    References
    ----------
    .. [1] O. Puny, D. Lim, B. T. Kiani, H. Maron, Y. Lipman, "Equivariant Polynomials for
       Graph Neural Networks", ICML 2023, arXiv:2302.11556.

    Examples
    --------
    >>> from symalg.equivariant import graph_polynomial_basis
    >>> basis = graph_polynomial_basis(3, output="invariant", symmetric=True)
    >>> tri = [p for p in basis if p.einsum == "cd,ce,de->"]  # trace(X^3)
    >>> [(computable_by(p, "mpnn"), computable_by(p, "ppgn")) for p in tri]
    [(False, True)]
    >>> computable_by(tri[0], "wl")
    Traceback (most recent call last):
    ...
    symalg.errors.InvalidArgumentError: computable_by: architecture='wl' is not supported; ...
    """
    where = "computable_by"
    if not isinstance(p, GraphPolynomial):
        raise InvalidTypeError(f"{where}: p must be a GraphPolynomial, got {type(p).__name__}.")
    architecture = check_option(  # type: ignore[assignment]
        "architecture", architecture, _ARCHITECTURES, where=where
    )
    return _reduces(p, _ARCHITECTURES[architecture])
