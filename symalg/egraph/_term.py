"""Terms of the e-graph language and their s-expression syntax."""

from __future__ import annotations

import math
import re
from fractions import Fraction
from typing import TypeAlias

from symalg.errors import InvalidArgumentError, InvalidTypeError

__all__ = ["Term", "Op", "parse_term", "format_term", "is_constant"]

#: A node's operator: a name (operator or symbol), an exact ``Fraction`` or a ``float``.
Op: TypeAlias = str | Fraction | float

_INT = re.compile(r"[+-]?\d+\Z")
_RAT = re.compile(r"[+-]?\d+/\d+\Z")
_FLOAT = re.compile(r"[+-]?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?\Z")
_TOKEN = re.compile(r"\s*(?:(\()|(\))|([^\s()]+))")


def is_constant(op: object) -> bool:
    """Return True if ``op`` is a numeric constant (``Fraction``, ``int`` or ``float``).

    Examples
    --------
    >>> is_constant(Fraction(1, 2)), is_constant("x")
    (True, False)
    """
    return isinstance(op, (Fraction, int, float)) and not isinstance(op, bool)


def _const_key(op: Op) -> tuple:
    """Key telling exact and float constants apart (``1 != 1.0``, ``0.0 != -0.0``)."""
    if isinstance(op, float):
        return ("f", op.hex())
    return ("q", op)


def _normalise_op(op: object) -> Op:
    if isinstance(op, bool) or not isinstance(op, (str, int, Fraction, float)):
        raise InvalidTypeError(
            f"Term: op must be a str, int, Fraction or float, got {type(op).__name__} {op!r}."
        )
    if isinstance(op, int):
        return Fraction(op)
    if isinstance(op, str) and (not op or any(ch.isspace() or ch in "()" for ch in op)):
        raise InvalidArgumentError(
            f"Term: op {op!r} is not a valid name; use a non-empty string without spaces or "
            "parentheses."
        )
    return op


class Term:
    """An immutable expression tree: an operator applied to child terms.

    A leaf is a symbol (``op`` a string, no children) or a numeric constant (``op`` an
    exact ``Fraction`` or a ``float``). Integers are stored as ``Fraction``. An operator with
    no children is the same thing as a symbol of that name, as in egg.

    Parameters
    ----------
    op : str or int or Fraction or float
        Operator name, symbol name or constant value.
    args : tuple of Term, optional
        Children; constants take none.

    Notes
    -----
    Equality distinguishes exact from floating constants: ``Term(1) != Term(1.0)``, and
    ``Term(0.0) != Term(-0.0)``.

    Examples
    --------
    >>> t = Term("+", (Term("x"), Term(1)))
    >>> t
    Term('(+ x 1)')
    >>> t.args[1].op
    Fraction(1, 1)
    >>> Term(2, (Term("x"),))
    Traceback (most recent call last):
    ...
    symalg.errors.InvalidArgumentError: Term: the constant 2 cannot have children; ...
    """

    __slots__ = ("op", "args", "_key", "_hash")

    def __init__(self, op: Op | int, args: tuple[Term, ...] = ()) -> None:
        op = _normalise_op(op)
        args = tuple(args)
        for a in args:
            if not isinstance(a, Term):
                raise InvalidTypeError(
                    f"Term: children must be Term instances, got {type(a).__name__} {a!r}."
                )
        if args and not isinstance(op, str):
            raise InvalidArgumentError(
                f"Term: the constant {format_term(Term(op))} cannot have children; "
                "use an operator name as op."
            )
        object.__setattr__(self, "op", op)
        object.__setattr__(self, "args", args)
        key = (_const_key(op) if not isinstance(op, str) else op, args)
        object.__setattr__(self, "_key", key)
        object.__setattr__(self, "_hash", hash(key))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Term is immutable")

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if not isinstance(other, Term) or self._hash != other._hash:
            return False
        stack = [(self, other)]
        while stack:  # iterative: deep terms must not hit the recursion limit
            a, b = stack.pop()
            if a is b:
                continue
            if a._hash != b._hash or a._key[0] != b._key[0] or len(a.args) != len(b.args):
                return False
            stack.extend(zip(a.args, b.args, strict=True))
        return True

    def __hash__(self) -> int:
        return self._hash

    def __repr__(self) -> str:
        return f"Term({format_term(self)!r})"

    def __str__(self) -> str:
        return format_term(self)

    @property
    def is_leaf(self) -> bool:
        """True for symbols and constants."""
        return not self.args

    @property
    def size(self) -> int:
        """Number of nodes of the tree (shared subterms counted per occurrence)."""
        total, stack = 0, [self]
        while stack:
            t = stack.pop()
            total += 1
            stack.extend(t.args)
        return total


