"""Planned contraction of graph polynomials, with intermediates shared across a basis.

A plan eliminates the non-special vertices of a multigraph one at a time (minimum-degree
order). Every intermediate is named by a hash-consed structural key (``"X"``, a Hadamard
product, a weighted matrix product, ...), so evaluating a whole basis computes each
distinct intermediate once: the 877 edge-level polynomials of degree 3 need 220 distinct
intermediates, 36 of them matrix products. Vertices with at most two neighbours become
batched matrix products (BLAS); the rare wider steps fall back to ``numpy.einsum`` on the
few factors involved. The final broadcast product of each basis element is written straight
into its output slot by a numba kernel (``cache=True``).
"""

from __future__ import annotations

import string
from dataclasses import dataclass

import numba
import numpy as np

from symalg.equivariant._sn_multigraph import Multigraph

__all__ = ["Plan", "make_plan", "run_plans"]

Key = object  # nested tuples of str


def _t(key: Key) -> Key:
    """Key of the transpose of a matrix factor."""
    if isinstance(key, tuple) and key[0] == "T":
        return key[1]
    return ("T", key)


@dataclass(frozen=True)
class Plan:
    """How to evaluate one graph polynomial from shared intermediates (data only).

    ``scalars`` multiply everything; ``row`` / ``col`` are vector keys on the output row
    (a) and column (b); ``matrix`` is a matrix key over (a, b); ``diagonal`` marks a = b.
    """

    output: str
    scalars: tuple[Key, ...]
    row: tuple[Key, ...]
    col: tuple[Key, ...]
    matrix: tuple[Key, ...]
    diagonal: bool


def _factor_nodes(factors: list[tuple[tuple[int, ...], Key]], v: int) -> set[int]:
    return {u for nodes, _ in factors if v in nodes for u in nodes} - {v}


def _oriented(nodes: tuple[int, ...], key: Key, first: int) -> Key:
    """Key of a matrix factor oriented so that ``first`` is its row index."""
    return key if nodes[0] == first else _t(key)


def _eliminate(factors: list[tuple[tuple[int, ...], Key]], v: int) -> list:
    """Sum out vertex ``v``: returns the new factor list."""
    touching = [f for f in factors if v in f[0]]
    rest = [f for f in factors if v not in f[0]]
    nbrs = sorted(_factor_nodes(factors, v))
    vec = tuple(sorted((k for nodes, k in touching if nodes == (v,)), key=repr))
    w: Key = ("vmul", vec) if vec else "1"
    mats = {}
    for x in nbrs:
        ks = [_oriented(nodes, k, x) for nodes, k in touching if len(nodes) == 2 and x in nodes]
        mats[x] = ("had", tuple(sorted(ks, key=repr)))
    wide = any(len(nodes) > 2 for nodes, _ in touching)
    if not nbrs:
        return [*rest, ((), ("sum", w))]
    if len(nbrs) == 1 and not wide:
        (x,) = nbrs
        return [*rest, ((x,), ("mv", mats[x], w))]
    if len(nbrs) == 2 and not wide:
        x, y = nbrs
        return [*rest, ((x, y), ("mm", mats[x], w, _t(mats[y])))]
    letters = {u: string.ascii_letters[i] for i, u in enumerate([v, *nbrs])}
    subs = ",".join("".join(letters[u] for u in nodes) for nodes, _ in touching)
    spec = f"{subs}->{''.join(letters[u] for u in nbrs)}"
    return [*rest, (tuple(nbrs), ("einsum", spec, tuple(k for _, k in touching)))]


def _order(m: int, special: set[int], factors: list) -> list[int]:
    """Minimum-degree elimination order of the non-special vertices."""
    remaining = [v for v in range(m) if v not in special]
    order = []
    while remaining:
        v = min(remaining, key=lambda u: (len(_factor_nodes(factors, u)), u))
        factors = _eliminate(factors, v)
        remaining.remove(v)
        order.append(v)
    return order


def make_plan(graph: Multigraph, output: str) -> Plan:
    """Eliminate the non-special vertices of ``graph`` and describe the output assembly."""
    factors: list[tuple[tuple[int, ...], Key]] = [
        ((u,), "dX") if u == w else ((u, w), "X") for u, w in graph.edges
    ]
    special = set(graph.special)
    for v in _order(graph.n_nodes, special, list(factors)):
        factors = _eliminate(factors, v)
    scalars = tuple(sorted((k for nodes, k in factors if not nodes), key=repr))
    a = graph.special[0] if graph.special else -1
    b = graph.special[1] if len(graph.special) == 2 else -1
    row = tuple(sorted((k for nodes, k in factors if nodes == (a,)), key=repr))
    col = tuple(sorted((k for nodes, k in factors if nodes == (b,) and b != a), key=repr))
    matrix = tuple(
        sorted((_oriented(nodes, k, a) for nodes, k in factors if len(nodes) == 2), key=repr)
    )
    return Plan(output, scalars, row, col, matrix, diagonal=a == b and a >= 0)


