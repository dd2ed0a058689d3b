"""Multigraphs with ordered special nodes: canonical forms and enumeration of classes.

A basis element of the S_n-equivariant graph polynomials is indexed by an isomorphism class
of multigraphs ``H`` (loops and parallel edges allowed) with 0, 1 or 2 ordered *special*
nodes. This module holds the spec (:class:`Multigraph`), an exact canonical form
(colour refinement plus individualisation, exhaustive over the leaves) and the level-wise
enumeration of all classes with a given number of edges.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Literal

from symalg.errors import GraphError

__all__ = ["Multigraph", "OutputKind", "enumerate_multigraphs"]

#: Output kinds of graph polynomials and their number of special nodes.
OutputKind = Literal["invariant", "node", "edge"]

# roles of vertices: 0 ordinary, 1 = a, 2 = b, 3 = a = b
_ORDINARY, _A, _B, _AB = 0, 1, 2, 3


@dataclass(frozen=True)
class Multigraph:
    """A multigraph on vertices ``0..n_nodes-1`` with ordered special nodes (spec only).

    Parameters
    ----------
    n_nodes : int
        Number of vertices.
    edges : tuple of (int, int)
        Edge multiset; ``(u, w)`` is the factor ``X[i_u, i_w]``. For undirected graphs each
        pair is stored with ``u <= w``.
    special : tuple of int
        ``()`` (invariant), ``(a,)`` (node output) or ``(a, b)`` (edge output, ``a == b``
        allowed: a diagonal output).
    directed : bool
        Directed multigraph (general X) or undirected (symmetric X).

    Raises
    ------
    GraphError
        If an edge names an unknown vertex, an undirected edge is not stored as
        ``u <= w``, there are more than two special nodes, or a non-special vertex is
        isolated.

    Examples
    --------
    >>> path = Multigraph(3, ((0, 2), (2, 1)), (0, 1), directed=True)  # (X^2)_ab
    >>> path.degree, path.roles
    (2, (1, 2, 0))
    >>> Multigraph(3, ((0, 0),), (), directed=True)
    Traceback (most recent call last):
    ...
    symalg.errors.GraphError: Multigraph: non-special vertices [1, 2] are isolated; ...
    """

    n_nodes: int
    edges: tuple[tuple[int, int], ...]
    special: tuple[int, ...]
    directed: bool

    def __post_init__(self) -> None:
        m = self.n_nodes
        for u, w in self.edges:
            if not (0 <= u < m and 0 <= w < m):
                raise GraphError(f"Multigraph: edge {(u, w)} names a vertex outside 0..{m - 1}.")
            if not self.directed and u > w:
                raise GraphError(f"Multigraph: undirected edge {(u, w)} must be stored as u <= w.")
        if len(self.special) > 2 or any(not 0 <= s < m for s in self.special):
            raise GraphError(
                f"Multigraph: special={self.special} must be (), (a,) or (a, b) with "
                f"vertices in 0..{m - 1}."
            )
        touched = {v for e in self.edges for v in e} | set(self.special)
        if len(touched) != m:
            lonely = sorted(set(range(m)) - touched)
            raise GraphError(
                f"Multigraph: non-special vertices {lonely} are isolated; an isolated "
                "non-special vertex only multiplies by n, so it is not part of a basis element."
            )

    @property
    def degree(self) -> int:
        """Number of edges (the polynomial degree)."""
        return len(self.edges)

    @property
    def roles(self) -> tuple[int, ...]:
        """Role of each vertex: 0 ordinary, 1 = a, 2 = b, 3 = a = b."""
        roles = [_ORDINARY] * self.n_nodes
        if len(self.special) == 1:
            roles[self.special[0]] = _A
        elif len(self.special) == 2:
            a, b = self.special
            if a == b:
                roles[a] = _AB
            else:
                roles[a], roles[b] = _A, _B
        return tuple(roles)

    def canonical_key(self) -> tuple[object, ...]:
        """A key equal for two multigraphs iff they are isomorphic fixing a and b."""
        return canonical_key(self.n_nodes, self.edges, self.roles, self.directed)


def _refine(
    m: int,
    colours: list[int],
    out_adj: list[dict[int, int]],
    in_adj: list[dict[int, int]],
) -> list[int]:
    """Colour refinement until stable; colours are ranks of invariant signatures."""
    n_colours = len(set(colours))
    while True:
        sigs = [
            (
                colours[v],
                tuple(sorted((colours[w], k) for w, k in out_adj[v].items())),
                tuple(sorted((colours[w], k) for w, k in in_adj[v].items())),
            )
            for v in range(m)
        ]
        ranks = {s: r for r, s in enumerate(sorted(set(sigs)))}
        colours = [ranks[s] for s in sigs]
        if len(ranks) == n_colours:
            return colours
        n_colours = len(ranks)


def _leaf_key(
    colours: list[int], edges: tuple[tuple[int, int], ...], roles: tuple[int, ...], directed: bool
) -> tuple[object, ...]:
    pos = colours
    mapped = []
    for u, w in edges:
        pu, pw = pos[u], pos[w]
        if not directed and pu > pw:
            pu, pw = pw, pu
        mapped.append((pu, pw))
    by_pos = [0] * len(roles)
    for v, r in enumerate(roles):
        by_pos[pos[v]] = r
    return (len(roles), tuple(by_pos), tuple(sorted(mapped)))


def _search(
    colours: list[int],
    out_adj: list[dict[int, int]],
    in_adj: list[dict[int, int]],
    edges: tuple[tuple[int, int], ...],
    roles: tuple[int, ...],
    directed: bool,
) -> tuple[object, ...]:
    m = len(colours)
    colours = _refine(m, colours, out_adj, in_adj)
    counts: dict[int, int] = {}
    for c in colours:
        counts[c] = counts.get(c, 0) + 1
    split = [c for c, k in counts.items() if k > 1]
    if not split:
        return _leaf_key(colours, edges, roles, directed)
    target = min(split)
    best: tuple[object, ...] | None = None
    for v in range(m):
        if colours[v] != target:
            continue
        individual = [2 * c + (0 if u == v or c != target else 1) for u, c in enumerate(colours)]
        key = _search(individual, out_adj, in_adj, edges, roles, directed)
        if best is None or key < best:  # type: ignore[operator]
            best = key
    assert best is not None
    return best


def canonical_key(
    m: int, edges: tuple[tuple[int, int], ...], roles: tuple[int, ...], directed: bool
) -> tuple[object, ...]:
    """Canonical form of a vertex-coloured multigraph (exact: minimum over all leaves)."""
    out_adj: list[dict[int, int]] = [{} for _ in range(m)]
    in_adj: list[dict[int, int]] = [{} for _ in range(m)]
    for u, w in edges:
        out_adj[u][w] = out_adj[u].get(w, 0) + 1
        if directed:
            in_adj[w][u] = in_adj[w].get(u, 0) + 1
        elif u != w:
            out_adj[w][u] = out_adj[w].get(u, 0) + 1
    return _search(list(roles), out_adj, in_adj, tuple(edges), roles, directed)


def _from_key(key: tuple[object, ...], directed: bool) -> Multigraph:
    m, roles, edges = key
    assert isinstance(m, int) and isinstance(roles, tuple) and isinstance(edges, tuple)
    special: tuple[int, ...] = ()
    if _AB in roles:
        a = roles.index(_AB)
        special = (a, a)
    elif _B in roles:
        special = (roles.index(_A), roles.index(_B))
    elif _A in roles:
        special = (roles.index(_A),)
    return Multigraph(m, edges, special, directed)


def _new_edges(m: int, directed: bool) -> list[tuple[int, int]]:
    """Every edge to add to a graph on ``m`` vertices: old or new endpoints (m, m + 1)."""
    if directed:
        cand = [(u, w) for u in range(m) for w in range(m)]
        cand += [(u, m) for u in range(m)] + [(m, u) for u in range(m)]
    else:
        cand = [(u, w) for u in range(m) for w in range(u, m)]
        cand += [(u, m) for u in range(m)]
    return cand + [(m, m), (m, m + 1)]


def _start_roles(output: str, diagonal: bool) -> tuple[int, ...]:
    if output == "invariant":
        return ()
    if output == "node":
        return (_A,)
    return (_AB,) if diagonal else (_A, _B)


@functools.cache
def _level(degree: int, roles: tuple[int, ...], directed: bool) -> tuple[tuple[object, ...], ...]:
    """Canonical keys of all classes with ``degree`` edges and the given special roles."""
    if degree == 0:
        return (canonical_key(len(roles), (), roles, directed),)
    found: dict[tuple[object, ...], None] = {}
    seen: set[tuple[object, ...]] = set()
    for key in _level(degree - 1, roles, directed):
        m, vroles, edges = key
        assert isinstance(m, int) and isinstance(vroles, tuple) and isinstance(edges, tuple)
        for u, w in _new_edges(m, directed):
            new_m = max(m, u + 1, w + 1)
            new_edges = tuple(sorted((*edges, (u, w))))
            new_roles = vroles + (_ORDINARY,) * (new_m - m)
            raw = (new_m, new_roles, new_edges)
            if raw in seen:
                continue
            seen.add(raw)
            found[canonical_key(new_m, new_edges, new_roles, directed)] = None
    return tuple(sorted(found, key=_sort_key))


def _sort_key(key: tuple[object, ...]) -> tuple[object, ...]:
    m, roles, edges = key
    return (m, roles, edges)


def enumerate_multigraphs(degree: int, output: str, *, directed: bool) -> tuple[Multigraph, ...]:
    """All isomorphism classes with ``degree`` edges for an output kind (no validation)."""
    diag_options = (False, True) if output == "edge" else (False,)
    graphs = []
    for diagonal in diag_options:
        roles = _start_roles(output, diagonal)
        graphs += [_from_key(k, directed) for k in _level(degree, roles, directed)]
    return tuple(graphs)
