from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from itertools import combinations
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from symalg.egraph import ConstantFolding, EGraph, Term, parse_term
from symalg.errors import InvalidArgumentError, InvalidTypeError
from tests.egraph.egraph_helpers import terms

ROOT = Path(__file__).resolve().parents[2]


def _subterms(t: Term) -> list[Term]:
    out, stack = {}, [t]
    while stack:
        s = stack.pop()
        out[s] = None
        stack.extend(s.args)
    return list(out)


def _naive_closure(all_terms: list[Term], unions: list[tuple[Term, Term]]) -> dict[Term, int]:
    """Congruence closure by brute force: merge until no two congruent terms differ."""
    rep = {t: i for i, t in enumerate(all_terms)}

    def merge(a: Term, b: Term) -> bool:
        ra, rb = rep[a], rep[b]
        if ra == rb:
            return False
        for t in rep:
            if rep[t] == rb:
                rep[t] = ra
        return True

    for a, b in unions:
        merge(a, b)
    changed = True
    while changed:
        changed = False
        for a, b in combinations(all_terms, 2):
            if (
                a.op == b.op
                and len(a.args) == len(b.args)
                and a.args
                and rep[a] != rep[b]
                and all(rep[x] == rep[y] for x, y in zip(a.args, b.args, strict=True))
            ):
                changed |= merge(a, b)
    return rep


@given(
    st.lists(terms(ops=("+", "*", "neg"), max_leaves=5), min_size=2, max_size=5),
    st.lists(st.tuples(st.integers(0, 50), st.integers(0, 50)), max_size=6),
)
def test_rebuild_matches_naive_congruence_closure(
    roots: list[Term], pairs: list[tuple[int, int]]
) -> None:
    eg = EGraph()
    for t in roots:
        eg.add_term(t)
    all_terms = list(dict.fromkeys(s for t in roots for s in _subterms(t)))
    unions = [(all_terms[i % len(all_terms)], all_terms[j % len(all_terms)]) for i, j in pairs]
    for a, b in unions:
        eg.union(eg.lookup_term(a), eg.lookup_term(b))
        eg.rebuild()
        eg.check_invariants()
    rep = _naive_closure(all_terms, unions)
    for a, b in combinations(all_terms, 2):
        assert eg.equiv(a, b) == (rep[a] == rep[b]), (a, b)
    assert eg.n_classes == len(set(rep.values()))


def test_union_is_deferred_until_rebuild() -> None:
    eg = EGraph()
    fa, fb = eg.add_term(parse_term("(f a)")), eg.add_term(parse_term("(f b)"))
    eg.union(eg.add_term(parse_term("a")), eg.add_term(parse_term("b")))
    assert not eg.is_clean and eg.find(fa) != eg.find(fb)
    with pytest.raises(AssertionError, match="rebuild"):
        eg.check_invariants()
    assert eg.rebuild() == 1
    assert eg.find(fa) == eg.find(fb)
    eg.check_invariants()


def test_hashcons_shares_and_add_term_is_idempotent() -> None:
    eg = EGraph()
    t = parse_term("(+ (* x y) (* x y))")
    a = eg.add_term(t)
    assert eg.add_term(t) == a
    assert (eg.n_nodes, eg.n_classes) == (4, 4)
    assert eg.nodes(a) == [("+", (eg.lookup_term(parse_term("(* x y)")),) * 2)]


def test_lookup_does_not_add() -> None:
    eg = EGraph()
    eg.add_term(parse_term("(+ x y)"))
    assert eg.lookup_term(parse_term("(+ y x)")) is None
    assert eg.n_nodes == 3
    assert not eg.equiv(parse_term("(+ y x)"), parse_term("(+ x y)"))


def test_union_root_is_the_class_with_more_parents() -> None:
    eg = EGraph()
    eg.add_term(parse_term("(f (g x) (h x))"))
    x, y = eg.lookup_term(parse_term("x")), eg.add_term(parse_term("y"))
    eg.union(y, x)
    assert eg.find(y) == x


def test_ids_are_validated() -> None:
    eg = EGraph()
    eg.add_term(parse_term("x"))
    with pytest.raises(InvalidArgumentError, match="class id 5 does not exist"):
        eg.data(5)
    with pytest.raises(InvalidTypeError, match="must be an int"):
        eg.nodes("x")  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError, match="expected a Term"):
        eg.add_term("(+ x 1)")  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError, match="make, merge and modify"):
        EGraph(analysis=object())  # type: ignore[arg-type]


def test_add_term_handles_large_terms_linearly() -> None:
    t = Term("x0")
    for i in range(1, 3000):
        t = Term("+", (t, Term(f"x{i}")))
    eg = EGraph()
    eg.add_term(t)
    assert eg.n_nodes == 2 * 3000 - 1


def test_pruned_classes_pass_invariants() -> None:
    eg = EGraph(analysis=ConstantFolding(prune=True))
    c = eg.add_term(parse_term("(* (+ 1 2) x)"))
    eg.union(eg.add_term(parse_term("y")), eg.lookup_term(parse_term("3")))
    eg.rebuild()
    eg.check_invariants()
    assert eg.nodes(eg.lookup_term(parse_term("y"))) == [(3, ()), ("y", ())]
    assert eg.data(c) is None


_DETERMINISM = textwrap.dedent(
    """
    from symalg.egraph import EGraph, Runner, extract, parse_term
    from symalg.egraph.rules import select_rules
    eg = EGraph()
    roots = [eg.add_term(parse_term(s)) for s in
             ["(* (+ alpha beta) (+ gamma delta))", "(- (* alpha gamma) (* beta delta))"]]
    rep = Runner(eg, select_rules(fast_math=True), iter_limit=6, node_limit=4000).run()
    print(rep.stop_reason, eg.n_nodes, eg.n_classes, [it.n_nodes for it in rep.iterations])
    print([str(extract(eg, r)[0]) for r in roots], eg.classes()[-5:])
    """
)


def test_sizes_and_extraction_are_identical_across_hash_seeds() -> None:
    outs = set()
    for seed in ("0", "1", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        proc = subprocess.run(
            [sys.executable, "-c", _DETERMINISM],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        outs.add(proc.stdout)
    assert len(outs) == 1, outs
