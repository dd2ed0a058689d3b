"""Extraction: cheapest tree term, cheapest DAG (greedy or exact ILP), k best terms."""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np

from symalg.egraph._cost import CostModel, op_count
from symalg.egraph._term import Op, Term
from symalg.errors import InvalidArgumentError, InvalidTypeError

if TYPE_CHECKING:
    from symalg.egraph._egraph import EGraph

__all__ = ["extract", "extract_k_best", "CostFunction"]

#: A tree cost: ``cost(op, child_costs) -> float``, monotone and at least each child cost.
CostFunction = Callable[[Op, Sequence[float]], float]


def _check_clean(egraph: EGraph, where: str) -> None:
    if not egraph.is_clean:
        raise InvalidArgumentError(
            f"{where}: the e-graph has pending unions; call rebuild() first."
        )


def _cost_fn(cost: CostModel | CostFunction | None, where: str) -> CostFunction:
    if cost is None:
        return op_count()
    if not callable(cost):
        raise InvalidTypeError(
            f"{where}: cost must be a CostModel or a callable (op, child_costs) -> float, got "
            f"{type(cost).__name__}."
        )
    return cost


def reachable(egraph: EGraph, roots: Sequence[int]) -> list[int]:
    """Canonical classes reachable from ``roots``, in depth-first discovery order."""
    find, cls_nodes = egraph.find, egraph._cls_nodes
    seen: dict[int, None] = {}
    stack = [find(egraph._check_id(r, "extract")) for r in reversed(roots)]
    while stack:
        c = stack.pop()
        if c in seen:
            continue
        seen[c] = None
        for n in reversed(cls_nodes[c]):
            stack.extend(ch for ch in reversed(n[1:]) if ch not in seen)
    return list(seen)


def tree_costs(
    egraph: EGraph, classes: Sequence[int], cost: CostFunction
) -> tuple[dict[int, tuple[float, tuple[int, ...]]], list[int]]:
    """Knuth's generalisation of Dijkstra: optimal tree cost per class in one pass.

    Returns ``best[class] = (cost, node)`` and the classes in the order they were settled
    (children before parents). Valid for costs that are monotone and at least as large as
    every child's cost, which holds for every additive model with non-negative op costs.
    """
    heads, cls_nodes = egraph._heads, egraph._cls_nodes
    members = set(classes)
    nodes: list[tuple[int, tuple[int, ...]]] = []
    users: dict[int, list[int]] = {c: [] for c in classes}
    remaining: list[int] = []
    heap: list[tuple[float, int]] = []
    for c in classes:
        for n in cls_nodes[c]:
            i = len(nodes)
            nodes.append((c, n))
            kids = set(n[1:])
            if not kids <= members:
                remaining.append(-1)
                continue
            remaining.append(len(kids))
            for k in sorted(kids):
                users[k].append(i)
            if not kids:
                heap.append((float(cost(heads[n[0]], ())), i))
    heapq.heapify(heap)
    best: dict[int, tuple[float, tuple[int, ...]]] = {}
    order: list[int] = []
    while heap:
        value, i = heapq.heappop(heap)
        c, n = nodes[i]
        if c in best:
            continue
        best[c] = (value, n)
        order.append(c)
        for j in users[c]:
            remaining[j] -= 1
            if remaining[j] == 0 and nodes[j][0] not in best:
                m = nodes[j][1]
                child_costs = [best[k][0] for k in m[1:]]
                heapq.heappush(heap, (float(cost(heads[m[0]], child_costs)), j))
    return best, order


def build_term(
    egraph: EGraph,
    choice: dict[int, tuple[int, ...]],
    root: int,
    done: dict[int, Term] | None = None,
) -> Term:
    """Build the term selected by ``choice[class] = node`` (iteratively, sharing subterms)."""
    heads = egraph._heads
    done = {} if done is None else done
    active: set[int] = set()
    stack: list[tuple[int, bool]] = [(root, False)]
    while stack:
        c, expanded = stack.pop()
        if c in done:
            continue
        n = choice[c]
        if expanded:
            active.discard(c)
            done[c] = Term(heads[n[0]], tuple(done[k] for k in n[1:]))
            continue
        if c in active:
            raise InvalidArgumentError("extract: the selected nodes form a cycle.")
        active.add(c)
        stack.append((c, True))
        for k in n[1:]:
            if k in active:
                raise InvalidArgumentError("extract: the selected nodes form a cycle.")
            if k not in done:
                stack.append((k, False))
    return done[root]


