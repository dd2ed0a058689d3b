from __future__ import annotations

import math

import numpy as np
import pytest
import sympy
from hypothesis import given
from hypothesis import strategies as st

from symalg.egraph import parse_term, sympy_to_term, term_to_sympy
from symalg.errors import InvalidArgumentError, InvalidTypeError

X, Y, Z = sympy.symbols("x y z")
_NO_TERM_FORM = (sympy.nan, sympy.zoo, sympy.oo, -sympy.oo, sympy.I)


def sympy_exprs() -> st.SearchStrategy[sympy.Expr]:
    leaves = st.one_of(
        st.sampled_from([X, Y, Z]),
        st.integers(-4, 4).map(sympy.Integer),
        st.sampled_from([sympy.Rational(1, 3), sympy.Rational(-5, 2), sympy.Float(0.25)]),
    )

    def extend(c):
        return st.one_of(
            st.tuples(c, c).map(lambda t: t[0] + t[1]),
            st.tuples(c, c).map(lambda t: t[0] - t[1]),
            st.tuples(c, c).map(lambda t: t[0] * t[1]),
            st.tuples(c, st.sampled_from([X, Y + 3])).map(lambda t: t[0] / t[1]),
            st.tuples(c, st.sampled_from([2, 3, -1, -2, sympy.Rational(1, 2)])).map(
                lambda t: t[0] ** t[1]
            ),
            c.map(sympy.sin),
            c.map(sympy.exp),
        )

    # sympy folds e.g. 1/(x - x) to zoo, 0*zoo to nan and (-1)**(1/2) to I: constants that
    # sympy_to_term refuses (see test_non_real_constants_have_no_term_form)
    return st.recursive(leaves, extend, max_leaves=6).filter(_has_term_form)


def _has_term_form(e: sympy.Expr) -> bool:
    # exp(exp(...)) of a float evaluates to a Float beyond float64's range, also refused
    huge = any(not math.isfinite(float(f)) for f in e.atoms(sympy.Float))
    return not huge and not e.has(*_NO_TERM_FORM)


def _values(e, rng):
    f = sympy.lambdify((X, Y, Z), e, "numpy")
    pts = [rng.uniform(0.5, 2.0, 32) for _ in range(3)]
    with np.errstate(all="ignore"):
        return np.broadcast_to(np.asarray(f(*pts), dtype=float), (32,))


@given(sympy_exprs())
def test_roundtrip_preserves_value(e) -> None:
    back = term_to_sympy(sympy_to_term(e), {"x": X, "y": Y, "z": Z})
    rng = np.random.default_rng(0)
    a, b = _values(e, rng), _values(back, np.random.default_rng(0))
    ok = np.isclose(a, b, rtol=1e-9, atol=1e-12) | (np.isnan(a) & np.isnan(b))
    assert ok.all(), (e, back, np.max(np.abs(a - b)))


def test_dedicated_ops_and_exact_rationals() -> None:
    assert str(sympy_to_term(X - Y)) == "(- x y)"
    assert str(sympy_to_term(-X)) == "(neg x)"
    assert str(sympy_to_term(X / Y)) == "(/ x y)"
    assert str(sympy_to_term(sympy.sqrt(X))) == "(sqrt x)"
    assert str(sympy_to_term(X * sympy.Rational(2, 3))) == "(/ (* 2 x) 3)"
    assert str(sympy_to_term(sympy.pi * X)) == "(* @pi x)"
    assert sympy_to_term(sympy.Float(0.1)).op == 0.1


def test_back_conversion_does_not_recanonicalise() -> None:
    e = term_to_sympy(parse_term("(* x x)"))
    assert e.is_Mul and e.args == (X, X)
    e = term_to_sympy(parse_term("(* 2 (+ a b))"))
    assert e.is_Mul and len(e.args) == 2 and e.args[1].is_Add
    assert term_to_sympy(parse_term("(@pi)")) is sympy.pi


def test_symbols_keep_assumptions() -> None:
    p = sympy.Symbol("p", positive=True)
    back = term_to_sympy(sympy_to_term(sympy.sqrt(p) + 1), {"p": p})
    assert p in back.free_symbols


def test_unsupported_input_names_the_problem() -> None:
    with pytest.raises(InvalidArgumentError, match="StrictLessThan .* has no term form"):
        sympy_to_term(X < Y)
    with pytest.raises(InvalidTypeError, match="expected a sympy expression"):
        sympy_to_term(object())
    with pytest.raises(InvalidArgumentError, match="'pow' takes a different number"):
        term_to_sympy(parse_term("(pow x)"))


def test_large_expression_converts() -> None:
    e = sum(sympy.Symbol(f"s{i}") * (i + 1) for i in range(200))
    t = sympy_to_term(e)
    assert t.size > 500


@given(sympy_exprs())
def test_evaluated_back_conversion_keeps_value(e) -> None:
    t = sympy_to_term(e)
    lazy = term_to_sympy(t, {"x": X, "y": Y, "z": Z})
    evaluated = term_to_sympy(t, {"x": X, "y": Y, "z": Z}, evaluate=True)
    rng = np.random.default_rng(0)
    a, b = _values(lazy, rng), _values(evaluated, np.random.default_rng(0))
    ok = np.isclose(a, b, rtol=1e-9, atol=1e-12) | (np.isnan(a) & np.isnan(b))
    assert ok.all(), (e, evaluated)


def test_evaluated_long_sums_are_built_in_one_step() -> None:
    e = sum(sympy.Symbol(f"s{i}") * (i + 1) for i in range(300)) - X * Y
    back = term_to_sympy(sympy_to_term(e), evaluate=True)
    assert back.is_Add and len(back.args) == 301
    assert sympy.expand(back - e) == 0


@pytest.mark.parametrize("const", _NO_TERM_FORM, ids=str)
def test_non_real_constants_have_no_term_form(const) -> None:
    with pytest.raises(InvalidArgumentError, match=r"has no term form"):
        sympy_to_term(X + const)


def test_a_float_beyond_float64_range_has_no_term_form() -> None:
    big = sympy.exp(sympy.Float(1e4))  # sympy evaluates it: a Float of about 10^4343
    assert big.is_Float
    with pytest.raises(InvalidArgumentError, match="outside float64's range"):
        sympy_to_term(X * big)
