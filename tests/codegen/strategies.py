"""Hypothesis strategies that build random sympy expression trees."""

from __future__ import annotations

from collections.abc import Callable

import sympy
from hypothesis import strategies as st

X, Y, Z = sympy.symbols("x y z", real=True)
SYMBOLS = (X, Y, Z)

_constants = st.one_of(
    st.integers(-5, 5).filter(bool).map(sympy.Integer),
    st.tuples(st.integers(-7, 7).filter(bool), st.integers(2, 9)).map(
        lambda pq: sympy.Rational(*pq)
    ),
    st.tuples(st.floats(2.0**-10, 3.0), st.sampled_from([1.0, -1.0])).map(
        lambda ms: sympy.Float(ms[0] * ms[1])
    ),
    st.sampled_from([sympy.pi, sympy.E, sympy.sqrt(2), sympy.Rational(1, 3)]),
)
leaves = st.one_of(st.sampled_from(SYMBOLS), st.sampled_from(SYMBOLS), _constants)

# unary maps that keep real inputs real (the domain of each is respected by construction)
_UNARY = [
    sympy.sin,
    sympy.cos,
    sympy.atan,
    sympy.tanh,
    sympy.asinh,
    sympy.Abs,
    lambda u: sympy.exp(sympy.tanh(u)),  # bounded exponent
    lambda u: sympy.log(u**2 + 1),  # positive argument
    lambda u: sympy.sqrt(u**2 + sympy.Rational(1, 4)),
    lambda u: sympy.asin(sympy.tanh(u) / 2),
    lambda u: sympy.acos(sympy.tanh(u) / 2),
    lambda u: sympy.cosh(sympy.tanh(u)),
    lambda u: sympy.erf(u),
]


def extend_with(unary: list) -> Callable[[st.SearchStrategy], st.SearchStrategy]:
    """The recursive step of ``st.recursive``: arithmetic, powers and ``unary`` maps."""

    def extend(children: st.SearchStrategy[sympy.Expr]) -> st.SearchStrategy[sympy.Expr]:
        pair = st.tuples(children, children)
        return st.one_of(
            pair.map(lambda ab: ab[0] + ab[1]),
            pair.map(lambda ab: ab[0] - ab[1]),
            pair.map(lambda ab: ab[0] * ab[1]),
            pair.map(lambda ab: ab[0] / (ab[1] ** 2 + 1)),  # nested quotient, no pole
            st.tuples(children, st.integers(-3, 5)).map(
                lambda bn: bn[0] ** bn[1] if bn[1] >= 0 else 1 / (bn[0] ** 2 + 1) ** -bn[1]
            ),
            st.tuples(
                children,
                st.sampled_from(
                    [
                        sympy.Rational(1, 2),
                        sympy.Rational(-1, 2),
                        sympy.Rational(3, 2),
                        sympy.Rational(1, 3),
                    ]
                ),
            ).map(lambda be: (be[0] ** 2 + 1) ** be[1]),  # rational exponent, positive base
            st.tuples(st.sampled_from(unary), children).map(lambda fu: fu[0](fu[1])),
        )

    return extend


expressions = st.recursive(leaves, extend_with(_UNARY), max_leaves=10)
# coordinates: zero or magnitudes in [2^-10, 2] with either sign, exact in float32 (so the
# float32 and float64 kernels see the same point); underflow is IEEE behaviour, not tested here
_coordinate = st.one_of(
    st.just(0.0),
    st.tuples(st.floats(2.0**-10, 2.0, width=32), st.sampled_from([1.0, -1.0])).map(
        lambda ms: ms[0] * ms[1]
    ),
)
points = st.tuples(_coordinate, _coordinate, _coordinate)