def extract(
    egraph: EGraph, root: int, cost: CostModel | CostFunction | None = None
) -> tuple[Term, float]:
    """Return the cheapest term of an e-class under a tree cost, and its cost.

    Parameters
    ----------
    egraph : EGraph
        A rebuilt e-graph.
    root : int
        E-class id.
    cost : CostModel or callable, optional
        A :class:`CostModel` or ``cost(op, child_costs) -> float``; default
        :func:`op_count`. Tree cost counts a shared subterm once per occurrence.

    Returns
    -------
    term : Term
    cost : float

    Raises
    ------
    InvalidArgumentError
        If the e-graph needs :meth:`EGraph.rebuild`, or the class has no finite term.

    Notes
    -----
    The result is optimal for any cost that is monotone in the children and at least each
    child's cost (every :class:`CostModel` with non-negative costs). Ties are broken by node
    order, so results are deterministic.

    Examples
    --------
    >>> from symalg.egraph import EGraph, Rewrite, Runner, parse_term
    >>> eg = EGraph()
    >>> root = eg.add_term(parse_term("(+ (* x 1) (* x 1))"))
    >>> _ = Runner(eg, [Rewrite("mul-1", "(* ?a 1)", "?a")]).run()
    >>> extract(eg, root)
    (Term('(+ x x)'), 1.0)
    """
    _check_clean(egraph, "extract")
    fn = _cost_fn(cost, "extract")
    root = egraph.find(egraph._check_id(root, "extract"))
    if isinstance(fn, CostModel):
        found = _vector_tree_choice(egraph, fn)
        if found is not None and found[1][root] < np.inf:
            try:
                return build_term(egraph, found[0], root), float(found[1][root])
            except InvalidArgumentError:  # a zero-cost cycle tied: use the exact route
                pass
    classes = reachable(egraph, [root])
    best, _ = tree_costs(egraph, classes, fn)
    if root not in best:
        raise InvalidArgumentError(f"extract: e-class {root} has no finite term (only cycles).")
    return build_term(egraph, {c: n for c, (_, n) in best.items()}, root), best[root][0]


class _LazyChoice(dict):
    """``class -> chosen node``, materialised on first access per class."""

    def __init__(self, flat: list, best_index: np.ndarray) -> None:
        super().__init__()
        self.flat, self.best_index = flat, best_index

    def __missing__(self, c: int) -> tuple[int, ...]:
        n = self.flat[self.best_index[c]]
        self[c] = n
        return n


def _vector_tree_choice(egraph: EGraph, cost: CostModel) -> tuple[dict, np.ndarray] | None:
    """Tree-cost fixpoint over every class at once in a numba kernel (additive costs).

    ``class_cost = min over nodes (node cost + sum of child class costs)``, iterated until
    nothing changes. Returns ``(choice, class_cost)``; ``class_cost`` is indexed by class id.
    """
    from symalg.egraph._extract_kernel import tree_fixpoint

    cls_nodes = egraph._cls_nodes
    roots = [c for c in egraph.classes() if cls_nodes[c]]
    flat = [n for c in roots for n in cls_nodes[c]]
    if not flat:
        return None
    sentinel = len(egraph._uf)
    starts = np.zeros(len(roots) + 1, dtype=np.int64)
    np.cumsum(
        np.fromiter(map(len, map(cls_nodes.__getitem__, roots)), np.int64, len(roots)),
        out=starts[1:],
    )
    table = _node_table(flat, sentinel)
    head_cost = np.array([cost.node_cost(op, a) for op, a in _head_arities(egraph)], dtype=float)
    cc = np.full(sentinel + 1, np.inf)
    cc[sentinel] = 0.0
    choice = np.full(len(roots), -1, dtype=np.int64)
    kids = (
        np.ascontiguousarray(table[:, 1:])
        if table.shape[1] > 1
        else np.full((len(flat), 1), sentinel, dtype=np.int64)
    )
    tree_fixpoint(
        head_cost[table[:, 0]], kids, starts, np.asarray(roots, dtype=np.int64), cc, choice
    )
    best_index = np.zeros(sentinel, dtype=np.int64)
    best_index[np.asarray(roots, dtype=np.int64)] = choice
    return _LazyChoice(flat, best_index), cc


