from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from symalg.egraph import EGraph, Pattern, Rewrite, Runner, Term, parse_term
from tests.egraph.egraph_helpers import terms

PATTERNS = [
    "(+ ?a ?b)",
    "(* ?a ?a)",
    "(+ ?a (* ?a ?b))",
    "(+ (* ?a ?b) (* ?a ?c))",
    "(* ?a 1)",
    "(+ x ?a)",
    "(neg (neg ?a))",
    "(- ?a ?a)",
    "?a",
    "(* (+ ?a ?b) (+ ?b ?a))",
    "x",
    "(+ x 1)",
    "(* 2 (+ ?a ?b))",
]


def _naive(eg: EGraph, p: Term, c: int, subst: dict[str, int]) -> list[dict[str, int]]:
    """Enumerate matches of p in class c by direct recursion over the class's nodes."""
    if not p.args and isinstance(p.op, str) and p.op.startswith("?"):
        if p.op in subst:
            return [subst] if subst[p.op] == c else []
        return [{**subst, p.op: c}]
    out = []
    for op, children in eg.nodes(c):
        if len(children) != len(p.args) or not (op == p.op and type(op) is type(p.op)):
            continue
        partial = [subst]
        for sub, child in zip(p.args, children, strict=True):
            partial = [s2 for s in partial for s2 in _naive(eg, sub, child, s)]
        out += partial
    return out


def _egraph(roots: list[Term], steps: int) -> EGraph:
    eg = EGraph()
    for t in roots:
        eg.add_term(t)
    rules = [
        Rewrite("comm-add", "(+ ?a ?b)", "(+ ?b ?a)"),
        Rewrite("assoc-mul", "(* ?a (* ?b ?c))", "(* (* ?a ?b) ?c)"),
        Rewrite("dist", "(* ?a (+ ?b ?c))", "(+ (* ?a ?b) (* ?a ?c))"),
    ]
    Runner(eg, rules, iter_limit=steps, node_limit=3000, scheduler="simple").run()
    return eg


@given(
    st.lists(terms(ops=("+", "*", "-", "neg"), max_leaves=6), min_size=1, max_size=3),
    st.integers(1, 3),
    st.sampled_from(PATTERNS),
)
def test_compiled_matcher_equals_naive_matcher(
    roots: list[Term], steps: int, pattern: str
) -> None:
    eg = _egraph(roots, steps)
    p = Pattern(pattern)
    got = p.search(eg)
    assert len(got) == len(set(got)), "duplicate matches"
    expect = set()
    for c in eg.classes():
        for s in _naive(eg, p.term, c, {}):
            expect.add((c, *(s[v] for v in p.vars)))
    assert set(got) == expect


def test_bare_variable_matches_every_class() -> None:
    eg = _egraph([parse_term("(+ x (* y 2))")], 1)
    assert [m[0] for m in Pattern("?a").search(eg)] == eg.classes()


def test_ground_pattern_absent_matches_nothing() -> None:
    eg = _egraph([parse_term("(+ x 1)")], 1)
    assert Pattern("(+ q ?a)").search(eg) == []
    assert Pattern("(+ x 2)").search(eg) == []
    assert [m[0] for m in Pattern("(+ x 1)").search(eg)] == [eg.lookup_term(parse_term("(+ x 1)"))]


def test_search_limit_stops_early() -> None:
    eg = _egraph([parse_term("(+ a (+ b (+ c d)))")], 2)
    everything = Pattern("(+ ?a ?b)").search(eg)
    assert len(everything) > 5
    assert len(Pattern("(+ ?a ?b)").search(eg, limit=3)) == 4


@pytest.mark.parametrize("text", ["(+ ?a ?b)", "?x", "(f ?x (g ?y ?x) 1/2 0.5)"])
def test_vars_in_first_appearance_order(text: str) -> None:
    p = Pattern(text)
    names = [s for s in text.replace("(", " ").replace(")", " ").split() if s.startswith("?")]
    assert p.vars == tuple(dict.fromkeys(names))
