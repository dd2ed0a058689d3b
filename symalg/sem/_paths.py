"""Directed paths, cycles and subset determinants of I - Lambda, over sympy's sparse rings.

Vertices are positions 0..n-1 here; vertex sets are bitmasks. Every polynomial is a
``PolyElement`` of the ring of the graph's parameters (fast sparse arithmetic), converted
to ``sympy.Expr`` only at the public boundary.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property

from sympy.polys.domains import ZZ
from sympy.polys.rings import PolyElement, PolyRing

from symalg.sem._graph import MixedGraph

__all__ = ["GraphPolys"]


class GraphPolys:
    """Polynomial machinery of one graph: its ring, edge weights, paths, subset determinants.

    Notes
    -----
    ``subset_det(mask)`` is det(I - Lambda) restricted to the vertices in ``mask``, computed by
    expanding along the lowest vertex v: det[S] = det[S - v] - sum over simple cycles C
    through v inside S of lambda^C det[S - C] (the cycle-family formula, grouped by the
    cycle that contains v). Memoised by bitmask: at most 2**n subsets.
    """

    def __init__(self, graph: MixedGraph) -> None:
        self.graph = graph
        self.n = graph.n_vertices
        self.ring = PolyRing(graph.parameters, ZZ)
        gens = self.ring.gens
        ix = graph.index
        self.succ: list[list[int]] = [[] for _ in range(self.n)]
        self.lam: dict[tuple[int, int], PolyElement] = {}
        for k, (a, b) in enumerate(graph.directed):
            i, j = ix[a], ix[b]
            self.succ[i].append(j)
            self.lam[i, j] = gens[k]
        nd = len(graph.directed)
        self.omega: dict[tuple[int, int], PolyElement] = {}
        for k in range(self.n):
            self.omega[k, k] = gens[nd + k]
        for k, (a, b) in enumerate(graph.bidirected):
            i, j = ix[a], ix[b]
            self.omega[i, j] = self.omega[j, i] = gens[nd + self.n + k]
        self._det: dict[int, PolyElement] = {0: self.ring.one}

    @cached_property
    def full_mask(self) -> int:
        """Bitmask of all vertices."""
        return (1 << self.n) - 1

    def simple_paths(self, src: int, dst: int, mask: int | None = None) -> Iterator[list[int]]:
        """Simple directed paths src -> ... -> dst using only vertices in ``mask``."""
        mask = self.full_mask if mask is None else mask
        if not (mask >> src) & 1 or not (mask >> dst) & 1:
            return
        if src == dst:
            yield [src]
            return
        stack = [(src, [src], 1 << src)]
        while stack:
            v, path, used = stack.pop()
            for w in self.succ[v]:
                if w == dst:
                    yield [*path, w]
                elif (mask >> w) & 1 and not (used >> w) & 1:
                    stack.append((w, [*path, w], used | (1 << w)))

    def cycles_through(self, v: int, mask: int) -> Iterator[list[int]]:
        """Simple directed cycles through ``v`` inside ``mask``, as vertex lists starting at v."""
        for w in self.succ[v]:
            if (mask >> w) & 1:
                for path in self.simple_paths(w, v, mask):
                    yield [v, *path[:-1]]

    def weight(self, walk: list[int], *, closed: bool = False) -> PolyElement:
        """Product of the edge weights along ``walk`` (closing it when ``closed``)."""
        w = self.ring.one
        for a, b in zip(walk, walk[1:], strict=False):
            w *= self.lam[a, b]
        if closed and len(walk) > 1:
            w *= self.lam[walk[-1], walk[0]]
        return w

    def subset_det(self, mask: int) -> PolyElement:
        """det(I - Lambda)[S] for the vertex set ``mask``."""
        cached = self._det.get(mask)
        if cached is not None:
            return cached
        v = (mask & -mask).bit_length() - 1
        rest = mask & ~(1 << v)
        total = self.subset_det(rest)
        for cyc in self.cycles_through(v, mask):
            cmask = 0
            for u in cyc:
                cmask |= 1 << u
            total -= self.weight(cyc, closed=True) * self.subset_det(mask & ~cmask)
        self._det[mask] = total
        return total

    @cached_property
    def det(self) -> PolyElement:
        """det(I - Lambda)."""
        return self.subset_det(self.full_mask)

    def numerator(self, adj: list[list[PolyElement]]) -> list[list[PolyElement]]:
        """N = adj^T Omega adj, i.e. N_ij = sum_{k,l} w_kl adj_ki adj_lj (symmetric)."""
        n = self.n
        N = [[self.ring.zero] * n for _ in range(n)]
        for i in range(n):
            # row i of Omega adj^.. : u_l = sum_k w_kl adj_ki
            u = [self.ring.zero] * n
            for (k, ll), w in self.omega.items():
                if adj[k][i]:
                    u[ll] += w * adj[k][i]
            for j in range(i, n):
                acc = self.ring.zero
                for ll in range(n):
                    if u[ll] and adj[ll][j]:
                        acc += u[ll] * adj[ll][j]
                N[i][j] = N[j][i] = acc
        return N
