"""Approximate-equivariance profiles per symmetry type, and stability ratios."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from hypothesis import strategies as st
from hypothesis import target
from hypothesis.extra import numpy as hnp
from scipy import stats

from symalg import InvalidArgumentError, InvalidTypeError
from verification._check import _as_strategy, equivariance_error
from verification._evaluate import Evaluator, as_tuple
from verification._search import check_budget, run_search
from verification._validate import check_callable, check_int, check_positive
from verification.groups import Group, from_spec

__all__ = ["ProfileEntry", "equivariance_profile", "StabilityReport", "stability_ratio"]


@dataclass(frozen=True)
class ProfileEntry:
    """Approximate-equivariance level of one symmetry type.

    Attributes
    ----------
    mean, upper : float
        Mean relative error and the upper end of its one-sided confidence interval
        (Student t, level ``confidence``).
    max : float
        Largest relative error seen.
    n : int
        Number of (g, x) samples.
    """

    mean: float
    upper: float
    max: float
    n: int


def _rng(rng: Any) -> np.random.Generator:
    if rng is None or (isinstance(rng, (int, np.integer)) and not isinstance(rng, bool)):
        return np.random.default_rng(rng)
    if isinstance(rng, np.random.Generator):
        return rng
    raise InvalidTypeError(
        f"rng must be an int seed, a Generator or None, got {type(rng).__name__}."
    )


def equivariance_profile(
    f: Callable[..., Any],
    groups: Mapping[str, tuple[Group | str, Any, Any]],
    inputs: Sequence[Any] | Callable[[np.random.Generator], Any],
    *,
    n_samples: int = 64,
    confidence: float = 0.95,
    dtype: str = "float64",
    rng: int | np.random.Generator | None = None,
) -> dict[str, ProfileEntry]:
    """Measure how equivariant ``f`` is, type by type, with confidence bounds.

    For each symmetry type, draws Haar (or uniform) elements ``g`` and inputs ``x`` and
    records the relative error ``||f(g.x) - g.f(x)|| / max(||f(g.x)||, ||g.f(x)||, floor)``.
    Unlike :func:`check_equivariance` nothing passes or fails: the result ranks a model with
    mixed, approximate symmetries type by type.

    Parameters
    ----------
    f : callable
    groups : mapping
        ``{label: (group, input_action, output_action)}``.
    inputs : sequence or callable
        Input samples, or ``inputs(rng) -> x`` drawing one.
    n_samples : int, default 64
    confidence : float, default 0.95
        Level of the one-sided upper confidence bound of the mean.
    dtype : {"float64", "float32"}
    rng : int, Generator or None

    Returns
    -------
    dict of str to ProfileEntry

    Examples
    --------
    >>> import numpy as np
    >>> from verification import equivariance_profile, groups
    >>> def f(x):  # rotation invariant, not translation invariant
    ...     return np.linalg.norm(x, axis=1)
    >>> prof = equivariance_profile(
    ...     f, {"rotations": (groups.SO3(), "points", "trivial"),
    ...         "translations": (groups.Translations(3), "points", "trivial")},
    ...     lambda rng: rng.standard_normal((5, 3)), n_samples=16, rng=0)
    >>> prof["rotations"].upper < 1e-12 < prof["translations"].mean
    True
    """
    check_callable("f", f, where="equivariance_profile")
    n = check_int("n_samples", n_samples, where="equivariance_profile", minimum=2)
    if not 0 < confidence < 1:
        raise InvalidArgumentError(
            f"equivariance_profile: confidence={confidence!r} must lie in (0, 1)."
        )
    gen = _rng(rng)
    draw = inputs if callable(inputs) else None
    pool = None if draw else list(inputs)
    if pool is not None and not pool:
        raise InvalidArgumentError(
            "equivariance_profile: inputs is empty; give samples or a callable."
        )
    out = {}
    for label, spec in groups.items():
        if not isinstance(spec, tuple) or len(spec) != 3:
            raise InvalidArgumentError(
                f"equivariance_profile: groups[{label!r}] must be (group, input_action, "
                f"output_action), got {spec!r}."
            )
        grp = from_spec(spec[0])
        errs = []
        for i in range(n):
            x = draw(gen) if draw else pool[i % len(pool)]
            e = equivariance_error(
                f,
                x,
                grp.sample(gen),
                group=grp,
                input_action=spec[1],
                output_action=spec[2],
                dtype=dtype,
            )
            errs.append(e["rel"])
        arr = np.asarray(errs)
        sem = arr.std(ddof=1) / np.sqrt(n)
        upper = float(arr.mean() + stats.t.ppf(confidence, n - 1) * sem)
        out[label] = ProfileEntry(float(arr.mean()), upper, float(arr.max()), n)
    return out


@dataclass(frozen=True)
class StabilityReport:
    """Estimated ``sup ||f(x + d) - f(x)|| / ||d||^beta`` per perturbation size.

    Attributes
    ----------
    beta : float
    by_scale : dict
        Largest ratio seen at each perturbation norm ``||d||``.
    max_ratio : float
    growth : float
        Ratio at the smallest scale over the ratio at the largest scale: about 1 for a
        Lipschitz (beta = 1) or Hoelder-beta function, ``~ scale_max / scale_min`` for a jump.
    stable : bool
        ``growth <= max_growth``.
    worst_input : tuple of ndarray
        Input of the largest ratio.
    """

    beta: float
    by_scale: dict[float, float]
    max_ratio: float
    growth: float
    stable: bool
    worst_input: tuple[np.ndarray, ...]


def stability_ratio(
    f: Callable[..., Any],
    *,
    inputs: Any,
    beta: float = 1.0,
    scales: Sequence[float] = (1e-2, 1e-4, 1e-6),
    project: Callable[[np.ndarray], np.ndarray] | None = None,
    max_growth: float = 10.0,
    max_examples: int = 100,
    seed: int | None = None,
) -> StabilityReport:
    """Estimate ``sup ||f(x + d) - f(x)|| / ||d||^beta`` with ``target()`` climbing on the ratio.

    Perturbs the first input of ``f`` by directions of norm ``s`` for each ``s`` in
    ``scales`` (``project`` maps a raw direction to an admissible one, e.g. symmetrises it)
    and reports the largest ratio per scale. A ratio that grows as ``s -> 0`` flags a
    discontinuity (naive eigenvector encodings at repeated eigenvalues, frame averaging at
    degenerate spectra); a stable map keeps it bounded.

    Parameters
    ----------
    f : callable
    inputs : strategy
    beta : float, default 1.0
        1 for a Lipschitz bound, 0.5 for the Hoelder-1/2 bound of SPE.
    scales : sequence of float
    project : callable, optional
    max_growth : float, default 10
    max_examples, seed
        As in :func:`check_equivariance`.

    Examples
    --------
    >>> import numpy as np
    >>> from verification import stability_ratio, strategies
    >>> smooth = stability_ratio(np.tanh, inputs=strategies.arrays((3,)), seed=0)
    >>> jump = stability_ratio(np.sign, inputs=strategies.arrays((3,)), seed=0)
    >>> smooth.stable, jump.stable
    (True, False)
    """
    where = "stability_ratio"
    check_callable("f", f, where=where)
    max_examples, seed = check_budget(max_examples, seed, where=where)
    beta = check_positive("beta", beta, where=where)
    levels = sorted((check_positive("scale", s, where=where) for s in scales), reverse=True)
    if len(levels) < 2:
        raise InvalidArgumentError(f"{where}: give at least two scales, e.g. (1e-2, 1e-6).")
    ev = Evaluator(
        f,
        from_spec("Translations(1)"),
        [],
        [],
        dtype="float64",
        floor=1e-300,
        name=getattr(f, "__qualname__", "f"),
    )
    best = {s: 0.0 for s in levels}
    worst: list[Any] = [0.0, ()]

    def prop(x: Any, raw: np.ndarray, s: float) -> None:
        xs = tuple(np.asarray(v, dtype=np.float64) for v in as_tuple(x))
        d = raw.reshape(xs[0].shape) if raw.size == xs[0].size else np.resize(raw, xs[0].shape)
        d = project(d) if project is not None else d
        norm = float(np.linalg.norm(d))
        d = d / norm * s if norm > 0 else np.full(xs[0].shape, s / np.sqrt(xs[0].size))
        y0, y1 = ev.call(xs), ev.call((xs[0] + d, *xs[1:]))
        diff = np.sqrt(sum(float(np.sum((a - b) ** 2)) for a, b in zip(y0, y1, strict=True)))
        ratio = diff / s**beta
        best[s] = max(best[s], ratio)
        if ratio > worst[0]:
            worst[:] = [ratio, xs]
        target(float(min(ratio, 1e30)), label=f"ratio at scale {s:g}")

    size = st.shared(_as_strategy(inputs, where), key="x")
    raw = size.flatmap(
        lambda x: hnp.arrays(
            np.float64, np.shape(as_tuple(x)[0]), elements=st.floats(-1, 1, allow_subnormal=False)
        )
    )
    run_search(
        prop,
        {"x": size, "raw": raw, "s": st.sampled_from(levels)},
        max_examples=max_examples,
        seed=seed,
    )
    lo, hi = best[levels[-1]], best[levels[0]]
    growth = lo / hi if hi > 0 else (np.inf if lo > 0 else 1.0)
    return StabilityReport(
        beta,
        {s: float(v) for s, v in best.items()},
        float(max(best.values())),
        float(growth),
        bool(growth <= max_growth),
        worst[1],
    )
