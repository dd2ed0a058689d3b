"""The optimiser: sympy expressions -> e-graph -> cheapest equivalent expressions."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Literal

import sympy

from symalg._validation import check_bool, check_option
from symalg.egraph._analysis import ConstantFolding
from symalg.egraph._cost import CostModel, symbolics_cycles
from symalg.egraph._dag import DagExtraction, extract_dag
from symalg.egraph._egraph import EGraph
from symalg.egraph._rewrite import Rewrite
from symalg.egraph._runner import Report, Runner
from symalg.egraph._sympy import sympy_to_term, term_to_sympy
from symalg.egraph._term import Term
from symalg.egraph.rules import select_rules
from symalg.errors import InvalidArgumentError, InvalidTypeError

__all__ = ["Optimized", "optimize_exprs", "simplify_for_evaluation", "egraph_optimizer"]

_LIMITS = {"iter_limit": 12, "node_limit": 20_000, "time_limit": 2.0}


@dataclass(frozen=True)
class Optimized:
    """What :func:`optimize_exprs` found.

    Attributes
    ----------
    exprs : list of sympy.Expr
        The cheapest equivalent expressions (built with sympy's evaluating constructors), or
        the inputs unchanged when nothing cheaper was found.
    cost_before, cost_after : float
        Model cost of evaluating the inputs and ``exprs``: after sympy's common-subexpression
        elimination (what code generation does next) for inputs up to 5 000 operations,
        else the DAG cost of the terms.
    report : Report
        The saturation run.
    extraction : DagExtraction
    cost_candidate : float
        Model cost of the extracted candidate, measured like ``cost_before`` (so it can
        exceed it when the candidate was rejected).
    """

    exprs: list[Any]
    cost_before: float
    cost_after: float
    report: Report = field(repr=False)
    extraction: DagExtraction = field(repr=False)
    cost_candidate: float = field(default=float("nan"), repr=False)

    @property
    def improved(self) -> bool:
        """True if the expressions were replaced by cheaper ones."""
        return self.cost_after < self.cost_before


def _dag_cost_of_terms(terms: Sequence[Term], cost: CostModel) -> float:
    seen: set[Term] = set()
    stack, total = list(terms), 0.0
    while stack:
        t = stack.pop()
        if t in seen:
            continue
        seen.add(t)
        total += cost.node_cost(t.op, len(t.args))
        stack.extend(t.args)
    return total


#: Above this many term nodes the CSE-aware comparison is skipped (sympy's CSE is superlinear).
_CSE_CHECK_OPS = 5_000


def _evaluation_cost(exprs: Sequence[Any], cost: CostModel) -> float:
    """Model cost of evaluating ``exprs`` after sympy's common-subexpression elimination.

    Code generation runs CSE after the optimiser, and sympy's CSE shares sub-products of
    n-ary products and sums that a binary term only shares in one grouping, so this is the
    fair figure to compare an optimised form with the original.
    """
    reps, reduced = sympy.cse(list(exprs), order="none")
    terms = [sympy_to_term(v) for _, v in reps] + [sympy_to_term(e) for e in reduced]
    return _dag_cost_of_terms([_small_powers_as_products(t) for t in terms], cost)


def _small_powers_as_products(term: Term) -> Term:
    """``(pow b n)`` for integer 2 <= |n| <= 8 as the multiplications a compiler emits."""
    if not term.args:
        return term
    args = tuple(_small_powers_as_products(a) for a in term.args)
    exp = args[1].op if term.op == "pow" and len(args) == 2 and not args[1].args else None
    if isinstance(exp, Fraction) and exp.denominator == 1 and 2 <= abs(exp) <= 8:
        n, acc, square = abs(int(exp)), None, args[0]
        while n:
            if n & 1:
                acc = square if acc is None else Term("*", (acc, square))
            n >>= 1
            if n:
                square = Term("*", (square, square))
        assert acc is not None
        return acc if exp > 0 else Term("/", (Term(Fraction(1)), acc))
    return Term(term.op, args)


def _symbols(exprs: Sequence[Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for e in exprs:
        for s in sorted(e.free_symbols, key=str):
            if out.setdefault(s.name, s) != s:
                raise InvalidArgumentError(
                    f"optimize: two different symbols are named {s.name!r} (different "
                    "assumptions?); rename one."
                )
    return out


def _check_settings(
    rules: Sequence[Rewrite] | None,
    cost: CostModel | None,
    limits: Mapping[str, Any] | None,
    fast_math: bool,
    domain: bool,
    extraction: str,
    where: str,
) -> tuple[list[Rewrite], CostModel, dict[str, Any]]:
    check_bool("fast_math", fast_math, where=where)
    check_bool("domain", domain, where=where)
    check_option("extraction", extraction, ("greedy", "ilp"), where=where)
    if rules is None:
        rules = select_rules(fast_math=fast_math, domain=domain)
    rules = list(rules)
    if not all(isinstance(r, Rewrite) for r in rules):
        raise InvalidTypeError(f"{where}: rules must be a sequence of Rewrite objects.")
    cost = symbolics_cycles() if cost is None else cost
    if not isinstance(cost, CostModel):
        raise InvalidTypeError(f"{where}: cost must be a CostModel, got {type(cost).__name__}.")
    merged = dict(_LIMITS)
    for key, value in dict(limits or {}).items():
        if key not in _LIMITS:
            raise InvalidArgumentError(
                f"{where}: unknown limit {key!r}; use some of {', '.join(_LIMITS)}."
            )
        merged[key] = value
    return rules, cost, merged


def optimize_exprs(
    exprs: Sequence[Any],
    *,
    rules: Sequence[Rewrite] | None = None,
    cost: CostModel | None = None,
    limits: Mapping[str, Any] | None = None,
    fast_math: bool = False,
    domain: bool = False,
    extraction: Literal["greedy", "ilp"] = "greedy",
) -> Optimized:
    """Saturate the expressions together and extract the cheapest DAG; see the report.

    Parameters are those of :func:`simplify_for_evaluation`.

    Examples
    --------
    >>> import sympy
    >>> x = sympy.Symbol("x")
    >>> res = optimize_exprs([x**3 + 2*x**2 + 3*x + 4], fast_math=True)
    >>> res.exprs, res.cost_before, res.cost_after
    ([x*(x*(x + 2) + 3) + 4], 15.0, 9.0)
    """
    where = "optimize_exprs"
    if isinstance(exprs, sympy.Basic) or not isinstance(exprs, Sequence):
        raise InvalidTypeError(
            f"{where}: exprs must be a sequence of sympy expressions, e.g. [expr], got "
            f"{type(exprs).__name__}."
        )
    rules, cost, lim = _check_settings(rules, cost, limits, fast_math, domain, extraction, where)
    exprs = [sympy.sympify(e) for e in exprs]
    symbols = _symbols(exprs)
    terms: dict[int, Term] = {}
    for i, e in enumerate(exprs):
        try:
            terms[i] = sympy_to_term(e)
        except InvalidArgumentError:  # e.g. Piecewise: passed through unchanged
            pass
    todo = [exprs[i] for i in terms]
    cost = _complete_costs(cost, list(terms.values()))
    eg = EGraph(analysis=ConstantFolding(prune=True))
    roots = [eg.add_term(t) for t in terms.values()] or [eg.add_term(Term(0))]
    report = Runner(eg, rules, scheduler="backoff", **lim).run()
    found = extract_dag(eg, roots, cost, method=extraction)
    # evaluated: sympy's CSE (run next by code generation) mishandles unevaluated trees
    out = [term_to_sympy(t, symbols, evaluate=True) for t in found.terms][: len(todo)]
    if sum(t.size for t in terms.values()) <= _CSE_CHECK_OPS:
        before, after = _evaluation_cost(todo, cost), _evaluation_cost(out, cost)
    else:
        before, after = _dag_cost_of_terms(list(terms.values()), cost), found.cost
    if after < before:
        merged = list(exprs)
        for i, e in zip(terms, out, strict=True):
            merged[i] = e
        return Optimized(merged, before, after, report, found, after)
    return Optimized(list(exprs), before, before, report, found, after)


def _complete_costs(cost: CostModel, terms: Sequence[Term]) -> CostModel:
    """Give operators of the input missing from the table the table's largest cost.

    Rules never create such operators, so their cost only has to be finite and the same
    before and after.
    """
    missing: set[str] = set()
    stack = list(terms)
    while stack:
        t = stack.pop()
        if t.args and isinstance(t.op, str) and t.op not in cost.op_costs:
            missing.add(t.op)
        stack.extend(t.args)
    if not missing or cost.default is not None:
        return cost
    top = max(cost.op_costs.values(), default=1.0)
    return cost.with_costs(**dict.fromkeys(sorted(missing), top))


def simplify_for_evaluation(
    exprs: Sequence[Any],
    *,
    rules: Sequence[Rewrite] | None = None,
    cost: CostModel | None = None,
    limits: Mapping[str, Any] | None = None,
    fast_math: bool = False,
    domain: bool = False,
    extraction: Literal["greedy", "ilp"] = "greedy",
) -> list[Any]:
    """Return the cheapest equivalent expressions to evaluate, as unevaluated sympy.

    All expressions go into one e-graph (so shared work is counted once), are saturated
    with ``rules`` under ``limits``, and the cheapest DAG under ``cost`` is extracted. If it
    is not cheaper than the input (both measured after sympy's common-subexpression
    elimination, which code generation applies next), the input is returned unchanged.

    Parameters
    ----------
    exprs : sequence of sympy.Expr
    rules : sequence of Rewrite, optional
        Default: :func:`symalg.egraph.rules.select_rules` with ``fast_math`` and ``domain``.
    cost : CostModel, optional
        Default :func:`symbolics_cycles`; pass :func:`calibrate_cost_model` for this CPU.
    limits : dict, optional
        ``iter_limit`` (12), ``node_limit`` (20 000), ``time_limit`` (2.0 s).
    fast_math : bool, default False
        Allow rules exact only in the reals (reassociation, factoring, reciprocals).
    domain : bool, default False
        Allow rules valid under stated domain conditions the caller guarantees.
    extraction : {"greedy", "ilp"}, default "greedy"

    Returns
    -------
    list of sympy.Expr
        Built with sympy's evaluating constructors, because sympy's CSE (which code
        generation runs next) mishandles some unevaluated trees. Factored and Horner forms
        survive; ``x*x`` prints as ``x**2`` (code generation turns small integer powers into
        products again) and a number times a sum is distributed.

    Raises
    ------
    InvalidTypeError
        If ``exprs`` is not a sequence (pass ``[expr]``), or rules/cost have wrong types.
    InvalidArgumentError
        For unknown limits or options, or an expression with no term form.

    Notes
    -----
    With the default (sound) rules every rewrite is exact in float64, except constant
    folding, which is exact over the rationals. The result never has a higher model cost
    than the input. Expressions with no term form (``Piecewise``, relations, ...) are
    returned unchanged; operators missing from the cost table get its largest cost.

    Examples
    --------
    >>> import sympy
    >>> x, y = sympy.symbols("x y")
    >>> simplify_for_evaluation([x**2*y + x**2])  # nothing cheaper with exact rules
    [x**2*y + x**2]
    >>> simplify_for_evaluation([x**3 + 2*x**2 + 3*x + 4], fast_math=True)
    [x*(x*(x + 2) + 3) + 4]
    >>> simplify_for_evaluation(x)
    Traceback (most recent call last):
    ...
    symalg.errors.InvalidTypeError: optimize_exprs: exprs must be a sequence of sympy ...
    """
    return optimize_exprs(
        exprs,
        rules=rules,
        cost=cost,
        limits=limits,
        fast_math=fast_math,
        domain=domain,
        extraction=extraction,
    ).exprs


@dataclass(frozen=True)
class _Optimizer:
    rules: list[Rewrite]
    cost: CostModel
    limits: dict[str, Any]
    extraction: str

    def __call__(self, exprs: Sequence[Any]) -> list[Any]:
        return optimize_exprs(
            exprs, rules=self.rules, cost=self.cost, limits=self.limits, extraction=self.extraction
        ).exprs  # type: ignore[arg-type]


def egraph_optimizer(
    *,
    rules: Sequence[Rewrite] | None = None,
    cost: CostModel | None = None,
    limits: Mapping[str, Any] | None = None,
    fast_math: bool = False,
    domain: bool = False,
    extraction: Literal["greedy", "ilp"] = "greedy",
) -> Callable[[Sequence[Any]], list[Any]]:
    """Return ``f(exprs) -> exprs`` for ``compile_kernel(..., optimize=f)``.

    Settings are validated now, once; each call runs :func:`simplify_for_evaluation`.

    Examples
    --------
    >>> import sympy
    >>> x, y = sympy.symbols("x y")
    >>> opt = egraph_optimizer(fast_math=True, limits={"node_limit": 5_000})
    >>> opt([x*y + 3*x])
    [x*(y + 3)]
    >>> egraph_optimizer(limits={"nodes": 10})
    Traceback (most recent call last):
    ...
    symalg.errors.InvalidArgumentError: egraph_optimizer: unknown limit 'nodes'; ...
    """
    rules, cost, lim = _check_settings(
        rules, cost, limits, fast_math, domain, extraction, "egraph_optimizer"
    )
    return _Optimizer(rules, cost, lim, extraction)
