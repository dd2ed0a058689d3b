"""``MixedGraph``: the directed and bidirected edges of a linear SEM, validated."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import networkx as nx
import sympy

from symalg.errors import GraphError, InvalidTypeError

__all__ = ["MixedGraph", "Vertex"]

Vertex = int | str
_LABEL = re.compile(r"[A-Za-z][A-Za-z0-9]*|[0-9]+")
_TOKEN = re.compile(r"\s*(<->|->|<-|,|[A-Za-z0-9]+|\S)")


def _check_label(v: Any, *, where: str) -> Vertex:
    if isinstance(v, bool) or not isinstance(v, (int, str)):
        raise InvalidTypeError(
            f"{where}: vertex {v!r} has type {type(v).__name__}; use an int or a str."
        )
    if isinstance(v, int):
        if v < 0:
            raise GraphError(f"{where}: vertex {v} is negative; use labels >= 0.")
        return v
    if not _LABEL.fullmatch(v):
        raise GraphError(
            f"{where}: vertex label {v!r} is not alphanumeric; symbol names such as "
            "l_i_j need labels made of letters and digits (no '_')."
        )
    return int(v) if v.isdigit() else v


def _sort_key(v: Vertex) -> tuple[int, int | str]:
    return (0, v) if isinstance(v, int) else (1, v)


@dataclass(frozen=True)
class MixedGraph:
    """A mixed graph G = (V, D, B): directed edges D (cycles allowed) and bidirected B.

    Build it with :meth:`from_edges`, :meth:`parse` or :meth:`from_networkx`; the
    constructor validates and canonicalises. Vertices are the labels given (non-negative
    integers or alphanumeric strings); their order (``vertices``) defines "i < j" in the
    symbol names ``w_i_j`` and ``s_i_j``.

    Attributes
    ----------
    vertices : tuple of Vertex
        The vertices in canonical order.
    directed : tuple of (Vertex, Vertex)
        The edges i -> j, sorted by vertex order.
    bidirected : tuple of (Vertex, Vertex)
        The edges i <-> j stored with i before j, sorted.

    Notes
    -----
    "Cyclic" refers to the directed part only: bidirected edges never make a graph cyclic.
    A graph is *simple* when each pair of vertices is joined by at most one edge, i.e. no
    directed 2-cycle i -> j -> i and no bow (i -> j together with i <-> j). The parameters are
    ordered: first ``l_i_j`` for the directed edges (in ``directed`` order), then ``w_i_i``
    for every vertex, then ``w_i_j`` for the bidirected edges (in ``bidirected`` order).

    Examples
    --------
    >>> from symalg.sem import MixedGraph
    >>> G = MixedGraph.parse("1->2, 2->3, 3->1, 1<->3")
    >>> G.parameters
    (l_1_2, l_2_3, l_3_1, w_1_1, w_2_2, w_3_3, w_1_3)
    >>> G.is_acyclic, G.is_simple  # 3 -> 1 with 1 <-> 3 is a bow
    (False, False)
    >>> MixedGraph.from_edges(directed=[(1, 1)])
    Traceback (most recent call last):
    ...
    symalg.errors.GraphError: MixedGraph: self-loop 1 -> 1; a linear SEM has no self-loops ...
    """

    vertices: tuple[Vertex, ...]
    directed: tuple[tuple[Vertex, Vertex], ...]
    bidirected: tuple[tuple[Vertex, Vertex], ...]

    def __post_init__(self) -> None:
        where = "MixedGraph"
        verts = tuple(_check_label(v, where=where) for v in self.vertices)
        if len(set(verts)) != len(verts):
            dup = sorted({v for v in verts if verts.count(v) > 1}, key=_sort_key)
            raise GraphError(f"{where}: vertices {dup} are listed twice; list each once.")
        pos = {v: k for k, v in enumerate(verts)}
        directed = self._check_edges(self.directed, pos, "->", where)
        bidirected = self._check_edges(self.bidirected, pos, "<->", where)
        bidirected = [(a, b) if pos[a] < pos[b] else (b, a) for a, b in bidirected]
        for kind, edges in (("->", directed), ("<->", bidirected)):
            seen: set[tuple[Vertex, Vertex]] = set()
            for e in edges:
                if e in seen:
                    raise GraphError(
                        f"{where}: duplicate edge {e[0]} {kind} {e[1]}; list each edge once."
                    )
                seen.add(e)
        key = lambda e: (pos[e[0]], pos[e[1]])  # noqa: E731
        object.__setattr__(self, "vertices", verts)
        object.__setattr__(self, "directed", tuple(sorted(directed, key=key)))
        object.__setattr__(self, "bidirected", tuple(sorted(bidirected, key=key)))

    @staticmethod
    def _check_edges(
        edges: Iterable[Any], pos: dict[Vertex, int], kind: str, where: str
    ) -> list[tuple[Vertex, Vertex]]:
        out = []
        for e in edges:
            if not isinstance(e, (tuple, list)) or len(e) != 2:
                raise InvalidTypeError(f"{where}: edge {e!r} must be a pair (i, j).")
            a, b = (_check_label(v, where=where) for v in e)
            for v in (a, b):
                if v not in pos:
                    raise GraphError(
                        f"{where}: edge {a} {kind} {b} uses unknown vertex {v!r}; "
                        f"add it to vertices {list(pos)}."
                    )
            if a == b:
                raise GraphError(
                    f"{where}: self-loop {a} {kind} {b}; a linear SEM has no self-loops "
                    "(the error variance w_i_i plays that role)."
                )
            out.append((a, b))
        return out

    # ----------------------------------------------------------------- constructors
    @classmethod
    def from_edges(
        cls,
        directed: Iterable[tuple[Vertex, Vertex]] = (),
        bidirected: Iterable[tuple[Vertex, Vertex]] = (),
        *,
        vertices: Sequence[Vertex] | None = None,
    ) -> MixedGraph:
        """Build a graph from edge lists.

        Parameters
        ----------
        directed : iterable of (Vertex, Vertex)
            Edges i -> j.
        bidirected : iterable of (Vertex, Vertex)
            Edges i <-> j (either orientation; each pair once).
        vertices : sequence of Vertex, optional
            The vertex set in order. Default: the edge endpoints, sorted (integers first).

        Returns
        -------
        MixedGraph

        Raises
        ------
        GraphError
            Self-loop, duplicate edge, or an edge to a vertex not in ``vertices``.
        InvalidTypeError
            A vertex is not an int or str, or an edge is not a pair.

        Examples
        --------
        >>> from symalg.sem import MixedGraph
        >>> MixedGraph.from_edges([(1, 2)], [(3, 1)]).bidirected
        ((1, 3),)
        >>> MixedGraph.from_edges([(1, 5)], vertices=[1, 2])
        Traceback (most recent call last):
        ...
        symalg.errors.GraphError: MixedGraph: edge 1 -> 5 uses unknown vertex 5; ...
        """
        directed, bidirected = list(directed), list(bidirected)
        if vertices is None:
            labels = {
                _check_label(v, where="MixedGraph.from_edges")
                for e in directed + bidirected
                if isinstance(e, (tuple, list))
                for v in e
            }
            vertices = sorted(labels, key=_sort_key)
        return cls(tuple(vertices), tuple(map(tuple, directed)), tuple(map(tuple, bidirected)))

    @classmethod
    def parse(cls, text: str) -> MixedGraph:
        """Parse ``"1->2, 2->3, 3->1, 1<->3"``; a lone label adds an isolated vertex.

        ``a<-b`` means ``b->a``. Vertices are sorted as in :meth:`from_edges`.

        Raises
        ------
        GraphError
            A malformed string; the message gives the character position.
        InvalidTypeError
            ``text`` is not a str.

        Examples
        --------
        >>> from symalg.sem import MixedGraph
        >>> MixedGraph.parse("a->b, c").vertices
        ('a', 'b', 'c')
        >>> MixedGraph.parse("1->2, 2-3")
        Traceback (most recent call last):
        ...
        symalg.errors.GraphError: MixedGraph.parse: unexpected '-' at position 7 ...
        """
        if not isinstance(text, str):
            raise InvalidTypeError(f"MixedGraph.parse: expected a str, got {type(text).__name__}.")
        tokens = _tokenize(text)
        directed: list[tuple[Vertex, Vertex]] = []
        bidirected: list[tuple[Vertex, Vertex]] = []
        labels: list[Vertex] = []
        for item in _split_items(tokens, text):
            if len(item) == 1:
                labels.append(_label_of(item[0]))
                continue
            (a, _), (op, _), (b, _) = item
            u, v = _label_of(item[0]), _label_of(item[2])
            labels += [u, v]
            if op == "->":
                directed.append((u, v))
            elif op == "<-":
                directed.append((v, u))
            else:
                bidirected.append((u, v))
        vertices = sorted(set(labels), key=_sort_key)
        return cls.from_edges(directed, bidirected, vertices=vertices)

    @classmethod
    def from_networkx(cls, graph: nx.DiGraph | nx.MultiDiGraph) -> MixedGraph:
        """Build from a networkx digraph; an edge attribute ``kind="bidirected"`` marks i <-> j.

        Edges without ``kind`` (or with ``kind="directed"``) are directed. Node order is kept.

        Examples
        --------
        >>> import networkx as nx
        >>> from symalg.sem import MixedGraph
        >>> G = MixedGraph.parse("1->2, 1<->2")
        >>> MixedGraph.from_networkx(G.to_networkx()) == G
        True
        """
        if not isinstance(graph, nx.DiGraph):
            raise InvalidTypeError(
                f"MixedGraph.from_networkx: expected a networkx DiGraph or MultiDiGraph, "
                f"got {type(graph).__name__}."
            )
        directed, bidirected = [], []
        for a, b, data in graph.edges(data=True):
            kind = data.get("kind", "directed")
            if kind not in ("directed", "bidirected"):
                raise GraphError(
                    f"MixedGraph.from_networkx: edge ({a!r}, {b!r}) has kind={kind!r}; "
                    "use 'directed' or 'bidirected'."
                )
            (directed if kind == "directed" else bidirected).append((a, b))
        return cls.from_edges(directed, bidirected, vertices=list(graph.nodes))

    def to_networkx(self) -> nx.MultiDiGraph:
        """A ``MultiDiGraph`` whose edges carry ``kind="directed"`` or ``kind="bidirected"``."""
        g = nx.MultiDiGraph()
        g.add_nodes_from(self.vertices)
        g.add_edges_from(self.directed, kind="directed")
        g.add_edges_from(self.bidirected, kind="bidirected")
        return g

    # ----------------------------------------------------------------- predicates
    @property
    def n_vertices(self) -> int:
        """Number of vertices."""
        return len(self.vertices)

    @cached_property
    def index(self) -> dict[Vertex, int]:
        """Vertex -> position in ``vertices``."""
        return {v: k for k, v in enumerate(self.vertices)}

    @cached_property
    def is_acyclic(self) -> bool:
        """True when the directed part D has no directed cycle (bidirected edges ignored)."""
        g = nx.DiGraph()
        g.add_nodes_from(self.vertices)
        g.add_edges_from(self.directed)
        return nx.is_directed_acyclic_graph(g)

    @cached_property
    def is_simple(self) -> bool:
        """True when no pair of vertices is joined by two edges (no 2-cycle, no bow)."""
        pairs = [frozenset(e) for e in self.directed] + [frozenset(e) for e in self.bidirected]
        return len(pairs) == len(set(pairs))

    # ----------------------------------------------------------------- parameters
    @cached_property
    def parameters(self) -> tuple[sympy.Symbol, ...]:
        """``l_i_j`` (directed edges), then ``w_i_i`` (vertices), then ``w_i_j`` (bidirected)."""
        lam = [sympy.Symbol(f"l_{a}_{b}") for a, b in self.directed]
        diag = [sympy.Symbol(f"w_{v}_{v}") for v in self.vertices]
        bid = [sympy.Symbol(f"w_{a}_{b}") for a, b in self.bidirected]
        return tuple(lam + diag + bid)

    @property
    def n_parameters(self) -> int:
        """|V| + |D| + |B|."""
        return len(self.parameters)

    @cached_property
    def covariance_symbols(self) -> tuple[sympy.Symbol, ...]:
        """``s_i_j`` for i <= j in vertex order, row by row."""
        v = self.vertices
        n = len(v)
        return tuple(sympy.Symbol(f"s_{v[a]}_{v[b]}") for a in range(n) for b in range(a, n))

    def lambda_matrix(self) -> sympy.Matrix:
        """Lambda with ``Lambda[i, j] = l_i_j`` on the directed edges (vertex order)."""
        n, ix = self.n_vertices, self.index
        L = sympy.zeros(n, n)
        for (a, b), sym in zip(self.directed, self.parameters, strict=False):
            L[ix[a], ix[b]] = sym
        return L

    def omega_matrix(self) -> sympy.Matrix:
        """Omega: ``w_i_i`` on the diagonal, ``w_i_j`` at both (i, j) and (j, i) for i <-> j."""
        n, ix = self.n_vertices, self.index
        W = sympy.zeros(n, n)
        for v in self.vertices:
            W[ix[v], ix[v]] = sympy.Symbol(f"w_{v}_{v}")
        for a, b in self.bidirected:
            W[ix[a], ix[b]] = W[ix[b], ix[a]] = sympy.Symbol(f"w_{a}_{b}")
        return W

    def covariance_symbol_matrix(self) -> sympy.Matrix:
        """The symmetric matrix S of the symbols ``s_i_j`` (entry (j, i) is ``s_i_j``)."""
        n = self.n_vertices
        S = sympy.zeros(n, n)
        it = iter(self.covariance_symbols)
        for a in range(n):
            for b in range(a, n):
                S[a, b] = S[b, a] = next(it)
        return S

    def __str__(self) -> str:
        parts = [f"{a}->{b}" for a, b in self.directed]
        parts += [f"{a}<->{b}" for a, b in self.bidirected]
        used = {v for e in self.directed + self.bidirected for v in e}
        parts += [str(v) for v in self.vertices if v not in used]
        return ", ".join(parts)


def _tokenize(text: str) -> list[tuple[str, int]]:
    tokens, pos = [], 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:  # only trailing whitespace is left
            break
        tok = m.group(1)
        start = m.start(1)
        if not (tok in ("->", "<-", "<->", ",") or _LABEL.fullmatch(tok)):
            raise GraphError(
                f"MixedGraph.parse: unexpected {tok!r} at position {start} in {text!r}; "
                "write edges as 'a->b', 'a<-b' or 'a<->b', separated by commas."
            )
        tokens.append((tok, start))
        pos = m.end()
    return tokens


def _split_items(tokens: list[tuple[str, int]], text: str) -> list[list[tuple[str, int]]]:
    items: list[list[tuple[str, int]]] = [[]]
    for tok in tokens:
        if tok[0] == ",":
            items.append([])
        else:
            items[-1].append(tok)
    ops = ("->", "<-", "<->")
    for k, item in enumerate(items):
        where = _bad_position(item, ops)
        if where is not None or not item:
            where = _comma_pos(tokens, k, text) if where is None else where
            raise GraphError(
                f"MixedGraph.parse: malformed item at position {where} in {text!r}; "
                "expected 'a->b', 'a<-b', 'a<->b' or a lone vertex between commas."
            )
    return items


def _bad_position(item: list[tuple[str, int]], ops: tuple[str, ...]) -> int | None:
    """Position of the first token breaking 'label [op label]'; None if the item is fine."""
    for k, (tok, pos) in enumerate(item):
        if k >= 3 or (tok in ops) != (k == 1):
            return pos
    if len(item) == 2:
        return item[1][1] + len(item[1][0])
    return None


def _comma_pos(tokens: list[tuple[str, int]], k: int, text: str) -> int:
    commas = [p for t, p in tokens if t == ","]
    return commas[k - 1] + 1 if 0 < k <= len(commas) else (commas[0] if commas else len(text))


def _label_of(tok: tuple[str, int]) -> Vertex:
    return int(tok[0]) if tok[0].isdigit() else tok[0]
