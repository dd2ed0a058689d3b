"""Rewrites (searcher + applier + condition) and the built-in conditions."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal

from symalg._validation import check_option
from symalg.egraph._errors import RewriteError
from symalg.egraph._pattern import Match, Pattern, _is_var, _walk, compile_apply_loop
from symalg.egraph._term import Term, is_constant, parse_term
from symalg.errors import InvalidArgumentError, InvalidTypeError

if TYPE_CHECKING:
    from symalg.egraph._egraph import EGraph

__all__ = ["Rewrite", "birewrite", "is_const", "is_sym", "is_not_zero", "distinct"]

Condition = Callable[["EGraph", dict[str, int]], bool]
Applier = Callable[["EGraph", int, dict[str, int]], "int | None"]
Validity = Literal["sound", "domain", "fast_math"]
VALIDITIES = ("sound", "domain", "fast_math")


class Rewrite:
    """A named rewrite ``lhs -> rhs``, optionally conditional (egg's ``Rewrite``).

    Parameters
    ----------
    name : str
        Used in reports and error messages.
    lhs : str or Term
        Left-hand side pattern; ``?x`` leaves are variables. A bare variable matches every
        e-class.
    rhs : str or Term or callable
        Right-hand side pattern, or a custom applier ``f(egraph, class_id, subst)`` that
        returns an e-class to merge with the matched one, or ``None`` after editing the
        e-graph itself.
    condition : callable or sequence of callables, optional
        Predicates ``(egraph, subst) -> bool``; ``subst`` maps variable names as written
        (``"?a"``) to e-class ids. All must hold for a match to be applied.
    validity : {"sound", "domain", "fast_math"}, default "sound"
        ``"sound"``: exact in IEEE float64 arithmetic as well as in the reals; ``"domain"``:
        exact where ``note`` says (e.g. ``x > 0``); ``"fast_math"``: exact in the reals
        only (reassociation, distribution, ...), changes rounding.
    note : str, optional
        The domain condition or caveat, for documentation and reports.

    Raises
    ------
    InvalidArgumentError
        If the right-hand side uses a variable the left-hand side does not bind (the message
        names the rule and the variable), or ``validity`` is unknown.

    Examples
    --------
    >>> from symalg.egraph import EGraph, parse_term
    >>> rw = Rewrite("comm-add", "(+ ?a ?b)", "(+ ?b ?a)")
    >>> eg = EGraph()
    >>> root = eg.add_term(parse_term("(+ x y)"))
    >>> rw.apply(eg, rw.search(eg))
    1
    >>> _ = eg.rebuild()
    >>> eg.equiv(parse_term("(+ y x)"), root)
    True
    >>> Rewrite("bad", "(+ ?a 0)", "?b")
    Traceback (most recent call last):
    ...
    symalg.errors.InvalidArgumentError: Rewrite 'bad': the right-hand side uses ?b, which ...
    """

    __slots__ = (
        "name",
        "lhs",
        "rhs",
        "applier",
        "conditions",
        "validity",
        "note",
        "_index",
        "_loop",
    )

    def __init__(
        self,
        name: str,
        lhs: str | Term,
        rhs: str | Term | Applier,
        *,
        condition: Condition | Sequence[Condition] | None = None,
        validity: Validity = "sound",
        note: str = "",
    ) -> None:
        if not isinstance(name, str) or not name:
            raise InvalidTypeError(f"Rewrite: name must be a non-empty str, got {name!r}.")
        self.name = name
        self.lhs = Pattern(lhs)
        self.validity = check_option("validity", validity, VALIDITIES, where=f"Rewrite {name!r}")
        self.note = str(note)
        self._index = {v: i + 1 for i, v in enumerate(self.lhs.vars)}
        self.conditions = _conditions(name, condition)
        if callable(rhs) and not isinstance(rhs, (str, Term)):
            self.rhs: Pattern | None = None
            self.applier: Applier | None = rhs
            self._loop = None
            return
        self.rhs = Pattern(parse_term(rhs) if isinstance(rhs, str) else rhs)
        self.applier = None
        self._loop = (
            compile_apply_loop(self.rhs.term, self._index)
            if not self.rhs.vars or all(v in self._index for v in self.rhs.vars)
            else None
        )
        for v in self.rhs.vars:
            if v not in self._index:
                raise InvalidArgumentError(
                    f"Rewrite {name!r}: the right-hand side uses {v}, which the left-hand "
                    f"side {self.lhs.term} does not bind; bind it on the left or remove it."
                )

    def __repr__(self) -> str:
        rhs = self.rhs.term if self.rhs is not None else getattr(self.applier, "__name__", "?")
        return f"Rewrite({self.name!r}, {str(self.lhs.term)!r}, {str(rhs)!r})"

    @property
    def is_conditional(self) -> bool:
        """True if the rewrite has a condition."""
        return bool(self.conditions)

    def search(self, egraph: EGraph, limit: int | None = None) -> list[Match]:
        """Return the matches of the left-hand side (see :meth:`Pattern.search`)."""
        return self.lhs.search(egraph, limit)

    def subst(self, match: Match) -> dict[str, int]:
        """Return the substitution ``{"?a": class_id, ...}`` of a match."""
        return dict(zip(self.lhs.vars, match[1:], strict=True))

    def apply(
        self, egraph: EGraph, matches: Sequence[Match], *, node_limit: int | None = None
    ) -> int:
        """Apply the rewrite to ``matches``; return how many changed the e-graph.

        With ``node_limit``, stop as soon as the e-graph holds more nodes than that (the
        overshoot is at most one right-hand side).
        """
        return self.apply_until(egraph, matches, node_limit=node_limit)[0]

    def apply_until(
        self, egraph: EGraph, matches: Sequence[Match], *, node_limit: int | None = None
    ) -> tuple[int, bool]:
        """Like :meth:`apply`; also return whether the node limit stopped it."""
        if not matches:
            return 0, False
        stop_at = (1 << 62) if node_limit is None else node_limit + 1
        if self.applier is not None:
            return self._apply_custom(egraph, matches, stop_at)
        check = self._check if self.conditions else None
        return self._loop(egraph, matches, stop_at, check)  # type: ignore[misc]

    def _apply_custom(
        self, egraph: EGraph, matches: Sequence[Match], stop_at: int
    ) -> tuple[int, bool]:
        changed = 0
        for m in matches:
            if self.conditions and not self._check(egraph, m):
                continue
            before = egraph._version
            try:
                out = self.applier(egraph, egraph.find(m[0]), self.subst(m))  # type: ignore[misc]
            except Exception as err:
                raise RewriteError(
                    f"rule {self.name!r}: the applier raised {type(err).__name__}: {err}"
                ) from err
            if out is not None:
                egraph.union(m[0], out)
            changed += egraph._version != before
            if len(egraph._memo) >= stop_at:
                return changed, True
        return changed, False

    def _check(self, egraph: EGraph, match: Match) -> bool:
        subst = self.subst(match)
        for cond in self.conditions:
            try:
                ok = cond(egraph, subst)
            except Exception as err:
                raise RewriteError(
                    f"rule {self.name!r}: the condition raised {type(err).__name__}: {err}"
                ) from err
            if not ok:
                return False
        return True


def _conditions(name: str, condition: Any) -> tuple[Condition, ...]:
    if condition is None:
        return ()
    conds = (condition,) if callable(condition) else tuple(condition)
    for c in conds:
        if not callable(c):
            raise InvalidTypeError(
                f"Rewrite {name!r}: condition must be callable (egraph, subst) -> bool or a "
                f"sequence of them, got {type(c).__name__}."
            )
    return conds


def birewrite(name: str, lhs: str | Term, rhs: str | Term, **kwargs: Any) -> list[Rewrite]:
    """Return the rewrites ``lhs -> rhs`` (``name``) and ``rhs -> lhs`` (``name-rev``).

    Examples
    --------
    >>> [r.name for r in birewrite("assoc-add", "(+ ?a (+ ?b ?c))", "(+ (+ ?a ?b) ?c)")]
    ['assoc-add', 'assoc-add-rev']
    """
    return [Rewrite(name, lhs, rhs, **kwargs), Rewrite(f"{name}-rev", rhs, lhs, **kwargs)]


def _var(name: str, where: str) -> str:
    if not isinstance(name, str) or not name.startswith("?"):
        raise InvalidArgumentError(
            f"{where}: {name!r} is not a pattern variable; write it as in the pattern, e.g. '?a'."
        )
    return name


def _constant_of(egraph: EGraph, class_id: int) -> Fraction | float | None:
    data = egraph.data(class_id)
    if is_constant(data):
        return data  # type: ignore[no-any-return]
    for op, children in egraph.nodes(class_id):
        if not children and is_constant(op):
            return op  # type: ignore[return-value]
    return None


def is_const(var: str) -> Condition:
    """Condition: the class of ``var`` holds a numeric constant.

    Examples
    --------
    >>> from symalg.egraph import EGraph, parse_term
    >>> eg = EGraph()
    >>> is_const("?a")(eg, {"?a": eg.add_term(parse_term("2"))})
    True
    """
    _var(var, "is_const")
    return lambda egraph, subst: _constant_of(egraph, subst[var]) is not None


def is_sym(var: str) -> Condition:
    """Condition: the class of ``var`` holds a symbol (a leaf that is not a constant).

    Examples
    --------
    >>> from symalg.egraph import EGraph, parse_term
    >>> eg = EGraph()
    >>> is_sym("?a")(eg, {"?a": eg.add_term(parse_term("x"))})
    True
    """
    _var(var, "is_sym")

    def cond(egraph: EGraph, subst: dict[str, int]) -> bool:
        return any(not ch and isinstance(op, str) for op, ch in egraph.nodes(subst[var]))

    return cond


def is_not_zero(var: str) -> Condition:
    """Condition: the class of ``var`` is known to be a nonzero constant.

    A monotone fact: once true it stays true as the e-graph grows (unlike "not yet equal to
    0", which a later union can falsify; egg#297).

    Examples
    --------
    >>> from symalg.egraph import EGraph, parse_term
    >>> eg = EGraph()
    >>> cond = is_not_zero("?a")
    >>> three, x = eg.add_term(parse_term("3")), eg.add_term(parse_term("x"))
    >>> cond(eg, {"?a": three}), cond(eg, {"?a": x})
    (True, False)
    """
    _var(var, "is_not_zero")

    def cond(egraph: EGraph, subst: dict[str, int]) -> bool:
        value = _constant_of(egraph, subst[var])
        return value is not None and value != 0

    return cond


def distinct(*variables: str) -> Condition:
    """Condition: the given variables are bound to pairwise different e-classes.

    Examples
    --------
    >>> distinct("?a", "?b")(None, {"?a": 1, "?b": 1})
    False
    """
    for v in variables:
        _var(v, "distinct")

    def cond(egraph: EGraph, subst: dict[str, int]) -> bool:
        ids = [egraph.find(subst[v]) if egraph is not None else subst[v] for v in variables]
        return len(set(ids)) == len(ids)

    return cond


def pattern_vars(term: Term) -> list[str]:
    """Return the variables of a term in first-appearance order."""
    return list(dict.fromkeys(s.op for s in _walk(term) if _is_var(s)))  # type: ignore[misc]
