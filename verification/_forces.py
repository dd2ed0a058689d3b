"""Derived quantities: forces -grad(E) of an invariant energy must be equivariant."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from hypothesis import target

from verification._check import _as_strategy, check_equivariance
from verification._evaluate import Evaluator
from verification._laws import _report, _Tracker
from verification._report import Report
from verification._search import Stop, check_budget, run_search
from verification._validate import check_callable, check_positive
from verification.groups import Group, Translations

__all__ = ["check_forces", "numerical_forces"]


def numerical_forces(
    energy: Callable[[np.ndarray], Any], x: np.ndarray, *, step: float = 1e-5
) -> np.ndarray:
    """Central-difference forces ``-dE/dx`` of shape ``x.shape`` (float64).

    Examples
    --------
    >>> import numpy as np
    >>> from verification import numerical_forces
    >>> f = numerical_forces(lambda x: 0.5 * np.sum(x**2), np.array([[1.0, 2.0, 3.0]]))
    >>> np.round(f, 6).tolist()
    [[-1.0, -2.0, -3.0]]
    """
    x = np.asarray(x, dtype=np.float64)
    h = step * max(1.0, float(np.abs(x).max()))
    out = np.empty_like(x)
    for idx in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[idx] = h
        out[idx] = -(float(energy(x + e)) - float(energy(x - e))) / (2 * h)
    return out


def check_forces(
    energy: Callable[[np.ndarray], Any],
    *,
    inputs: Any,
    forces: Callable[[np.ndarray], np.ndarray] | None = None,
    group: Group | str = "E3",
    max_examples: int = 100,
    gradient_rtol: float = 1e-6,
    seed: int | None = None,
    name: str = "forces",
) -> tuple[Report, Report, Report]:
    """Check an energy, its forces, and that the forces are ``-grad E``.

    Three reports: (1) ``E(g.x) = E(x)`` (``"points"`` -> ``"trivial"``); (2)
    ``F(g.x) = g.F(x)`` (``"points"`` -> ``"vectors"``), with ``F = forces`` or, when omitted,
    central differences of ``E`` (then with tolerance ``gradient_rtol``); (3) ``F`` agrees
    with central differences of ``E`` to ``gradient_rtol`` (only when ``forces`` is given;
    otherwise it holds by construction and is reported as such).

    Notes
    -----
    If ``E`` is invariant, ``-grad E`` is equivariant: ``grad(E o g)(x) = M(g)^T grad E(g.x)``.
    A force field with a non-invariant energy (an external field, a mis-specified cut-off)
    breaks (2); a hand-written gradient that is wrong breaks (3).

    Examples
    --------
    >>> from symalg.nn import PairPotential
    >>> from verification import check_forces, strategies
    >>> p = PairPotential()
    >>> reports = check_forces(p.energy, forces=p.forces, inputs=strategies.point_clouds(6),
    ...                        max_examples=20, seed=0)
    >>> [r.status for r in reports]
    ['holds', 'holds', 'holds']
    """
    where = "check_forces"
    check_callable("energy", energy, where=where)
    max_examples, seed = check_budget(max_examples, seed, where=where)
    grtol = check_positive("gradient_rtol", gradient_rtol, where=where)
    strategy = _as_strategy(inputs, where)
    common = dict(
        group=group, input_action="points", inputs=strategy, max_examples=max_examples, seed=seed
    )
    r_energy = check_equivariance(energy, output_action="trivial", name=f"{name}/energy", **common)
    force_fn = forces if forces is not None else (lambda x: numerical_forces(energy, x))
    r_forces = check_equivariance(
        force_fn,
        output_action="vectors",
        name=f"{name}/forces",
        rtol=None if forces is not None else grtol,
        **common,
    )
    tr = _Tracker()
    if forces is not None:
        ev = Evaluator(
            forces, Translations(3), [], [], dtype="float64", floor=1e-6, name=f"{name}/gradient"
        )

        def prop(x: np.ndarray) -> None:
            (f_an,) = ev.call((np.asarray(x, dtype=np.float64),))
            f_num = numerical_forces(energy, x)
            d = f_an - f_num
            err = float(np.linalg.norm(d) / max(np.linalg.norm(f_num), 1e-6))
            tr.n += 1
            tr.add("gradient", float(np.abs(d).max()), err)
            target(min(err / grtol, 1e12), label="gradient error / tolerance")
            if err > grtol:
                raise Stop(
                    "violation", ("forces = -grad E", "-", (x,), float(np.abs(d).max()), err)
                )

        stop = run_search(prop, {"x": strategy}, max_examples=max_examples, seed=seed)
    else:
        stop = None
    r_grad = _report(
        tr,
        stop,
        name=f"{name}/gradient",
        kind="gradient",
        group="-",
        dtype="float64",
        rtol=grtol,
        seed=seed,
    )
    return r_energy, r_forces, r_grad
