"""The equality-saturation loop: schedulers, limits, per-iteration reports."""

from __future__ import annotations

import gc
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, Protocol, runtime_checkable

from symalg._validation import check_int, check_option
from symalg.egraph._pattern import Match
from symalg.egraph._rewrite import Rewrite
from symalg.egraph._term import Term
from symalg.errors import (
    ConvergenceError,
    InvalidArgumentError,
    InvalidTypeError,
    SaturationWarning,
)

if TYPE_CHECKING:
    from symalg.egraph._egraph import EGraph

__all__ = ["Runner", "Report", "Iteration", "SimpleScheduler", "BackoffScheduler", "Scheduler"]

StopReason = Literal["saturated", "iteration_limit", "node_limit", "time_limit", "goals_proven"]


@runtime_checkable
class Scheduler(Protocol):
    """Decides which matches of which rule are applied (egg's ``RewriteScheduler``).

    Methods
    -------
    search(iteration, egraph, rule, limit)
        Return the matches of ``rule`` to apply in this iteration (possibly none).
    can_stop(iteration)
        Return True if the run may report saturation now.

    Examples
    --------
    >>> isinstance(BackoffScheduler(), Scheduler)
    True
    """

    def search(self, iteration: int, egraph: EGraph, rule: Rewrite, limit: int) -> list[Match]:
        """Matches of ``rule`` to apply now."""

    def can_stop(self, iteration: int) -> bool:
        """Whether saturation may be reported."""


class SimpleScheduler:
    """Every rule, every match, every iteration.

    Examples
    --------
    >>> SimpleScheduler().can_stop(0)
    True
    """

    def search(self, iteration: int, egraph: EGraph, rule: Rewrite, limit: int) -> list[Match]:
        """Return all matches (at most ``limit + 1``)."""
        return rule.search(egraph, limit)

    def can_stop(self, iteration: int) -> bool:
        """Always True."""
        return True


@dataclass
class _RuleStats:
    times_banned: int = 0
    banned_until: int = 0


class BackoffScheduler:
    """egg's ``BackoffScheduler``: ban a rule whose matches exceed a threshold.

    At iteration ``i`` a rule banned until a later iteration is skipped. Otherwise the
    threshold is ``match_limit << times_banned``; if the rule has more matches than that, it
    is banned for ``ban_length << times_banned`` iterations **before any of its matches are
    applied**, and ``times_banned`` grows. State lives on the scheduler and persists across
    the iterations of a run.

    Parameters
    ----------
    match_limit : int, default 1000
    ban_length : int, default 5
    overrides : dict, optional
        Per-rule ``(match_limit, ban_length)``; ``match_limit=None`` never bans the rule.

    Notes
    -----
    :meth:`can_stop` implements egg's fast-forward: when nothing changed but rules are
    banned, every ban is shifted back so that the earliest one ends now, and the run
    continues; the runner never reports saturation while a rule is banned.

    Examples
    --------
    >>> s = BackoffScheduler(match_limit=10, ban_length=2)
    >>> s.can_stop(0)
    True
    """

    def __init__(
        self,
        *,
        match_limit: int = 1000,
        ban_length: int = 5,
        overrides: dict[str, tuple[int | None, int]] | None = None,
    ) -> None:
        self.match_limit = check_int(
            "match_limit", match_limit, where="BackoffScheduler", minimum=1
        )
        self.ban_length = check_int("ban_length", ban_length, where="BackoffScheduler", minimum=0)
        self.overrides = dict(overrides or {})
        self.stats: dict[str, _RuleStats] = {}

    def search(self, iteration: int, egraph: EGraph, rule: Rewrite, limit: int) -> list[Match]:
        """Return the rule's matches, or none if it is (or just got) banned."""
        stats = self.stats.setdefault(rule.name, _RuleStats())
        if iteration < stats.banned_until:
            return []
        match_limit, ban_length = self.overrides.get(
            rule.name, (self.match_limit, self.ban_length)
        )
        if match_limit is None:
            return rule.search(egraph, limit)
        threshold = match_limit << stats.times_banned
        matches = rule.search(egraph, min(threshold, limit))
        if len(matches) > threshold:
            stats.banned_until = iteration + (ban_length << stats.times_banned)
            stats.times_banned += 1
            return []
        return matches

    def can_stop(self, iteration: int) -> bool:
        """True if no rule is banned; otherwise fast-forward the bans and return False."""
        banned = [s for s in self.stats.values() if s.banned_until > iteration]
        if not banned:
            return True
        delta = min(s.banned_until for s in banned) - iteration
        for s in banned:
            s.banned_until -= delta
        return False

    def banned(self, iteration: int) -> list[str]:
        """Names of the rules banned at ``iteration``."""
        return [n for n, s in self.stats.items() if s.banned_until > iteration]


