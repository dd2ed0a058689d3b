from __future__ import annotations

from fractions import Fraction

import pytest

from symalg.egraph import (
    ConstantFolding,
    EGraph,
    Rewrite,
    RewriteError,
    Runner,
    birewrite,
    distinct,
    is_const,
    is_not_zero,
    is_sym,
    parse_term,
)
from symalg.errors import InvalidArgumentError, InvalidTypeError


def test_rhs_variable_not_bound_is_rejected_with_rule_and_variable() -> None:
    with pytest.raises(InvalidArgumentError, match=r"Rewrite 'oops': .* uses \?c"):
        Rewrite("oops", "(+ ?a ?b)", "(+ ?a ?c)")
    with pytest.raises(InvalidArgumentError, match=r"'oops-rev': .* uses \?b"):
        birewrite("oops", "(* ?a ?b)", "?a")


def test_bad_rewrite_arguments() -> None:
    with pytest.raises(InvalidArgumentError, match="validity='maybe' is not supported"):
        Rewrite("r", "?a", "?a", validity="maybe")  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError, match="condition must be callable"):
        Rewrite("r", "?a", "?a", condition=[1])  # type: ignore[list-item]
    with pytest.raises(InvalidArgumentError, match="unclosed"):
        Rewrite("r", "(+ ?a", "?a")


def test_condition_that_raises_names_the_rule() -> None:
    def boom(eg, subst):
        raise ZeroDivisionError("bad")

    eg = EGraph()
    eg.add_term(parse_term("(/ x x)"))
    rule = Rewrite("div-cancel", "(/ ?a ?a)", "1", condition=boom)
    with pytest.raises(
        RewriteError, match=r"rule 'div-cancel': the condition raised ZeroDivisionError"
    ):
        Runner(eg, [rule]).run()


def test_applier_that_raises_names_the_rule() -> None:
    eg = EGraph()
    eg.add_term(parse_term("(f x)"))
    rule = Rewrite("custom", "(f ?a)", lambda eg, c, s: 1 / 0)
    with pytest.raises(RewriteError, match=r"rule 'custom': the applier raised ZeroDivisionError"):
        Runner(eg, [rule]).run()


def test_conditions_see_subst_by_variable_name() -> None:
    seen = []

    def cond(eg, subst):
        seen.append(sorted(subst))
        return True

    eg = EGraph()
    eg.add_term(parse_term("(+ x (* y z))"))
    Runner(eg, [Rewrite("r", "(+ ?a (* ?b ?c))", "(+ ?a ?b)", condition=cond)], iter_limit=1).run()
    assert seen == [["?a", "?b", "?c"]]


def test_div_cancel_needs_a_known_nonzero() -> None:
    eg = EGraph(analysis=ConstantFolding())
    a = eg.add_term(parse_term("(/ x x)"))
    b = eg.add_term(parse_term("(/ (+ 1 2) 3)"))
    rules = [Rewrite("div-cancel", "(/ ?a ?a)", "1", condition=is_not_zero("?a"))]
    Runner(eg, rules).run()
    assert not eg.equiv(a, parse_term("1"))
    assert eg.equiv(b, parse_term("1"))


@pytest.mark.parametrize(
    ("cond", "term", "expect"),
    [
        (is_const("?a"), "(f 2)", True),
        (is_const("?a"), "(f x)", False),
        (is_sym("?a"), "(f x)", True),
        (is_sym("?a"), "(f 2)", False),
        (is_not_zero("?a"), "(f 0)", False),
        (is_not_zero("?a"), "(f 1/2)", True),
    ],
)
def test_builtin_conditions(cond, term: str, expect: bool) -> None:
    eg = EGraph()
    root = eg.add_term(parse_term(term))
    fired = []
    Runner(eg, [Rewrite("r", "(f ?a)", "(g ?a)", condition=cond)], iter_limit=1).run()
    fired.append(eg.equiv(root, parse_term(term.replace("f", "g"))))
    assert fired == [expect]


def test_distinct_condition() -> None:
    eg = EGraph()
    eg.add_term(parse_term("(f x x)"))
    eg.add_term(parse_term("(f x y)"))
    Runner(eg, [Rewrite("r", "(f ?a ?b)", "(g ?a)", condition=distinct("?a", "?b"))]).run()
    assert eg.equiv(parse_term("(f x y)"), parse_term("(g x)"))
    assert not eg.equiv(parse_term("(f x x)"), parse_term("(g x)"))
    with pytest.raises(InvalidArgumentError, match="not a pattern variable"):
        distinct("a")


def test_custom_applier_builds_rhs() -> None:
    def fold_pow(eg, cid, subst):
        (n,) = [op for op, ch in eg.nodes(subst["?n"]) if not ch]
        acc = subst["?x"]
        for _ in range(int(n) - 1):
            acc = eg.add("*", (acc, subst["?x"]))
        return acc

    eg = EGraph()
    root = eg.add_term(parse_term("(pow x 3)"))
    Runner(eg, [Rewrite("pow-unroll", "(pow ?x ?n)", fold_pow, condition=is_const("?n"))]).run()
    assert eg.equiv(root, parse_term("(* (* x x) x)"))


def test_custom_applier_returning_none_edits_egraph() -> None:
    def mark(eg, cid, subst):
        eg.union(cid, eg.add("marked", ()))

    eg = EGraph()
    root = eg.add_term(parse_term("(f x)"))
    rep = Runner(eg, [Rewrite("mark", "(f ?a)", mark)]).run()
    assert eg.equiv(root, parse_term("marked"))
    assert rep.iterations[0].applied == {"mark": 1}
    assert rep.stop_reason == "saturated"


def test_apply_counts_only_changes() -> None:
    eg = EGraph()
    eg.add_term(parse_term("(+ x y)"))
    rule = Rewrite("comm", "(+ ?a ?b)", "(+ ?b ?a)")
    assert rule.apply(eg, rule.search(eg)) == 1
    eg.rebuild()
    assert rule.apply(eg, rule.search(eg)) == 0


def test_constant_rhs_is_exact() -> None:
    eg = EGraph(analysis=ConstantFolding())
    root = eg.add_term(parse_term("(* y 0)"))
    Runner(eg, [Rewrite("mul-0", "(* ?a 0)", "0")]).run()
    assert eg.data(root) == Fraction(0) and isinstance(eg.data(root), Fraction)
