"""E-class analyses: the protocol and constant folding."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from symalg.egraph._errors import ConstantConflictError
from symalg.egraph._term import Op, _const_key, is_constant

if TYPE_CHECKING:
    from symalg.egraph._egraph import EGraph

__all__ = ["Analysis", "ConstantFolding"]


@runtime_checkable
class Analysis(Protocol):
    """What an e-class analysis provides (egg's ``Analysis`` trait).

    Each e-class carries a datum from a join semilattice. The e-graph keeps the invariant
    *class data = join of* ``make`` *over the class's nodes* through adds, unions and
    :meth:`EGraph.rebuild`.

    Methods
    -------
    make(egraph, op, children)
        Datum of a new node ``op(children...)``; read the children's data with
        ``egraph.data(child)``.
    merge(a, b)
        Return ``(joined, a_changed, b_changed)``; the flags say whose parents need their
        data recomputed.
    modify(egraph, class_id)
        Called after a class's data changes; may add nodes, union, or
        :meth:`EGraph.prune` the class.

    Examples
    --------
    >>> isinstance(ConstantFolding(), Analysis)
    True
    """

    def make(self, egraph: EGraph, op: Op, children: tuple[int, ...]) -> Any:
        """Datum of a new node."""

    def merge(self, a: Any, b: Any) -> tuple[Any, bool, bool]:
        """Join two data; report which side changed."""

    def modify(self, egraph: EGraph, class_id: int) -> None:
        """React to a class's new data."""


def _exact_pow(base: Fraction, exp: Fraction) -> Fraction | None:
    if exp.denominator != 1 or abs(exp) > 64 or (base == 0 and exp < 0):
        return None
    return base ** int(exp)


def _exact_sqrt(x: Fraction) -> Fraction | None:
    if x < 0:
        return None
    n, d = math.isqrt(x.numerator), math.isqrt(x.denominator)
    return Fraction(n, d) if n * n == x.numerator and d * d == x.denominator else None


_EXACT = {
    ("+", 2): lambda a, b: a + b,
    ("-", 2): lambda a, b: a - b,
    ("*", 2): lambda a, b: a * b,
    ("/", 2): lambda a, b: a / b if b != 0 else None,
    ("neg", 1): lambda a: -a,
    ("abs", 1): abs,
    ("pow", 2): _exact_pow,
    ("sqrt", 1): _exact_sqrt,
}

_FLOAT = {
    **{k: v for k, v in _EXACT.items() if k not in {("pow", 2), ("sqrt", 1)}},
    ("pow", 2): math.pow,
    ("sqrt", 1): math.sqrt,
    ("exp", 1): math.exp,
    ("log", 1): math.log,
    ("sin", 1): math.sin,
    ("cos", 1): math.cos,
    ("tan", 1): math.tan,
    ("expm1", 1): math.expm1,
    ("log1p", 1): math.log1p,
}


class ConstantFolding:
    """Constant folding: each e-class knows its constant value, or ``None``.

    Parameters
    ----------
    prune : bool, default True
        Drop the non-leaf nodes of a class once it is known constant (egg's pruning), which
        removes most matches that lead nowhere.
    fold_floats : bool, default True
        Fold operations with a float operand in float64 (``+ - * /``, ``neg``, ``abs``,
        ``pow``, ``sqrt``, ``exp``, ``log``, ``sin``, ``cos``, ``tan``, ``expm1``,
        ``log1p``). Exact operands fold exactly for ``+ - * /``, ``neg``, ``abs``, integer
        ``pow`` (|exponent| <= 64) and ``sqrt`` of perfect squares.

    Notes
    -----
    Division by zero, negative powers of zero, domain errors and non-finite float results
    are never folded. Merging two classes whose constants differ raises
    :class:`ConstantConflictError` (a rewrite is unsound); an exact constant and a float of
    equal value merge and keep the exact one.

    Examples
    --------
    >>> from symalg.egraph import EGraph, parse_term
    >>> eg = EGraph(analysis=ConstantFolding())
    >>> c = eg.add_term(parse_term("(+ (* 2 3) 1/2)"))
    >>> eg.rebuild()
    0
    >>> eg.data(c), eg.nodes(c)
    (Fraction(13, 2), [(Fraction(13, 2), ())])
    >>> eg.union(c, eg.add_term(parse_term("7")))
    Traceback (most recent call last):
    ...
    symalg.egraph._errors.ConstantConflictError: ConstantFolding: merging e-classes ...
    """

    def __init__(self, *, prune: bool = True, fold_floats: bool = True) -> None:
        self.prune = bool(prune)
        self.fold_floats = bool(fold_floats)

    def __repr__(self) -> str:
        return f"ConstantFolding(prune={self.prune}, fold_floats={self.fold_floats})"

    def make(self, egraph: EGraph, op: Op, children: tuple[int, ...]) -> Fraction | float | None:
        """Fold ``op`` over the children's constants, or return None."""
        if is_constant(op):
            return op  # type: ignore[return-value]
        if not children:
            return None
        values = [egraph._data[egraph.find(c)] for c in children]
        if any(v is None for v in values):
            return None
        key = (op, len(values))
        if any(isinstance(v, float) for v in values):
            fn = _FLOAT.get(key) if self.fold_floats else None
            if fn is None:
                return None
            try:
                out = fn(*(float(v) for v in values))
            except (ValueError, OverflowError, ZeroDivisionError):
                return None
            return float(out) if out is not None and math.isfinite(out) else None
        fn = _EXACT.get(key)
        return None if fn is None else fn(*values)

    def merge(self, a: Any, b: Any) -> tuple[Any, bool, bool]:
        """Join two constants; raise on a conflict."""
        if a is None:
            return b, b is not None, False
        if b is None:
            return a, False, True
        if _const_key(a) == _const_key(b):
            return a, False, False
        if a == b:  # exact and float of equal value: keep the exact one
            if isinstance(a, float):
                return b, True, False
            return a, False, True
        raise ConstantConflictError(
            f"ConstantFolding: merging e-classes with different constants {a} and {b}; "
            "a rewrite applied so far is unsound (check conditions such as nonzero divisors)."
        )

    def modify(self, egraph: EGraph, class_id: int) -> None:
        """Add the constant as a leaf of its class and prune the class if asked."""
        value = egraph._data[egraph.find(class_id)]
        if value is None:
            return
        leaf = egraph._add((egraph._intern(value, 0),))
        egraph.union(class_id, leaf)
        if self.prune:
            egraph.prune(class_id)