@dataclass(frozen=True)
class Iteration:
    """Figures of one iteration (sizes after its rebuild).

    Attributes
    ----------
    n_nodes, n_classes : int
    matches : dict of str to int
        Matches found per rule (after the scheduler's decision).
    applied : dict of str to int
        Applications that changed the e-graph, per rule.
    search_time, apply_time, rebuild_time : float
        Seconds.
    n_rebuild_unions : int
        Unions found by congruence closure in the rebuild.
    """

    n_nodes: int
    n_classes: int
    matches: dict[str, int]
    applied: dict[str, int]
    search_time: float
    apply_time: float
    rebuild_time: float
    n_rebuild_unions: int


@dataclass(frozen=True)
class Report:
    """Result of :meth:`Runner.run`: why it stopped and what each iteration did.

    Attributes
    ----------
    stop_reason : {"saturated", "iteration_limit", "node_limit", "time_limit", "goals_proven"}
    iterations : list of Iteration
    n_nodes, n_classes : int
        Final sizes (the e-graph is left rebuilt).
    total_time : float
        Seconds.
    """

    stop_reason: StopReason
    iterations: list[Iteration] = field(repr=False)
    n_nodes: int
    n_classes: int
    total_time: float

    @property
    def n_iterations(self) -> int:
        """Number of iterations run."""
        return len(self.iterations)

    @property
    def saturated(self) -> bool:
        """True if the e-graph is saturated under the rules."""
        return self.stop_reason == "saturated"


class _Stop(Exception):
    def __init__(self, reason: StopReason) -> None:
        self.reason = reason