class _Memo:
    """Intermediates of one evaluation, keyed by structure; batch flattened to axis 0."""

    def __init__(self, x: np.ndarray) -> None:
        self.x = x
        self.n = x.shape[-1]
        self.cache: dict[Key, np.ndarray] = {}

    def get(self, key: Key) -> np.ndarray:
        """Array of ``key``: scalars (B,), vectors (B, n), matrices (B, n, n)."""
        hit = self.cache.get(key)
        if hit is None:
            hit = self._compute(key)
            self.cache[key] = hit
        return hit

    def _product(self, keys: tuple[Key, ...]) -> np.ndarray:
        out = self.get(keys[0])
        for k in keys[1:]:
            out = out * self.get(k)
        return out

    def _compute(self, key: Key) -> np.ndarray:
        x = self.x
        if key == "X":
            return x
        if key == "dX":
            return np.ascontiguousarray(np.diagonal(x, axis1=-2, axis2=-1))
        if key == "1":
            return np.ones(x.shape[:-1], dtype=x.dtype)
        assert isinstance(key, tuple)
        op = key[0]
        if op == "T":
            return self.get(key[1]).swapaxes(-1, -2)
        if op in ("vmul", "had"):
            return self._product(key[1])
        if op == "sum":
            return self.get(key[1]).sum(axis=-1)
        if op == "mv":
            return np.matmul(self.get(key[1]), self.get(key[2])[..., None])[..., 0]
        if op == "mm":
            left = self.get(key[1])
            if key[2] != "1":
                left = left * self.get(key[2])[..., None, :]
            return np.matmul(left, self.get(key[3]))
        assert op == "einsum"
        return np.einsum(
            "..." + key[1].replace(",", ",...").replace("->", "->..."),
            *(self.get(k) for k in key[2]),
            optimize=True,
        )


@numba.njit(cache=True)
def _assemble_edge(scal, row, col, mat, use_mat, out):  # pragma: no cover - numba
    """out[b, i, j] = scal[b] * row[b, i] * col[b, j] * (mat[b, i, j] if use_mat else 1)."""
    nb, n = row.shape
    for b in range(nb):
        s = scal[b]
        for i in range(n):
            r = s * row[b, i]
            if use_mat:
                for j in range(n):
                    out[b, i, j] = r * col[b, j] * mat[b, i, j]
            else:
                for j in range(n):
                    out[b, i, j] = r * col[b, j]


@numba.njit(cache=True)
def _assemble_diagonal(scal, row, out):  # pragma: no cover - numba
    """out[b] = scal[b] * diag(row[b])."""
    nb, n = row.shape
    for b in range(nb):
        for i in range(n):
            for j in range(n):
                out[b, i, j] = 0.0
            out[b, i, i] = scal[b] * row[b, i]


def _assemble(plan: Plan, memo: _Memo, out: np.ndarray) -> None:
    """Write one polynomial's values for the flattened batch into ``out``."""
    nb = memo.x.shape[0]
    one_s = np.ones(nb, dtype=memo.x.dtype)
    scal = memo._product(plan.scalars) if plan.scalars else one_s
    if plan.output == "invariant":
        out[...] = scal
        return
    row = memo._product(plan.row) if plan.row else memo.get("1")
    if plan.output == "node":
        np.multiply(scal[:, None], row, out=out)
        return
    if plan.diagonal:
        _assemble_diagonal(scal, row, out)
        return
    col = memo._product(plan.col) if plan.col else memo.get("1")
    mat = memo._product(plan.matrix) if plan.matrix else memo.x
    _assemble_edge(scal, row, col, mat, bool(plan.matrix), out)


def run_plans(plans: tuple[Plan, ...], x: np.ndarray, out: np.ndarray) -> np.ndarray:
    """Evaluate ``plans`` on ``x`` of shape (B, n, n) into ``out`` of shape (B, K, ...)."""
    memo = _Memo(x)
    for k, plan in enumerate(plans):
        _assemble(plan, memo, out[:, k])
    return out
