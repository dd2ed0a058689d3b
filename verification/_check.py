"""check_equivariance and the assert_* wrappers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from hypothesis import strategies as st
from hypothesis import target

from symalg import InvalidArgumentError
from verification._errors import (
    AlgebraicLawError,
    ComponentError,
    EquivarianceError,
    InvarianceError,
    RepresentationError,
)
from verification._evaluate import Errors, Evaluator, as_tuple
from verification._report import Counterexample, Report
from verification._search import Stop, check_budget, run_search
from verification._tolerances import tolerance
from verification._validate import check_callable, check_dtype, check_flag, check_positive
from verification.actions import Action, resolve
from verification.groups import Group, from_spec

__all__ = [
    "check_equivariance",
    "assert_equivariant",
    "assert_invariant",
    "equivariance_error",
    "raise_for",
]


#: Allowed multiple of the measured rounding noise of ``g.x`` (groups whose actions round).
NOISE_FACTOR = 100.0


@dataclass
class _Stats:
    n: int = 0
    n_degenerate: int = 0
    max_abs: float = 0.0
    max_rel: float = 0.0
    max_scaled: float = 0.0
    max_degenerate: float = 0.0
    max_noise: float = 0.0
    variety: int = 0
    by_type: dict[str, float] = field(default_factory=dict)
    per_output: list[float] = field(default_factory=list)
    keep: list[tuple[float, tuple[np.ndarray, ...]]] = field(default_factory=list)


def _action_names(actions: Any) -> str:
    return ", ".join(
        a if isinstance(a, str) else getattr(a, "__name__", "callable") for a in as_tuple(actions)
    )


def _resolve_all(spec: Any, group: Group) -> list[Action]:
    return [resolve(a, group) for a in as_tuple(spec)]


def _as_strategy(inputs: Any, where: str) -> st.SearchStrategy[Any]:
    if isinstance(inputs, st.SearchStrategy):
        return inputs
    if (
        isinstance(inputs, (tuple, list))
        and inputs
        and all(isinstance(s, st.SearchStrategy) for s in inputs)
    ):
        return st.tuples(*inputs)
    raise InvalidArgumentError(
        f"{where}: inputs must be a hypothesis strategy (e.g. strategies.point_clouds()) or a "
        f"tuple of strategies, got {type(inputs).__name__}."
    )


class _Run:
    """State of one check: the evaluator, tolerance model and running statistics."""

    def __init__(
        self, ev: Evaluator, rtol: float, degeneracy: Callable[..., float] | None, threshold: float
    ) -> None:
        self.ev, self.rtol, self.degeneracy, self.threshold = ev, rtol, degeneracy, threshold
        self.stats = _Stats()
        #: ``f`` is random: its error is sampling error, not rounding amplified by cond(g).
        self.stochastic = False

    def tol(self, g: Any, xs: tuple[np.ndarray, ...]) -> tuple[float, bool]:
        tol = self.rtol * (1.0 if self.stochastic else self.ev.group.scale(g))
        if self.degeneracy is None:
            return tol, False
        gap = float(self.degeneracy(*xs))
        return tol / max(gap, self.threshold), gap < self.threshold

    def example(self, g: Any, h: Any, xs: tuple[np.ndarray, ...]) -> tuple[Errors, float, bool]:
        try:
            err = self.ev.evaluate(g, h, xs)
        except InvalidArgumentError as usage:
            raise Stop("usage", usage) from usage
        tol, degenerate = self.tol(g, xs)
        s = self.stats
        s.n += 1
        if degenerate:
            s.n_degenerate += 1
            s.max_degenerate = max(s.max_degenerate, err.rel_error)
            return err, tol, True
        s.max_abs, s.max_rel = max(s.max_abs, err.abs_error), max(s.max_rel, err.rel_error)
        s.max_scaled = max(s.max_scaled, err.scaled_error)
        kind = self.ev.group.element_type(g)
        s.by_type[kind] = max(s.by_type.get(kind, 0.0), err.rel_error)
        s.per_output = [
            max(a, b)
            for a, b in zip(
                s.per_output or [0.0] * len(err.per_output), err.per_output, strict=True
            )
        ]
        if err.noise:
            s.max_noise = max(s.max_noise, max(err.noise))
        # keep the first input, the most generic one and the one with the largest error for
        # the deterministic sweep of special elements
        variety = sum(len(np.unique(x)) for x in xs)
        if not s.keep:
            s.keep = [(err.rel_error, xs)] * 3
            s.variety = variety
        if variety > s.variety:
            s.keep[1], s.variety = (err.rel_error, xs), variety
        if err.rel_error > s.keep[2][0]:
            s.keep[2] = (err.rel_error, xs)
        return err, tol, False

    def prop(self, g: Any, h: Any, x: Any, *, steer: bool = True) -> None:
        xs = as_tuple(x)
        err, tol, degenerate = self.example(g, h, xs)
        if degenerate:
            return
        if steer:
            score = err.excess(NOISE_FACTOR) / tol
            target(float(min(max(score, 0.0), 1e12)), label="relative error / tolerance")
        if not err.excess(NOISE_FACTOR) <= tol:
            raise Stop("violation", (g, xs, err))

    def search(self, g: Any, x: Any) -> None:
        self.prop(g, g, x)  # the pre-pass checked the laws on independent pairs (g, h)

    def representation(self, g: Any, h: Any, x: Any) -> None:
        try:
            self.ev.representation_only(g, h, as_tuple(x))
        except InvalidArgumentError as usage:
            raise Stop("usage", usage) from usage

    def sweep_specials(self, seed: int | None) -> Stop | None:
        """Deterministic pass: special elements and a few Haar samples on the kept inputs."""
        grp = self.ev.group
        rng = np.random.default_rng(0 if seed is None else seed)
        elements = [g for _, g in grp.special_elements()] + [grp.sample(rng) for _ in range(4)]
        inputs = list({id(xs): xs for _, xs in self.stats.keep}.values())
        for xs in inputs:
            for g in elements:
                try:
                    self.prop(g, grp.identity(), xs, steer=False)
                except Stop as stop:
                    return stop
        return None


def check_equivariance(
    f: Callable[..., Any],
    *,
    group: Group | str,
    input_action: Any,
    output_action: Any = "trivial",
    inputs: Any,
    max_examples: int = 100,
    dtype: str = "float64",
    rtol: float | None = None,
    floor: float | None = None,
    degeneracy: Callable[..., float] | None = None,
    degeneracy_threshold: float = 1e-3,
    seed: int | None = None,
    name: str | None = None,
    stochastic: bool = False,
) -> Report:
    """Check ``f(g.x) = g.f(x)`` with hypothesis and report the errors as numbers.

    Group elements come from ``group.elements()`` (special elements mixed with generic ones);
    inputs from ``inputs``. Each example first checks that the actions are group actions,
    then measures the errors in float64 (the transform and the comparison; ``f`` runs in
    ``dtype``), steers the search towards large errors with ``target()``, and shrinks a
    failure to a minimal counterexample. A passing search is followed by a deterministic
    sweep of all special elements and four Haar samples over three inputs kept from the
    search (the first, the most generic and the worst one): hypothesis favours simple
    draws, so a reflection may otherwise only ever meet a degenerate input.

    Parameters
    ----------
    f : callable
        ``f(*inputs) -> array or tuple of arrays`` on numpy arrays.
    group : Group or str
        A group from :mod:`verification.groups` or its spec (``"O3"``, ``"Permutations(5)"``).
    input_action, output_action : str, callable, or tuple of them
        One action per input / output (a single action applies to all); see
        :mod:`verification.actions`. ``output_action="trivial"`` checks invariance.
    inputs : hypothesis strategy or tuple of strategies
        Draws ``x`` (a tuple when ``f`` takes several arrays).
    max_examples : int, default 100
    dtype : {"float64", "float32"}, default "float64"
        Dtype ``f`` receives; it selects the default tolerance.
    rtol, floor : float, optional
        Override the dtype defaults of :func:`verification.tolerance`.
    degeneracy : callable, optional
        ``degeneracy(*x) -> gap`` in [0, 1]; examples with ``gap < degeneracy_threshold`` are
        *expected-degenerate* (reported separately, never violations) and elsewhere the
        tolerance is ``rtol / gap``.
    degeneracy_threshold : float, default 1e-3
    seed : int, optional
        Makes the run reproducible (otherwise the active hypothesis profile decides).
    name : str, optional
        Label in reports and messages (default: the callable's name).
    stochastic : bool, default False
        ``f`` is random (e.g. a Monte Carlo estimate with fresh samples per call): the
        rounding-noise allowance is not measured (it would measure the sampling error and
        excuse any violation), and ``rtol`` is not scaled by the condition number of ``g``:
        ``rtol`` alone must cover the sampling error.

    Returns
    -------
    Report
        ``status`` is ``"holds"``, ``"violation"``, ``"broken-representation"`` (an action
        is not a group action: the test is wrong, not the model) or ``"error"`` (``f``
        raised or returned NaN/inf).

    Raises
    ------
    InvalidArgumentError, ShapeError, InvalidTypeError
        Bad usage: unknown group or action, a group and action that do not fit, an action
        whose shape does not match the inputs or outputs, bad budget or tolerance.

    Notes
    -----
    For an example, ``a = f(g.x)`` and ``b = g.f(x)``; per output the relative error is
    ``||a - b|| / max(||a||, ||b||, floor)`` and the example passes when the largest one is at
    most ``rtol * group.scale(g)`` (the condition number of ``g`` for GL(n)/SL(n), 1 for
    compact and Euclidean groups). Computing ``g.x`` rounds (except for permutations and sign
    flips) with an error of order ``eps |g.x|``, which the model amplifies: much more than
    ``eps`` when outputs nearly cancel or translated points nearly coincide. Each such example
    therefore also measures the *rounding noise* ``||f(g.x + d) - f(g.x)||`` for a perturbation
    ``d`` of up to two roundings per entry, and allows 100 times that noise on top of ``rtol``.
    Absolute and EMLP-scaled errors are reported too.

    Examples
    --------
    >>> import numpy as np
    >>> from verification import check_equivariance, groups, strategies
    >>> def norms(x):
    ...     return np.linalg.norm(x, axis=-1)
    >>> report = check_equivariance(norms, group=groups.O3(), input_action="vectors",
    ...                             inputs=strategies.point_clouds(5), max_examples=20, seed=0)
    >>> report.passed, report.max_rel_error < 1e-13
    (True, True)
    >>> check_equivariance(norms, group="O3", input_action="rows",
    ...                    inputs=strategies.point_clouds(5))
    Traceback (most recent call last):
    ...
    symalg.errors.ShapeError: norms: input 0: action 'rows' of O3 expects a first axis of ...
    """
    where = "check_equivariance"
    check_callable("f", f, where=where)
    label = name or getattr(f, "__qualname__", None) or type(f).__name__
    grp = from_spec(group)
    max_examples, seed = check_budget(max_examples, seed, where=where)
    dtype = check_dtype(dtype, where=where)
    tol = tolerance(dtype)
    rtol = tol.rtol if rtol is None else check_positive("rtol", rtol, where=where)
    floor = tol.floor if floor is None else check_positive("floor", floor, where=where)
    threshold = check_positive("degeneracy_threshold", degeneracy_threshold, where=where)
    if degeneracy is not None:
        check_callable("degeneracy", degeneracy, where=where)
    ev = Evaluator(
        f,
        grp,
        _resolve_all(input_action, grp),
        _resolve_all(output_action, grp),
        dtype=dtype,
        floor=floor,
        name=label,
    )
    run = _Run(ev, rtol, degeneracy, threshold)
    if check_flag("stochastic", stochastic, where=where):
        ev.measure_noise, run.stochastic = False, True
    strategies = {"g": grp.elements(), "h": grp.elements(), "x": _as_strategy(inputs, where)}
    # representation laws first, on their own, so a broken action is never blamed on f
    stop = run_search(
        run.representation, strategies, max_examples=max(10, max_examples // 4), seed=seed
    )
    if stop is None:
        del strategies["h"]
        stop = run_search(run.search, strategies, max_examples=max_examples, seed=seed)
    if stop is None and run.stats.keep:
        stop = run.sweep_specials(seed)
    if stop is not None and stop.kind == "usage":
        raise stop.payload
    kind = "invariance" if all(a.is_trivial for a in ev.out_actions) else "equivariance"
    return _report(run, stop, label, kind, grp, input_action, output_action, dtype, seed)


def _report(
    run: _Run,
    stop: Stop | None,
    label: str,
    kind: str,
    grp: Group,
    in_act: Any,
    out_act: Any,
    dtype: str,
    seed: int | None,
) -> Report:
    s = run.stats
    status, message, ce = "holds", "", None
    if stop is not None and stop.kind == "violation":
        g, xs, err = stop.payload
        status = "violation"
        ce = Counterexample(
            g,
            grp.format(g),
            grp.element_type(g),
            xs,
            err.abs_error,
            err.rel_error,
            err.worst_output,
        )
        message = (
            f"f(g.x) differs from g.f(x) by relative error {err.rel_error:.3g} "
            f"(absolute {err.abs_error:.3g}) at output {err.worst_output}"
        )
    elif stop is not None:
        status = "broken-representation" if stop.kind == "representation" else "error"
        text, g, _ = stop.payload if stop.kind == "representation" else (stop.payload, None, None)
        message = text
        if g is not None:
            ce = Counterexample(g, grp.format(g), grp.element_type(g), (), message=text)
    return Report(
        name=label,
        kind=kind,
        group=grp.name,
        input_action=_action_names(in_act),
        output_action=_action_names(out_act),
        dtype=dtype,
        status=status,
        n_examples=s.n,
        n_degenerate=s.n_degenerate,
        max_abs_error=s.max_abs,
        max_rel_error=s.max_rel,
        max_scaled_error=s.max_scaled,
        max_degenerate_error=s.max_degenerate,
        max_noise=s.max_noise,
        rtol=run.rtol,
        by_type=dict(s.by_type),
        per_output=tuple(s.per_output),
        counterexample=ce,
        seed=seed,
        message=message,
    )


def raise_for(report: Report) -> Report:
    """Raise the exception matching a failed report; return a report that passed.

    Raises
    ------
    RepresentationError
        ``status == "broken-representation"``.
    ComponentError
        ``status == "error"``.
    AlgebraicLawError
        A violated ``"monoid_laws"`` report.
    InvarianceError
        A violated ``"invariance"`` or ``"weight_permutation"`` report.
    EquivarianceError
        A violated ``"equivariance"`` report.

    Examples
    --------
    >>> from verification import check_monoid_laws, raise_for, strategies
    >>> raise_for(check_monoid_laws(lambda a, b: a - b, inputs=strategies.multisets(3), seed=0))
    Traceback (most recent call last):
    ...
    verification.AlgebraicLawError: <lambda>: monoid_laws under monoid (- -> -, float64): violation
    ...
    """
    if report.passed:
        return report
    if report.status == "broken-representation":
        raise RepresentationError(report.summary(), report)
    if report.status == "error":
        raise ComponentError(report.summary(), report)
    if report.kind == "monoid_laws":
        raise AlgebraicLawError(report.summary(), report)
    cls = (
        InvarianceError
        if report.kind in ("invariance", "weight_permutation")
        else EquivarianceError
    )
    raise cls(report.summary(), report)


def assert_equivariant(f: Callable[..., Any], **kwargs: Any) -> Report:
    """Run :func:`check_equivariance` and raise if the claim does not hold.

    Takes the same keyword arguments as :func:`check_equivariance`.

    Raises
    ------
    EquivarianceError
        A violation (``InvarianceError`` when every output action is trivial); the message
        holds the errors, the minimal counterexample and the seed.
    RepresentationError
        An action is not a group action (the test is wrong, not the model).
    ComponentError
        ``f`` raised or returned NaN/inf.

    Examples
    --------
    >>> import numpy as np
    >>> from verification import assert_equivariant, groups, strategies, EquivarianceError
    >>> def first_row_bias(a):
    ...     return a + 1e-3 * np.eye(len(a))[0]
    >>> try:
    ...     assert_equivariant(first_row_bias, group=groups.Permutations(4), input_action="matrix",
    ...                        output_action="matrix", inputs=strategies.square_matrices(4),
    ...                        seed=1)
    ... except EquivarianceError as err:
    ...     print(err.report.status, err.report.counterexample.element_type)
    violation transposition
    """
    return raise_for(check_equivariance(f, **kwargs))


def assert_invariant(f: Callable[..., Any], **kwargs: Any) -> Report:
    """Check ``f(g.x) = f(x)``: :func:`assert_equivariant` with ``output_action="trivial"``.

    Raises
    ------
    InvarianceError
        The output changes beyond tolerance; also the errors of :func:`assert_equivariant`.

    Examples
    --------
    >>> import numpy as np
    >>> from verification import assert_invariant, strategies
    >>> r = assert_invariant(lambda x: np.sort(x, axis=0), group="Permutations(4)",
    ...                      input_action="rows", inputs=strategies.arrays((4, 2)), seed=0)
    >>> r.passed
    True
    """
    kwargs.setdefault("output_action", "trivial")
    return raise_for(check_equivariance(f, **kwargs))


def equivariance_error(
    f: Callable[..., Any],
    x: Any,
    g: Any,
    *,
    group: Group | str,
    input_action: Any,
    output_action: Any = "trivial",
    dtype: str = "float64",
) -> dict[str, float]:
    """Errors of ``f(g.x) - g.f(x)`` at one element ``g`` and input ``x`` (no search).

    Returns
    -------
    dict
        ``{"abs": ..., "rel": ..., "scaled": ...}`` (absolute, relative, EMLP-scaled).

    Examples
    --------
    >>> import numpy as np
    >>> from verification import equivariance_error, groups
    >>> cross = lambda x: np.cross(x[0], x[1])
    >>> e = equivariance_error(cross, np.eye(3)[:2], -np.eye(3), group=groups.O3(),
    ...                        input_action="vectors", output_action="vectors")
    >>> round(e["rel"], 6)
    2.0
    """
    grp = from_spec(group)
    dtype = check_dtype(dtype, where="equivariance_error")
    ev = Evaluator(
        f,
        grp,
        _resolve_all(input_action, grp),
        _resolve_all(output_action, grp),
        dtype=dtype,
        floor=tolerance(dtype).floor,
        name=getattr(f, "__qualname__", "f"),
    )
    try:
        err = ev.evaluate(g, grp.identity(), as_tuple(x))
    except Stop as stop:
        raise ComponentError(
            str(stop.payload if stop.kind == "error" else stop.payload[0])
        ) from stop
    return {"abs": err.abs_error, "rel": err.rel_error, "scaled": err.scaled_error}
