"""Flop-minimising rewrites: powers to products, Horner steps, shared reciprocals.

Validity tags: ``sound`` (exact in IEEE float64), ``domain`` (exact under the condition in
the rule's note, which the caller asserts), ``fast_math`` (exact in the reals only).
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from symalg.egraph._rewrite import Rewrite, _constant_of

if TYPE_CHECKING:
    from symalg.egraph._egraph import EGraph

__all__ = ["RULES"]

_FM = {"validity": "fast_math"}


def _int_exponent(egraph: EGraph, cid: int) -> int | None:
    value = _constant_of(egraph, cid)
    if isinstance(value, Fraction) and value.denominator == 1:
        return int(value)
    return None


def _pow_by_squaring(egraph: EGraph, cid: int, subst: dict[str, int]) -> int | None:
    """``x**n`` (3 <= n <= 16) as a product chain by repeated squaring."""
    n = _int_exponent(egraph, subst["?n"])
    if n is None or not 3 <= n <= 16:
        return None
    x, acc, square = subst["?x"], None, subst["?x"]
    while n:
        if n & 1:
            acc = square if acc is None else egraph.add("*", (acc, square))
        n >>= 1
        if n:
            square = egraph.add("*", (square, square))
    del x
    return acc


def _pow_peel(egraph: EGraph, cid: int, subst: dict[str, int]) -> int | None:
    """``x**n -> x * x**(n-1)`` for integer n >= 3: exposes Horner factoring."""
    n = _int_exponent(egraph, subst["?n"])
    if n is None or not 3 <= n <= 16:
        return None
    rest = egraph.add("pow", (subst["?x"], egraph.add(Fraction(n - 1))))
    return egraph.add("*", (subst["?x"], rest))


def _is_power_of_two(egraph: EGraph, subst: dict[str, int]) -> bool:
    value = _constant_of(egraph, subst["?c"])
    if value is None or value <= 0:
        return False
    q = Fraction(value)
    return (q.numerator & (q.numerator - 1) == 0 and q.denominator == 1) or (
        q.numerator == 1 and q.denominator & (q.denominator - 1) == 0
    )


def _div_by_pow2(egraph: EGraph, cid: int, subst: dict[str, int]) -> int | None:
    value = _constant_of(egraph, subst["?c"])
    recip = 1.0 / value if isinstance(value, float) else 1 / Fraction(value)  # type: ignore[arg-type]
    return egraph.add("*", (subst["?a"], egraph.add(recip)))


#: The flop-minimising rule set.
RULES: list[Rewrite] = [
    Rewrite("pow-0", "(pow ?a 0)", "1", note="pow(x, 0) == 1 also for NaN"),
    Rewrite("pow-1", "(pow ?a 1)", "?a"),
    Rewrite("pow-2", "(pow ?a 2)", "(* ?a ?a)", note="one rounding either way"),
    Rewrite("pow-neg1", "(pow ?a -1)", "(/ 1 ?a)", note="one rounding either way"),
    Rewrite(
        "div-pow2",
        "(/ ?a ?c)",
        _div_by_pow2,
        condition=_is_power_of_two,
        note="x/c == x*(1/c) exactly when c is a power of two",
    ),
    Rewrite(
        "pow-half",
        "(pow ?a 1/2)",
        "(sqrt ?a)",
        validity="domain",
        note="differs at x = -0.0 and x = -inf",
    ),
    Rewrite(
        "pow-int",
        "(pow ?x ?n)",
        _pow_by_squaring,
        **_FM,
        note="integer 3 <= n <= 16; several roundings instead of one",
    ),
    Rewrite("pow-peel", "(pow ?x ?n)", _pow_peel, **_FM, note="integer 3 <= n <= 16"),
    Rewrite("mul-pow", "(* ?x (pow ?x ?n))", "(pow ?x (+ ?n 1))", **_FM),
    Rewrite("recip-mul", "(* ?a (/ 1 ?b))", "(/ ?a ?b)", **_FM),
    Rewrite("mul-div", "(* (/ ?a ?b) ?c)", "(/ (* ?a ?c) ?b)", **_FM),
    Rewrite("div-div", "(/ (/ ?a ?b) ?c)", "(/ ?a (* ?b ?c))", **_FM),
    Rewrite(
        "div-recip",
        "(/ ?a ?b)",
        "(* ?a (/ 1 ?b))",
        **_FM,
        note="shares one reciprocal between several divisions (arcp)",
    ),
    Rewrite("add-div", "(+ (/ ?a ?c) (/ ?b ?c))", "(/ (+ ?a ?b) ?c)", **_FM),
    Rewrite("sub-div", "(- (/ ?a ?c) (/ ?b ?c))", "(/ (- ?a ?b) ?c)", **_FM),
    Rewrite("factor-self", "(+ (* ?a ?b) ?a)", "(* ?a (+ ?b 1))", **_FM),
]
