"""``EGraph.check_invariants``: the structural invariants, checked from scratch."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from symalg.egraph._egraph import EGraph

__all__ = ["check_invariants"]


def _fail(message: str) -> None:
    raise AssertionError(f"EGraph invariant violated: {message}")


def check_invariants(eg: EGraph) -> None:
    """Raise ``AssertionError`` naming the first broken invariant of a rebuilt e-graph."""
    if not eg.is_clean:
        _fail("repair work is pending; call rebuild() before check_invariants().")
    roots = eg.classes()
    if len(roots) != eg.n_classes:
        _fail(f"n_classes={eg.n_classes} but the union-find has {len(roots)} roots.")
    _check_hashcons(eg)
    _check_class_lists(eg, roots)
    _check_parents(eg)
    _check_op_index(eg, roots)
    _check_analysis(eg, roots)


def _check_hashcons(eg: EGraph) -> None:
    find = eg.find
    alive = sum(k is not None for k in eg._node_key)
    if alive != len(eg._memo):
        _fail(f"{alive} live nodes but {len(eg._memo)} hashcons entries (congruence broken).")
    for key, nid in eg._memo.items():
        if eg._node_key[nid] != key:
            _fail(f"hashcons entry {key} points to node {nid} whose key is {eg._node_key[nid]}.")
        if any(find(c) != c for c in key[1:]):
            _fail(f"hashcons key {key} has non-canonical children.")


def _check_class_lists(eg: EGraph, roots: list[int]) -> None:
    find = eg.find
    seen = set()
    for c in roots:
        nodes = eg._cls_nodes[c]
        if nodes != sorted(set(nodes)):
            _fail(f"class {c}: node list is not sorted and unique: {nodes}.")
        for n in nodes:
            nid = eg._memo.get(n)
            if nid is None:
                _fail(f"class {c}: node {n} is not in the hashcons (non-canonical?).")
            if find(nid) != c:
                _fail(f"class {c}: node {n} belongs to class {find(nid)}.")
            seen.add(n)
    for key, nid in eg._memo.items():
        owner = find(nid)
        if key not in seen and not (owner in eg._pruned and len(key) > 1):
            _fail(f"node {key} of class {owner} is missing from its class list.")


def _check_parents(eg: EGraph) -> None:
    find = eg.find
    for key, nid in eg._memo.items():
        for child in key[1:]:
            if nid not in eg._cls_parents[find(child)]:
                _fail(f"node {key} is missing from the parent list of its child {child}.")


def _check_op_index(eg: EGraph, roots: list[int]) -> None:
    index = eg._op_index()
    expect: dict[int, list[int]] = {}
    for c in roots:
        for h in sorted({n[0] for n in eg._cls_nodes[c]}):
            expect.setdefault(h, []).append(c)
    if {h: v for h, v in index.items()} != expect:
        _fail("the op -> classes index does not match the class node lists.")


def _check_analysis(eg: EGraph, roots: list[int]) -> None:
    analysis = eg.analysis
    if analysis is None:
        return
    for c in roots:
        made = [analysis.make(eg, eg._heads[n[0]], n[1:]) for n in eg._cls_nodes[c]]
        if not made:
            _fail(f"class {c} has no nodes.")
        joined = made[0]
        for m in made[1:]:
            joined, _, _ = analysis.merge(joined, m)
        _, changed, _ = analysis.merge(eg._data[c], joined)
        if changed:
            _fail(f"class {c}: data {eg._data[c]!r} is not the join of make over its nodes.")