class Runner:
    """Run rewrites to saturation or a limit, with egg's iteration semantics.

    Each iteration: search every active rule on the same rebuilt e-graph and collect all
    matches; apply them rule by rule; rebuild once; record the figures. Limits are checked
    after every rule's search and application, and the node limit also inside each rule's
    application loop, so a run that blows up stops at ``node_limit`` (overshoot at most one
    right-hand side) rather than exhausting memory.

    Parameters
    ----------
    egraph : EGraph
    rules : sequence of Rewrite
        Names must be unique.
    iter_limit : int, default 30
    node_limit : int, default 10_000
    time_limit : float, default 5.0
        Seconds.
    scheduler : {"backoff", "simple"} or Scheduler, default "backoff"
    hooks : sequence of callables, optional
        Each ``hook(runner)`` is called after every iteration's rebuild (e.g. to call
        :meth:`EGraph.check_invariants` in tests); exceptions propagate.

    Examples
    --------
    >>> from symalg.egraph import EGraph, parse_term, ConstantFolding
    >>> eg = EGraph(analysis=ConstantFolding())
    >>> root = eg.add_term(parse_term("(+ (* x 1) 0)"))
    >>> rules = [Rewrite("mul-1", "(* ?a 1)", "?a"), Rewrite("add-0", "(+ ?a 0)", "?a")]
    >>> report = Runner(eg, rules).run(roots=[root], goals=[parse_term("x")])
    >>> report.stop_reason
    'goals_proven'
    >>> Runner(eg, rules, iter_limit=0)
    Traceback (most recent call last):
    ...
    symalg.errors.InvalidArgumentError: Runner: iter_limit=0 must be >= 1.
    """

    def __init__(
        self,
        egraph: EGraph,
        rules: Sequence[Rewrite],
        *,
        iter_limit: int = 30,
        node_limit: int = 10_000,
        time_limit: float = 5.0,
        scheduler: Literal["backoff", "simple"] | Scheduler = "backoff",
        hooks: Sequence[Callable[[Runner], object]] = (),
    ) -> None:
        self.egraph = egraph
        self.hooks = list(hooks)
        if not all(callable(h) for h in self.hooks):
            raise InvalidTypeError("Runner: hooks must be callables hook(runner).")
        self.rules = _check_rules(rules)
        self.iter_limit = check_int("iter_limit", iter_limit, where="Runner", minimum=1)
        self.node_limit = check_int("node_limit", node_limit, where="Runner", minimum=1)
        if isinstance(time_limit, bool) or not isinstance(time_limit, (int, float)):
            raise InvalidTypeError(
                f"Runner: time_limit must be a number of seconds, got {time_limit!r}."
            )
        if not time_limit > 0:
            raise InvalidArgumentError(f"Runner: time_limit={time_limit} must be > 0 seconds.")
        self.time_limit = float(time_limit)
        if isinstance(scheduler, str):
            check_option("scheduler", scheduler, ("backoff", "simple"), where="Runner")
            scheduler = BackoffScheduler() if scheduler == "backoff" else SimpleScheduler()
        elif not isinstance(scheduler, Scheduler):
            raise InvalidTypeError(
                "Runner: scheduler must be 'backoff', 'simple' or an object with search() and "
                f"can_stop() methods, got {type(scheduler).__name__}."
            )
        self.scheduler = scheduler
        self.iterations: list[Iteration] = []

    def run(
        self,
        roots: Sequence[int] | None = None,
        goals: Sequence[Term] | None = None,
        *,
        on_limit: Literal["report", "warn", "raise"] = "report",
    ) -> Report:
        """Iterate until saturation, a limit, or every goal is proven.

        Parameters
        ----------
        roots : sequence of int, optional
            E-class ids the goals refer to.
        goals : sequence of Term, optional
            With one root, every goal must become equivalent to it; otherwise goal ``i``
            to root ``i``. Checked before the first iteration and after each one.
        on_limit : {"report", "warn", "raise"}, default "report"
            What to do when a limit stops the run: return the report, also emit a
            :class:`SaturationWarning`, or raise :class:`ConvergenceError`.

        Returns
        -------
        Report
        """
        check_option("on_limit", on_limit, ("report", "warn", "raise"), where="Runner.run")
        pairs = _goal_pairs(roots, goals)
        eg, start = self.egraph, time.perf_counter()
        # the e-graph's containers hold no reference cycles: the cyclic collector only costs
        gc_enabled = gc.isenabled()
        gc.disable()
        try:
            eg.rebuild()
            reason: StopReason | None = None
            while reason is None:
                if pairs and all(eg.equiv(r, g) for r, g in pairs):
                    reason = "goals_proven"
                elif len(self.iterations) >= self.iter_limit:
                    reason = "iteration_limit"
                else:
                    reason = self._run_one(start)
        finally:
            if gc_enabled:
                gc.enable()
        report = Report(
            reason, list(self.iterations), eg.n_nodes, eg.n_classes, time.perf_counter() - start
        )
        if reason not in ("saturated", "goals_proven") and on_limit != "report":
            msg = (
                f"Runner: stopped by {reason} after {report.n_iterations} iterations with "
                f"{report.n_nodes} e-nodes; raise the limit or use fewer rules."
            )
            if on_limit == "raise":
                raise ConvergenceError(msg)
            warnings.warn(msg, SaturationWarning, stacklevel=2)
        return report

    def _check_limits(self, start: float) -> None:
        if self.egraph.n_nodes > self.node_limit:
            raise _Stop("node_limit")
        if time.perf_counter() - start > self.time_limit:
            raise _Stop("time_limit")

    def _run_one(self, start: float) -> StopReason | None:
        eg, i = self.egraph, len(self.iterations)
        stop: StopReason | None = None
        found: list[tuple[Rewrite, list[Match]]] = []
        applied: dict[str, int] = {}
        t0 = time.perf_counter()
        t1: float | None = None
        cap = 10 * self.node_limit
        try:
            self._check_limits(start)
            for rule in self.rules:
                found.append((rule, self.scheduler.search(i, eg, rule, cap)))
                self._check_limits(start)
            t1 = time.perf_counter()
            for rule, matches in found:
                n, hit = rule.apply_until(eg, matches, node_limit=self.node_limit)
                if n:
                    applied[rule.name] = n
                if hit:
                    raise _Stop("node_limit")
                self._check_limits(start)
        except _Stop as s:
            stop = s.reason
        t2 = time.perf_counter()
        t1 = t2 if t1 is None else t1
        n_unions = eg.rebuild()
        t3 = time.perf_counter()
        self.iterations.append(
            Iteration(
                eg.n_nodes,
                eg.n_classes,
                {r.name: len(m) for r, m in found},
                applied,
                t1 - t0,
                t2 - t1,
                t3 - t2,
                n_unions,
            )
        )
        for hook in self.hooks:
            hook(self)
        truncated = any(len(m) > cap for _, m in found)
        if stop is None and not applied and not truncated and self.scheduler.can_stop(i):
            return "saturated"
        return stop


def _check_rules(rules: Sequence[Rewrite]) -> list[Rewrite]:
    rules = list(rules)
    names: set[str] = set()
    for r in rules:
        if not isinstance(r, Rewrite):
            raise InvalidTypeError(
                f"Runner: rules must be Rewrite objects, got {type(r).__name__}."
            )
        if r.name in names:
            raise InvalidArgumentError(
                f"Runner: two rules are named {r.name!r}; give each rule a unique name."
            )
        names.add(r.name)
    return rules


def _goal_pairs(
    roots: Sequence[int] | None, goals: Sequence[Term] | None
) -> list[tuple[int, Term]]:
    if not goals:
        return []
    roots = list(roots or [])
    goals = list(goals)
    if len(roots) == 1:
        return [(roots[0], g) for g in goals]
    if len(roots) != len(goals):
        raise InvalidArgumentError(
            f"Runner.run: {len(goals)} goals for {len(roots)} roots; pass one root, or one "
            "goal per root."
        )
    return list(zip(roots, goals, strict=True))