def _node_table(flat: list[tuple[int, ...]], sentinel: int) -> np.ndarray:
    """Nodes as rows ``(head, child, ...)`` padded with ``sentinel`` (cost 0 children)."""
    lens = np.fromiter(map(len, flat), dtype=np.int64, count=len(flat))
    table = np.full((len(flat), int(lens.max())), sentinel, dtype=np.int64)
    for length in np.unique(lens).tolist():
        idx = np.flatnonzero(lens == length)
        rows = itertools.chain.from_iterable(map(flat.__getitem__, idx.tolist()))
        table[idx, :length] = np.fromiter(rows, np.int64, len(idx) * length).reshape(-1, length)
    return table


def _head_arities(egraph: EGraph) -> list[tuple[object, int]]:
    arity = {h: a for (_, a), h in egraph._head_ids.items()}
    return [(op, arity[h]) for h, op in enumerate(egraph._heads)]


def extract_k_best(
    egraph: EGraph, root: int, k: int, cost: CostModel | CostFunction | None = None
) -> list[tuple[Term, float]]:
    """Return up to ``k`` distinct terms of an e-class, cheapest first (tree cost).

    Fewer than ``k`` are returned only when the class represents fewer distinct terms
    within the search (classes on cycles represent infinitely many; costs then grow and
    the ``k`` cheapest are found).

    Examples
    --------
    >>> from symalg.egraph import EGraph, Rewrite, Runner, parse_term
    >>> eg = EGraph()
    >>> root = eg.add_term(parse_term("(+ a b)"))
    >>> _ = Runner(eg, [Rewrite("comm", "(+ ?a ?b)", "(+ ?b ?a)")]).run()
    >>> [str(t) for t, _ in extract_k_best(eg, root, 5)]
    ['(+ a b)', '(+ b a)']
    """
    _check_clean(egraph, "extract_k_best")
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise InvalidArgumentError(f"extract_k_best: k={k!r} must be an integer >= 1.")
    fn = _cost_fn(cost, "extract_k_best")
    classes = reachable(egraph, [root])
    _, order = tree_costs(egraph, classes, fn)
    heads, cls_nodes = egraph._heads, egraph._cls_nodes
    best: dict[int, list[tuple[float, int, str, Term]]] = {c: [] for c in classes}
    for _ in range(4 * len(classes) + 2 * k):
        changed = False
        for c in order:
            cands = {e[3]: e for e in best[c]}
            for n in cls_nodes[c]:
                for combo in _combos([best[ch] for ch in n[1:]], k):
                    t = Term(heads[n[0]], tuple(e[3] for e in combo))
                    if t not in cands:
                        cands[t] = (
                            float(fn(heads[n[0]], [e[0] for e in combo])),
                            t.size,
                            str(t),
                            t,
                        )
            new = sorted(cands.values(), key=lambda e: e[:3])[:k]
            if [e[3] for e in new] != [e[3] for e in best[c]]:
                best[c], changed = new, True
        if not changed:
            break
    return [(e[3], e[0]) for e in best[egraph.find(root)]]


def _combos(lists: list[list[tuple[float, int, str, Term]]], k: int) -> list[tuple]:
    """Up to ``k`` cheapest combinations, one entry per list (cost = sum of entry costs)."""
    if any(not lst for lst in lists):
        return []
    if not lists:
        return [()]
    start = (0,) * len(lists)
    heap = [(sum(lst[0][0] for lst in lists), start)]
    seen = {start}
    out = []
    while heap and len(out) < k:
        _, idx = heapq.heappop(heap)
        out.append(tuple(lst[i] for lst, i in zip(lists, idx, strict=True)))
        for j in range(len(lists)):
            nxt = idx[:j] + (idx[j] + 1,) + idx[j + 1 :]
            if nxt[j] < len(lists[j]) and nxt not in seen:
                seen.add(nxt)
                heapq.heappush(
                    heap, (sum(lst[i][0] for lst, i in zip(lists, nxt, strict=True)), nxt)
                )
    return out
