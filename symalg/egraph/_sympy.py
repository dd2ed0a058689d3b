"""The sympy bridge: sympy expressions <-> terms, without re-canonicalising on the way back."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import sympy
from sympy.codegen.cfunctions import expm1, hypot, log1p

from symalg._validation import check_bool
from symalg.egraph._term import Term
from symalg.errors import InvalidArgumentError, InvalidTypeError

__all__ = ["sympy_to_term", "term_to_sympy", "FUNCTIONS"]

#: Registry: term operator name <-> sympy function class (one argument unless noted).
FUNCTIONS: dict[str, Any] = {
    "exp": sympy.exp,
    "log": sympy.log,
    "sin": sympy.sin,
    "cos": sympy.cos,
    "tan": sympy.tan,
    "asin": sympy.asin,
    "acos": sympy.acos,
    "atan": sympy.atan,
    "sinh": sympy.sinh,
    "cosh": sympy.cosh,
    "tanh": sympy.tanh,
    "asinh": sympy.asinh,
    "acosh": sympy.acosh,
    "atanh": sympy.atanh,
    "abs": sympy.Abs,
    "atan2": sympy.atan2,
    "erf": sympy.erf,
    "expm1": expm1,
    "log1p": log1p,
    "hypot": hypot,
}
_BY_SYMPY = {cls: name for name, cls in FUNCTIONS.items()}
_NAMED = {"@pi": sympy.pi, "@E": sympy.E}
_HALF = sympy.Rational(1, 2)


def sympy_to_term(expr: Any) -> Term:
    """Convert a sympy expression to a :class:`Term` with binary, dedicated operators.

    ``Add``/``Mul`` are flattened to left folds of binary ``+``/``*``; a negated addend
    becomes ``-``, a coefficient ``-1`` becomes ``neg``, negative powers become ``/``
    (``a*b**-1`` -> ``(/ a b)``, ``x*Rational(1, 3)`` -> ``(/ x 3)``), ``x**(1/2)`` becomes
    ``sqrt`` and other powers ``pow``. Integers and rationals stay exact, floats become
    float64; ``pi`` and ``E`` become the named constants ``@pi`` and ``@E``. Shared
    subexpressions are converted once.

    Parameters
    ----------
    expr : sympy.Expr

    Returns
    -------
    Term

    Raises
    ------
    InvalidTypeError
        If ``expr`` is not a sympy expression.
    InvalidArgumentError
        If it contains something with no term form (relations, ``Piecewise``, complex
        numbers, ...); the message names it.

    Examples
    --------
    >>> import sympy
    >>> x, y = sympy.symbols("x y")
    >>> str(sympy_to_term(x**2 - 2*x*y + sympy.sqrt(y) / 3))
    '(- (+ (pow x 2) (/ (sqrt y) 3)) (* (* 2 x) y))'
    """
    if not isinstance(expr, sympy.Basic):
        try:
            expr = sympy.sympify(expr, strict=True)
        except (sympy.SympifyError, TypeError) as err:
            raise InvalidTypeError(
                f"sympy_to_term: expected a sympy expression, got {type(expr).__name__}."
            ) from err
    return _Converter().convert(expr)


class _Converter:
    def __init__(self) -> None:
        self.memo: dict[Any, Term] = {}

    def convert(self, e: Any) -> Term:
        t = self.memo.get(e)
        if t is None:
            t = self.memo[e] = self._convert(e)
        return t

    def _convert(self, e: Any) -> Term:
        if e.is_Symbol:
            return Term(e.name)
        if e.is_Integer or e.is_Rational:
            return Term(Fraction(int(e.p), int(e.q)))
        if e.is_Float:
            value = float(e)
            if not math.isfinite(value):
                raise InvalidArgumentError(
                    f"sympy_to_term: the constant {e} is outside float64's range (it would "
                    "round to inf); rescale the expression or keep the constant symbolic."
                )
            return Term(value)
        if e in (sympy.pi, sympy.E):
            return Term("@pi" if e == sympy.pi else "@E")
        if e.is_Add:
            return self._add(e)
        if e.is_Mul:
            return self._mul(e)
        if e.is_Pow:
            return self._pow(e)
        if isinstance(e, sympy.Function):
            name = _BY_SYMPY.get(e.func)
            if name is None and isinstance(e, sympy.core.function.AppliedUndef):
                name = str(e.func)
            if name is not None:
                return Term(name, tuple(self.convert(a) for a in e.args))
        raise InvalidArgumentError(
            f"sympy_to_term: {type(e).__name__} ({e}) has no term form; supported are "
            "numbers, symbols, +, *, powers and the functions "
            f"{', '.join(sorted(FUNCTIONS))} (and undefined functions)."
        )

    def _add(self, e: Any) -> Term:
        pos, neg = [], []
        for a in e.args:
            coeff, rest = a.as_coeff_Mul()
            (neg if coeff.is_negative else pos).append(a)
        acc = self.convert(pos[0]) if pos else Term("neg", (self.convert(-neg.pop(0)),))
        for a in pos[1:]:
            acc = Term("+", (acc, self.convert(a)))
        for a in neg:
            acc = Term("-", (acc, self.convert(-a)))
        return acc

    def _mul(self, e: Any) -> Term:
        coeff, rest = e.as_coeff_Mul()
        if coeff.is_negative:
            return Term("neg", (self.convert(-e),))
        num, den = [], []
        if coeff != 1:
            if coeff.is_Rational and coeff.q != 1:
                if coeff.p != 1:
                    num.append(self.convert(sympy.Integer(coeff.p)))
                den.append(self.convert(sympy.Integer(coeff.q)))
            else:
                num.append(self.convert(coeff))
        for f in sympy.Mul.make_args(rest):
            b, x = f.as_base_exp()
            if x.is_Number and x.is_negative:
                den.append(self.convert(b if x == -1 else sympy.Pow(b, -x)))
            else:
                num.append(self.convert(f))
        top = _fold("*", num) if num else Term(Fraction(1))
        return Term("/", (top, _fold("*", den))) if den else top

    def _pow(self, e: Any) -> Term:
        b, x = e.args
        if x == _HALF:
            return Term("sqrt", (self.convert(b),))
        if x.is_Number and x.is_negative:
            return Term("/", (Term(Fraction(1)), self.convert(sympy.Pow(b, -x))))
        return Term("pow", (self.convert(b), self.convert(x)))


def _fold(op: str, terms: list[Term]) -> Term:
    acc = terms[0]
    for t in terms[1:]:
        acc = Term(op, (acc, t))
    return acc


def term_to_sympy(
    term: Term, symbols: dict[str, Any] | None = None, *, evaluate: bool = False
) -> Any:
    """Convert a term back to sympy, by default **without evaluation**, so its structure survives.

    ``(* x x)`` stays ``x*x`` (sympy would make it ``x**2``) and ``(* 2 (+ a b))`` is not
    distributed. ``-``, ``/``, ``neg`` and ``sqrt`` become the sympy forms ``a + (-1)*b``,
    ``a*b**-1``, ``(-1)*a`` and ``a**(1/2)``.

    Parameters
    ----------
    term : Term
    symbols : dict of str to sympy.Symbol, optional
        Symbols to use for leaves (keeps assumptions); others become plain ``Symbol``.
    evaluate : bool, default False
        Build with sympy's evaluating constructors instead. Use this for anything that will
        pass through ``sympy.cse``: sympy 1.14's CSE mishandles some unevaluated trees
        (``sympy.cse([z*(z*z) - 3*z])`` with ``Add``/``Mul`` built with ``evaluate=False``
        returns ``[0]``). Factored forms (``x*(y + z)``, Horner schemes) survive evaluation;
        ``x*x`` becomes ``x**2`` and a number times a sum is distributed.

    Returns
    -------
    sympy.Expr

    Raises
    ------
    InvalidArgumentError
        For a built-in operator with the wrong number of arguments. Unknown operators
        become undefined sympy functions of the same name.

    Examples
    --------
    >>> from symalg.egraph import parse_term
    >>> e = term_to_sympy(parse_term("(* (+ a b) (+ a b))"))
    >>> e
    (a + b)*(a + b)
    >>> e.doit()
    (a + b)**2
    """
    if not isinstance(term, Term):
        raise InvalidTypeError(f"term_to_sympy: expected a Term, got {type(term).__name__}.")
    symbols = dict(symbols or {})
    check_bool("evaluate", evaluate, where="term_to_sympy")
    done: dict[Term, Any] = {}
    stack = [term]
    while stack:
        t = stack[-1]
        if t in done:
            stack.pop()
            continue
        chain = _chain(t) if evaluate else None
        operands = [a for _, a in chain] if chain is not None else list(t.args)
        todo = [a for a in operands if a not in done]
        if todo:
            stack.extend(todo)
            continue
        stack.pop()
        if chain is None:
            done[t] = _node_to_sympy(t, [done[a] for a in t.args], symbols, evaluate)
        elif t.op == "*":
            done[t] = sympy.Mul(*(done[a] for _, a in chain))
        else:  # one n-ary Add: evaluating binary Adds one by one would be quadratic
            done[t] = sympy.Add(*(done[a] if sign > 0 else -done[a] for sign, a in chain))
    return done[term]


def _chain(t: Term) -> list[tuple[int, Term]] | None:
    """Operands of a maximal ``+``/``-`` (signed) or ``*`` chain rooted at ``t``, else None."""
    family = ("+", "-") if t.op in ("+", "-") else ("*",) if t.op == "*" else None
    if family is None or len(t.args) != 2:
        return None
    out: list[tuple[int, Term]] = []
    stack = [(1, t)]
    while stack:
        sign, u = stack.pop()
        if u.op in family and len(u.args) == 2:
            right = -sign if u.op == "-" else sign
            stack.append((right, u.args[1]))
            stack.append((sign, u.args[0]))
        else:
            out.append((sign, u))
    return out


def _node_to_sympy(t: Term, args: list[Any], symbols: dict[str, Any], evaluate: bool) -> Any:
    op = t.op
    if not args:
        if isinstance(op, Fraction):
            return sympy.Rational(op.numerator, op.denominator)
        if isinstance(op, float):
            return sympy.Float(op)
        if op in _NAMED:
            return _NAMED[op]
        if op not in symbols:
            symbols[op] = sympy.Symbol(op)
        return symbols[op]
    ne = {"evaluate": evaluate}
    if op == "+" and len(args) == 2:
        return sympy.Add(*args, **ne)
    if op == "*" and len(args) == 2:
        return sympy.Mul(*args, **ne)
    if op == "-" and len(args) == 2:
        return sympy.Add(args[0], sympy.Mul(sympy.S.NegativeOne, args[1], **ne), **ne)
    if op == "/" and len(args) == 2:
        inv = sympy.Pow(args[1], sympy.S.NegativeOne, **ne)
        return inv if args[0] is sympy.S.One else sympy.Mul(args[0], inv, **ne)
    if op == "neg" and len(args) == 1:
        return sympy.Mul(sympy.S.NegativeOne, args[0], **ne)
    if op == "pow" and len(args) == 2:
        return sympy.Pow(args[0], args[1], **ne)
    if op == "sqrt" and len(args) == 1:
        return sympy.Pow(args[0], _HALF, **ne)
    if op in FUNCTIONS:
        return FUNCTIONS[op](*args, **ne)
    if op in {"+", "*", "-", "/", "neg", "pow", "sqrt"}:
        raise InvalidArgumentError(
            f"term_to_sympy: operator {op!r} takes a different number of arguments than "
            f"{len(args)}; the term is malformed."
        )
    return sympy.Function(op)(*args)  # an undefined function keeps its name