def _format_const(op: Fraction | float) -> str:
    if isinstance(op, float):
        if math.isnan(op) or math.isinf(op):
            raise InvalidArgumentError(
                f"format_term: the float {op!r} has no s-expression syntax; use a finite value."
            )
        return repr(op)
    if op.denominator == 1:
        return str(op.numerator)
    return f"{op.numerator}/{op.denominator}"


def format_term(term: Term) -> str:
    """Write ``term`` as an s-expression, the inverse of :func:`parse_term`.

    Parameters
    ----------
    term : Term
        The term to print.

    Returns
    -------
    str
        ``x``, ``3``, ``1/2``, ``0.5`` or ``(op child ...)``.

    Examples
    --------
    >>> format_term(parse_term("(* x (/ 1 2))"))
    '(* x (/ 1 2))'
    """
    if not isinstance(term, Term):
        raise InvalidTypeError(f"format_term: expected a Term, got {type(term).__name__}.")
    parts: list[str] = []
    stack: list[object] = [term]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            parts.append(item)
            continue
        assert isinstance(item, Term)
        head = item.op if isinstance(item.op, str) else _format_const(item.op)
        if not item.args:
            parts.append(head)
            continue
        parts.append("(" + head)
        stack.append(")")
        for a in reversed(item.args):
            stack.append(a)
            stack.append(" ")
    return "".join(parts).replace("( ", "(")


def _atom(token: str) -> Term:
    if _INT.match(token):
        return Term(Fraction(int(token)))
    if _RAT.match(token):
        num, den = token.split("/")
        if int(den) == 0:
            raise ZeroDivisionError(token)
        return Term(Fraction(int(num), int(den)))
    if _FLOAT.match(token):
        return Term(float(token))
    return Term(token)


def parse_term(text: str) -> Term:
    """Read an s-expression into a :class:`Term`.

    A token that reads as an integer (``3``), a ratio (``-1/2``) or a decimal (``0.5``,
    ``1e-3``) is a constant: integers and ratios are exact, decimals are floats. Any other
    atom is a symbol. Pattern variables (``?x``) are ordinary atoms here.

    Parameters
    ----------
    text : str
        One s-expression, e.g. ``"(+ (* x 1) 0)"``.

    Returns
    -------
    Term

    Raises
    ------
    InvalidTypeError
        If ``text`` is not a string.
    InvalidArgumentError
        If the text is not exactly one well-formed s-expression; the message gives the
        character position of the problem.

    Examples
    --------
    >>> parse_term("(+ (* x 1) 0)")
    Term('(+ (* x 1) 0)')
    >>> parse_term("(pow x 1/2)").args[1].op
    Fraction(1, 2)
    >>> parse_term("(+ x 1")
    Traceback (most recent call last):
    ...
    symalg.errors.InvalidArgumentError: parse_term: unclosed '(' opened at position 0 ...
    """
    if not isinstance(text, str):
        raise InvalidTypeError(f"parse_term: expected a str, got {type(text).__name__}.")
    stack: list[tuple[int, list[Term]]] = []
    result: Term | None = None
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            break
        start = m.start(m.lastindex or 0)
        pos = m.end()
        if m.group(2) and not stack:
            raise InvalidArgumentError(
                f"parse_term: unmatched ')' at position {start} in {text!r}; remove it or "
                "add the matching '('."
            )
        if result is not None:
            raise InvalidArgumentError(
                f"parse_term: unexpected text at position {start} after a complete term in "
                f"{text!r}; pass one s-expression at a time."
            )
        if m.group(1):
            stack.append((start, []))
            continue
        if m.group(2):
            if not stack:
                raise InvalidArgumentError(
                    f"parse_term: unmatched ')' at position {start} in {text!r}; remove it or "
                    "add the matching '('."
                )
            term = _close(stack.pop(), text)
        else:
            term = _parse_atom(m.group(3), start, text)
        if stack:
            stack[-1][1].append(term)
        else:
            result = term
    if stack:
        raise InvalidArgumentError(
            f"parse_term: unclosed '(' opened at position {stack[-1][0]} in {text!r}; add ')'."
        )
    if result is None:
        raise InvalidArgumentError(
            f"parse_term: empty input at position {len(text)}; expected an s-expression."
        )
    return result


def _parse_atom(token: str, start: int, text: str) -> Term:
    try:
        return _atom(token)
    except ZeroDivisionError:
        raise InvalidArgumentError(
            f"parse_term: the ratio {token!r} at position {start} in {text!r} divides by zero; "
            "use a nonzero denominator."
        ) from None


def _close(frame: tuple[int, list[Term]], text: str) -> Term:
    start, items = frame
    if not items:
        raise InvalidArgumentError(
            f"parse_term: empty list '()' at position {start} in {text!r}; write an operator "
            "after '('."
        )
    head, args = items[0], tuple(items[1:])
    if head.args or not isinstance(head.op, str):
        raise InvalidArgumentError(
            f"parse_term: the head of the list at position {start} in {text!r} is "
            f"{format_term(head)!r}; expected an operator name."
        )
    return Term(head.op, args)
