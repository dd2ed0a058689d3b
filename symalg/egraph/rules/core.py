"""Arithmetic core: commutativity, associativity, distributivity, identities.

Validity tags: ``sound`` rules are exact in IEEE float64 (including signed zeros, Inf and
NaN); ``fast_math`` rules are exact in the reals only.
"""

from __future__ import annotations

from symalg.egraph._rewrite import Rewrite, birewrite, is_not_zero

__all__ = ["RULES"]

_FM = {"validity": "fast_math"}

#: The arithmetic core rule set.
RULES: list[Rewrite] = [
    Rewrite("comm-add", "(+ ?a ?b)", "(+ ?b ?a)"),
    Rewrite("comm-mul", "(* ?a ?b)", "(* ?b ?a)"),
    Rewrite("mul-1", "(* ?a 1)", "?a"),
    Rewrite("div-1", "(/ ?a 1)", "?a"),
    Rewrite("sub-0", "(- ?a 0)", "?a", note="x - 0 == x also for x = -0.0"),
    Rewrite("neg-neg", "(neg (neg ?a))", "?a"),
    Rewrite("mul-neg1", "(* -1 ?a)", "(neg ?a)"),
    *birewrite("sub-add-neg", "(- ?a ?b)", "(+ ?a (neg ?b))"),
    *birewrite("neg-mul", "(* (neg ?a) ?b)", "(neg (* ?a ?b))"),
    *birewrite("neg-div", "(/ (neg ?a) ?b)", "(neg (/ ?a ?b))"),
    Rewrite("div-neg", "(/ ?a (neg ?b))", "(neg (/ ?a ?b))"),
    *birewrite("add-self", "(+ ?a ?a)", "(* 2 ?a)", note="x + x == 2x exactly in binary"),
    Rewrite(
        "div-self",
        "(/ ?a ?a)",
        "1",
        condition=is_not_zero("?a"),
        note="checked: ?a is a known nonzero constant",
    ),
    *birewrite("assoc-add", "(+ ?a (+ ?b ?c))", "(+ (+ ?a ?b) ?c)", **_FM),
    *birewrite("assoc-mul", "(* ?a (* ?b ?c))", "(* (* ?a ?b) ?c)", **_FM),
    Rewrite("assoc-sub", "(- (+ ?a ?b) ?c)", "(+ ?a (- ?b ?c))", **_FM),
    Rewrite("distribute", "(* ?a (+ ?b ?c))", "(+ (* ?a ?b) (* ?a ?c))", **_FM),
    Rewrite("factor", "(+ (* ?a ?b) (* ?a ?c))", "(* ?a (+ ?b ?c))", **_FM),
    Rewrite("factor-sub", "(- (* ?a ?b) (* ?a ?c))", "(* ?a (- ?b ?c))", **_FM),
    Rewrite("add-0", "(+ ?a 0)", "?a", validity="fast_math", note="wrong for -0.0 (nsz)"),
    Rewrite("mul-0", "(* ?a 0)", "0", validity="fast_math", note="wrong for Inf/NaN"),
    Rewrite("sub-self", "(- ?a ?a)", "0", validity="fast_math", note="wrong for Inf/NaN"),
    Rewrite("zero-sub", "(- 0 ?a)", "(neg ?a)", validity="fast_math", note="sign of zero"),
    Rewrite("neg-sub", "(neg (- ?a ?b))", "(- ?b ?a)", validity="fast_math", note="sign of zero"),
]
