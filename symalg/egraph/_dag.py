"""DAG-cost extraction (shared subterms counted once): greedy and exact (ILP)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np

from symalg._validation import check_option
from symalg.egraph._cost import CostModel, op_count
from symalg.egraph._extract import (
    _check_clean,
    _vector_tree_choice,
    build_term,
    reachable,
    tree_costs,
)
from symalg.egraph._term import Term
from symalg.errors import InvalidArgumentError, InvalidTypeError

if TYPE_CHECKING:
    from symalg.egraph._egraph import EGraph

__all__ = ["DagExtraction", "extract_dag"]

Node = tuple[int, ...]


@dataclass(frozen=True)
class DagExtraction:
    """Terms chosen for several roots with shared subterms counted once.

    Attributes
    ----------
    terms : list of Term
        One per root; equal subterms are the same Python object.
    cost : float
        DAG cost: each selected e-node counted once.
    method : {"greedy", "ilp"}
        The method that produced the selection (``"greedy"`` also when the ILP fell back).
    optimal : bool
        True if the ILP proved the selection optimal.
    """

    terms: list[Term]
    cost: float
    method: str
    optimal: bool

    def bindings(self) -> tuple[list[tuple[str, Term]], list[Term]]:
        """Return let-bindings for code generation: ``(bindings, outputs)``.

        Every non-leaf subterm used more than once (across all outputs) is bound once, in
        dependency order, to a name ``_e0, _e1, ...``; later bindings and the outputs refer
        to it by that symbol.

        Examples
        --------
        >>> from symalg.egraph import parse_term
        >>> t = parse_term("(* (+ x y) (+ x y))")
        >>> b, out = DagExtraction([t], 2.0, "greedy", False).bindings()
        >>> [(n, str(v)) for n, v in b], [str(o) for o in out]
        ([('_e0', '(+ x y)')], ['(* _e0 _e0)'])
        """
        counts: dict[Term, int] = {}
        stack = list(self.terms)
        while stack:
            t = stack.pop()
            if t.args:
                counts[t] = counts.get(t, 0) + 1
                if counts[t] == 1:
                    stack.extend(t.args)
        names: dict[Term, Term] = {}
        bindings: list[tuple[str, Term]] = []

        def rewrite(t: Term) -> Term:
            if t in names:
                return names[t]
            if not t.args:
                return t
            new = Term(t.op, tuple(rewrite(a) for a in t.args))
            if counts.get(t, 0) > 1:
                name = f"_e{len(bindings)}"
                bindings.append((name, new))
                names[t] = Term(name)
                return names[t]
            return new

        outputs = [rewrite(t) for t in self.terms]
        return bindings, outputs


def extract_dag(
    egraph: EGraph,
    roots: Sequence[int],
    cost: CostModel | None = None,
    *,
    method: Literal["greedy", "ilp"] = "greedy",
    time_limit: float = 10.0,
) -> DagExtraction:
    """Choose one node per needed e-class minimising the DAG cost of all ``roots`` together.

    Parameters
    ----------
    egraph : EGraph
        A rebuilt e-graph.
    roots : sequence of int
        E-class ids (e.g. the outputs of one kernel).
    cost : CostModel, optional
        Node costs; default :func:`op_count`.
    method : {"greedy", "ilp"}, default "greedy"
        ``"greedy"``: bottom-up, each class keeps the set of classes its choice needs and
        their summed cost (extraction-gym's greedy-DAG), iterated to a fixpoint.
        ``"ilp"``: exact 0-1 program solved by ``scipy.optimize.milp`` (HiGHS) under
        ``time_limit``, started from nothing; on timeout without an incumbent it falls back
        to greedy.
    time_limit : float, default 10.0
        Seconds for the ILP solver.

    Returns
    -------
    DagExtraction

    Notes
    -----
    The greedy result is never worse than tree extraction's terms counted as a DAG, since
    it starts from the tree choice. The ILP forbids cycles with level variables.

    Examples
    --------
    >>> from symalg.egraph import EGraph, parse_term
    >>> eg = EGraph()
    >>> r = [eg.add_term(parse_term("(* (+ a b) c)")), eg.add_term(parse_term("(+ (+ a b) c)"))]
    >>> extract_dag(eg, r).cost, extract_dag(eg, r, method="ilp").cost
    (3.0, 3.0)
    """
    _check_clean(egraph, "extract_dag")
    check_option("method", method, ("greedy", "ilp"), where="extract_dag")
    if cost is None:
        cost = op_count()
    if not isinstance(cost, CostModel):
        raise InvalidTypeError(
            f"extract_dag: cost must be a CostModel (node costs are needed), got "
            f"{type(cost).__name__}."
        )
    roots = [egraph.find(egraph._check_id(r, "extract_dag")) for r in roots]
    if not roots:
        raise InvalidArgumentError("extract_dag: roots is empty; pass at least one e-class id.")
    classes = reachable(egraph, roots)
    best, order = tree_costs(egraph, classes, cost)
    missing = [r for r in roots if r not in best]
    if missing:
        raise InvalidArgumentError(f"extract_dag: e-classes {missing} have no finite term.")
    tree = {c: n for c, (_, n) in best.items()}
    choice = _best_of(
        egraph,
        cost,
        roots,
        [_greedy(egraph, cost, order, tree), *_trees(egraph, cost, roots, tree)],
    )
    result_method, optimal = "greedy", False
    if method == "ilp":
        ilp = _ilp(egraph, cost, roots, order, time_limit)
        if ilp is not None and _dag_cost(egraph, cost, ilp[0], roots) <= _dag_cost(
            egraph, cost, choice, roots
        ):
            choice, optimal, result_method = ilp[0], ilp[1], "ilp"
    done: dict[int, Term] = {}
    terms = []
    for r in roots:
        terms.append(build_term(egraph, choice, r, done))
    return DagExtraction(terms, _dag_cost(egraph, cost, choice, roots), result_method, optimal)


def _trees(
    egraph: EGraph, cost: CostModel, roots: list[int], tree: dict[int, Node]
) -> list[dict[int, Node]]:
    """The tree choices: ``tree_costs``' and :func:`extract`'s (their ties can differ)."""
    out = [tree]
    found = _vector_tree_choice(egraph, cost)
    if found is not None and all(found[1][r] < np.inf for r in roots):
        vec = {c: found[0][c] for c in _selected(found[0], roots)}
        if not _has_cycle(vec, list(vec)):
            out.append(vec)
    return out


def _best_of(
    egraph: EGraph, cost: CostModel, roots: list[int], choices: list[dict[int, Node]]
) -> dict[int, Node]:
    """The cheapest choice for all roots together (first of equals).

    Greedy improves each class's own closure; with several roots the union can still get
    worse than a tree choice (a choice that helps one root may stop sharing with another),
    so the result is never worse than any tree choice counted as a DAG.
    """
    return min(choices, key=lambda ch: _dag_cost(egraph, cost, ch, roots))


def _selected(choice: dict[int, Node], roots: Sequence[int]) -> list[int]:
    seen: dict[int, None] = {}
    stack = list(roots)
    while stack:
        c = stack.pop()
        if c not in seen:
            seen[c] = None
            stack.extend(choice[c][1:])
    return list(seen)


def _dag_cost(
    egraph: EGraph, cost: CostModel, choice: dict[int, Node], roots: Sequence[int]
) -> float:
    heads = egraph._heads
    return float(
        sum(
            cost.node_cost(heads[choice[c][0]], len(choice[c]) - 1)
            for c in _selected(choice, roots)
        )
    )


def _greedy(
    egraph: EGraph, cost: CostModel, order: list[int], start: dict[int, Node]
) -> dict[int, Node]:
    heads, cls_nodes = egraph._heads, egraph._cls_nodes
    sets: dict[int, dict[int, float]] = {}
    choice = dict(start)
    for c in order:  # start from the tree choice, as a DAG
        n = choice[c]
        s: dict[int, float] = {}
        for k in n[1:]:
            s.update(sets[k])
        s[c] = cost.node_cost(heads[n[0]], len(n) - 1)
        sets[c] = s
    for _ in range(len(order) + 1):
        changed = False
        for c in order:
            current = sum(sets[c].values())
            for n in cls_nodes[c]:
                if n == choice[c] or any(k not in sets for k in n[1:]):
                    continue
                s = {}
                for k in n[1:]:
                    s.update(sets[k])
                if c in s:
                    continue  # would make a cycle
                s[c] = cost.node_cost(heads[n[0]], len(n) - 1)
                total = sum(s.values())
                if total < current - 1e-12 * max(1.0, abs(current)):
                    choice[c], sets[c], current, changed = n, s, total, True
        if not changed:
            break
    if _has_cycle(choice, order):
        return dict(start)
    return choice


def _has_cycle(choice: dict[int, Node], order: list[int]) -> bool:
    state: dict[int, int] = {}
    for root in order:
        if root in state:
            continue
        stack = [(root, 0)]
        while stack:
            c, i = stack.pop()
            kids = choice[c][1:]
            if i == 0:
                state[c] = 1
            if i < len(kids):
                stack.append((c, i + 1))
                k = kids[i]
                if state.get(k) == 1:
                    return True
                if k not in state:
                    stack.append((k, 0))
            else:
                state[c] = 2
    return False


def _ilp_problem(
    egraph: EGraph, cost: CostModel, roots: list[int], classes: list[int]
) -> tuple[list, dict[int, list[int]], dict]:
    """Variables x (nodes) | y (classes) | t (levels); constraints as a sparse matrix."""
    from scipy.optimize import Bounds, LinearConstraint
    from scipy.sparse import coo_matrix

    cls_nodes = egraph._cls_nodes
    cidx = {c: i for i, c in enumerate(classes)}
    nodes = [(c, n) for c in classes for n in cls_nodes[c] if all(k in cidx for k in n[1:])]
    nn, nc = len(nodes), len(classes)
    nvar, big = nn + 2 * nc, nc + 1
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    lo: list[float] = []
    hi: list[float] = []

    def row(entries: list[tuple[int, float]], low: float, high: float) -> None:
        for j, v in entries:
            rows.append(len(lo))
            cols.append(j)
            vals.append(v)
        lo.append(low)
        hi.append(high)

    members: dict[int, list[int]] = {c: [] for c in classes}
    ub, lb = np.ones(nvar), np.zeros(nvar)
    ub[nn + nc :] = nc
    for i, (c, n) in enumerate(nodes):
        members[c].append(i)
        for k in dict.fromkeys(n[1:]):
            if k == c:
                ub[i] = 0  # a node that is its own child can never be chosen
                continue
            row([(i, 1.0), (nn + cidx[k], -1.0)], -np.inf, 0.0)  # x_n <= y_child
            # level(c) >= level(child) + 1 when n is chosen: no cycles
            row(
                [(nn + nc + cidx[c], 1.0), (nn + nc + cidx[k], -1.0), (i, -big)], 1.0 - big, np.inf
            )
    for c in classes:
        row([(i, 1.0) for i in members[c]] + [(nn + cidx[c], -1.0)], 0.0, np.inf)
    for r in roots:
        lb[nn + cidx[r]] = 1.0
    obj = np.zeros(nvar)
    obj[:nn] = [cost.node_cost(egraph._heads[n[0]], len(n) - 1) for _, n in nodes]
    integrality = np.ones(nvar)
    integrality[nn + nc :] = 0
    a = coo_matrix((vals, (rows, cols)), shape=(len(lo), nvar)).tocsr()
    problem = {
        "c": obj,
        "constraints": LinearConstraint(a, lo, hi),
        "integrality": integrality,
        "bounds": Bounds(lb, ub),
    }
    return nodes, members, problem


def _ilp(
    egraph: EGraph, cost: CostModel, roots: list[int], classes: list[int], time_limit: float
) -> tuple[dict[int, Node], bool] | None:
    """Exact DAG extraction as a 0-1 program (HiGHS through ``scipy.optimize.milp``)."""
    from scipy.optimize import milp

    heads = egraph._heads
    nodes, members, problem = _ilp_problem(egraph, cost, roots, classes)
    res = milp(**problem, options={"time_limit": float(time_limit)})
    if res.x is None:
        return None
    choice: dict[int, Node] = {}
    for c in classes:
        picked = [nodes[i][1] for i in members[c] if res.x[i] > 0.5]
        if picked:
            choice[c] = min(picked, key=lambda n: (cost.node_cost(heads[n[0]], len(n) - 1), n))
    try:
        _selected(choice, roots)
    except KeyError:
        return None
    return choice, res.status == 0
