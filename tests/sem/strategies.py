"""Hypothesis strategies for mixed graphs, with cycles, 2-cycles and bows mixed in on purpose."""

from __future__ import annotations

import itertools

from hypothesis import strategies as st

from symalg.sem import MixedGraph


@st.composite
def _graphs(draw, min_vertices: int, max_vertices: int, simple: bool, cyclic: bool | None):
    n = draw(st.integers(min_vertices, max_vertices))
    verts = list(range(1, n + 1))
    pairs = list(itertools.combinations(verts, 2))
    directed: list[tuple[int, int]] = []
    bidirected: list[tuple[int, int]] = []
    if cyclic and n >= 2:
        # a directed cycle through a drawn subset of the vertices
        k = draw(st.integers(2 if not simple else min(3, n), n))
        if k >= 2 and (k >= 3 or not simple):
            cyc = draw(st.permutations(verts))[:k]
            directed += [(cyc[t], cyc[(t + 1) % k]) for t in range(k)]
    for a, b in pairs:
        if frozenset((a, b)) in {frozenset(e) for e in directed}:
            if not simple and draw(st.booleans()):
                # extra edge on a used pair: a 2-cycle or a bow
                if draw(st.booleans()) and (b, a) not in directed and (a, b) not in directed:
                    directed.append((b, a))
                else:
                    bidirected.append((a, b))
            continue
        kind = draw(st.sampled_from(["none", "none", "fwd", "back", "bi", "both"]))
        if cyclic is False and kind in ("back", "both"):
            kind = "fwd"  # edges i -> j with i < j only: acyclic by construction
        if simple and kind == "both":
            kind = "bi"
        if kind in ("fwd", "both"):
            directed.append((a, b))
        if kind == "back":
            directed.append((b, a))
        if kind == "bi" or (kind == "both" and not simple):
            bidirected.append((a, b))
    if not simple and draw(st.booleans()) and pairs:
        a, b = draw(st.sampled_from(pairs))
        if (a, b) in directed and (b, a) not in directed and cyclic is not False:
            directed.append((b, a))  # a 2-cycle
        elif (a, b) not in bidirected:
            bidirected.append((a, b))
    return MixedGraph.from_edges(directed, bidirected, vertices=verts)


def mixed_graphs(
    min_vertices: int = 1,
    max_vertices: int = 5,
    *,
    simple: bool = False,
    cyclic: bool | None = None,
) -> st.SearchStrategy[MixedGraph]:
    """Mixed graphs on vertices 1..n.

    ``cyclic=True`` plants a directed cycle, ``False`` only draws edges i -> j with i < j,
    ``None`` mixes both. ``simple=True`` never joins a pair twice (no 2-cycles, no bows);
    otherwise 2-cycles and bows are mixed in on purpose.
    """
    if cyclic is None:
        return st.one_of(
            _graphs(min_vertices, max_vertices, simple, True),
            _graphs(min_vertices, max_vertices, simple, False),
            _graphs(min_vertices, max_vertices, simple, None),
        )
    return _graphs(min_vertices, max_vertices, simple, cyclic)
