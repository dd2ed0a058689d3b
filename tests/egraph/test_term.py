from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given

from symalg.egraph import Term, format_term, parse_term
from symalg.errors import InvalidArgumentError, InvalidTypeError
from tests.egraph.egraph_helpers import terms


@given(terms(ops=("+", "-", "*", "/", "neg")))
def test_parse_format_roundtrip(t: Term) -> None:
    assert parse_term(format_term(t)) == t


@pytest.mark.parametrize(
    ("text", "op"),
    [
        ("3", Fraction(3)),
        ("-2", Fraction(-2)),
        ("1/2", Fraction(1, 2)),
        ("0.5", 0.5),
        ("1e-3", 1e-3),
        ("x", "x"),
        ("?a", "?a"),
        ("+", "+"),
    ],
)
def test_atoms_read_as_constants_or_symbols(text: str, op: object) -> None:
    t = parse_term(text)
    assert t.op == op and type(t.op) is type(op) and t.args == ()


def test_exact_and_float_constants_differ() -> None:
    assert Term(1) != Term(1.0)
    assert Term(0.0) != Term(-0.0)
    assert Term(1) == Term(Fraction(1))
    assert parse_term("(+ x 1)") != parse_term("(+ x 1.0)")


def test_zero_arity_list_is_the_symbol() -> None:
    assert parse_term("(f)") == parse_term("f")


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("(+ x 1", r"unclosed '\(' opened at position 0"),
        ("(+ x 1))", r"unmatched '\)' at position 7"),
        ("(+ x) y", r"unexpected text at position 6"),
        ("", r"empty input at position 0"),
        ("(+ x ())", r"empty list '\(\)' at position 5"),
        ("((f x) y)", r"head of the list at position 0"),
        ("(3 x)", r"head of the list at position 0"),
        ("(/ x 1/0)", r"ratio '1/0' at position 5"),
    ],
)
def test_malformed_sexpr_reports_position(text: str, match: str) -> None:
    with pytest.raises(InvalidArgumentError, match=match):
        parse_term(text)


def test_bad_types_are_rejected() -> None:
    with pytest.raises(InvalidTypeError, match="expected a str"):
        parse_term(3)  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError, match="children must be Term"):
        Term("+", ("x",))  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match="cannot have children"):
        Term(2, (Term("x"),))
    with pytest.raises(InvalidArgumentError, match="not a valid name"):
        Term("a b")


def test_terms_are_immutable_and_hashable() -> None:
    t = parse_term("(+ x y)")
    with pytest.raises(AttributeError):
        t.op = "-"  # type: ignore[misc]
    assert len({t, parse_term("(+ x y)")}) == 1
    assert t.size == 3


def test_deep_terms_do_not_recurse() -> None:
    t = Term("x")
    for _ in range(5000):
        t = Term("neg", (t,))
    assert parse_term(format_term(t)) == t
