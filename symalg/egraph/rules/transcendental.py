"""exp / log / trigonometric identities.

Validity tags: ``sound`` (exact in IEEE float64 given a symmetric libm), ``domain`` (exact
under the condition in the rule's note, which the caller asserts), ``fast_math`` (exact in
the reals only).
"""

from __future__ import annotations

from symalg.egraph._rewrite import Rewrite

__all__ = ["RULES"]

_FM = {"validity": "fast_math"}

#: The exp/log/trig rule set.
RULES: list[Rewrite] = [
    Rewrite("exp-0", "(exp 0)", "1"),
    Rewrite("log-1", "(log 1)", "0"),
    Rewrite("sin-neg", "(sin (neg ?a))", "(neg (sin ?a))", note="libm sin is odd"),
    Rewrite("cos-neg", "(cos (neg ?a))", "(cos ?a)", note="libm cos is even"),
    Rewrite("exp-log", "(exp (log ?a))", "?a", validity="domain", note="a > 0"),
    Rewrite(
        "log-prod",
        "(+ (log ?a) (log ?b))",
        "(log (* ?a ?b))",
        validity="domain",
        note="a, b > 0 and a*b finite",
    ),
    Rewrite(
        "log-div",
        "(- (log ?a) (log ?b))",
        "(log (/ ?a ?b))",
        validity="domain",
        note="a, b > 0 and a/b finite and nonzero",
    ),
    Rewrite("exp-sum", "(* (exp ?a) (exp ?b))", "(exp (+ ?a ?b))", **_FM),
    Rewrite("exp-diff", "(/ (exp ?a) (exp ?b))", "(exp (- ?a ?b))", **_FM),
    Rewrite("log-exp", "(log (exp ?a))", "?a", **_FM, note="overflow of exp"),
    Rewrite("expm1", "(- (exp ?a) 1)", "(expm1 ?a)", **_FM, note="more accurate, other bits"),
    Rewrite("log1p", "(log (+ 1 ?a))", "(log1p ?a)", **_FM, note="more accurate, other bits"),
    Rewrite("sin2-cos2", "(+ (* (sin ?a) (sin ?a)) (* (cos ?a) (cos ?a)))", "1", **_FM),
    Rewrite("tan", "(/ (sin ?a) (cos ?a))", "(tan ?a)", **_FM),
    Rewrite("sin-double", "(* 2 (* (sin ?a) (cos ?a)))", "(sin (* 2 ?a))", **_FM),
]
