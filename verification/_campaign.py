"""Verification campaigns: claims x seeds x dtypes as tasks on a local or Dask executor.

A task names what to check (a registered component and claim, or an importable target
callable with its group and actions) instead of carrying live objects, so it pickles to any
worker; the worker builds a fresh component per task, which is why a campaign's reports
are the same wherever it runs. Reports, counterexamples included, come back whole.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from hypothesis.errors import HypothesisDeprecationWarning

from symalg import InvalidArgumentError
from symalg.nn import component_names, make_component
from symalg.parallel import CampaignTask, campaign_grid, run_campaign
from verification._check import check_equivariance
from verification._report import Report
from verification._runner import verify_claim

__all__ = ["ClaimJob", "TargetJob", "claim_jobs", "verify_campaign"]


@dataclass(frozen=True)
class ClaimJob:
    """Check one claim of a registered component: ``job(dtype, max_examples, seed)``.

    Examples
    --------
    >>> from verification._campaign import ClaimJob
    >>> ClaimJob("deepsets", "permutation-invariance")("float64", 10, 0).passed
    True
    """

    component: str
    claim: str

    def __call__(self, dtype: str, max_examples: int, seed: int | None) -> Report:
        comp = make_component(self.component)
        claim = next((c for c in comp.claims if c.name == self.claim), None)
        if claim is None:
            known = [c.name for c in comp.claims]
            raise InvalidArgumentError(
                f"ClaimJob: component {self.component!r} has no claim {self.claim!r}; "
                f"known: {known}."
            )
        return verify_claim(comp, claim, max_examples=max_examples, dtype=dtype, seed=seed)


@dataclass(frozen=True)
class TargetJob:
    """Check a user callable named ``module:callable`` (``symalg verify --target``).

    The module must be importable where the job runs (on every Dask worker).
    """

    target: str
    group: str
    input_action: str
    output_action: str = "trivial"
    inputs: str | None = None

    def build(self) -> tuple[Any, Any, Any]:
        """(callable, group, input strategy); raises on a bad spec."""
        from verification._cli import _default_inputs, _load_target, _parse_inputs
        from verification.groups import from_spec

        f = _load_target(self.target)
        group = from_spec(self.group)
        inputs = (
            _parse_inputs(self.inputs)
            if self.inputs
            else _default_inputs(self.input_action, group.dim)
        )
        return f, group, inputs

    def __call__(self, dtype: str, max_examples: int, seed: int | None) -> Report:
        f, group, inputs = self.build()
        return check_equivariance(
            f,
            group=group,
            input_action=self.input_action,
            output_action=self.output_action,
            inputs=inputs,
            max_examples=max_examples,
            dtype=dtype,
            seed=seed,
            name=self.target,
        )


def claim_jobs(
    components: Sequence[str] | None = None, claims: Sequence[str] | None = None
) -> list[ClaimJob]:
    """One job per claim of the named components (default: every registered one).

    Raises
    ------
    InvalidArgumentError
        An unknown component, or no claim matches ``claims``.

    Examples
    --------
    >>> from verification._campaign import claim_jobs
    >>> [j.claim for j in claim_jobs(["egnn"])]
    ['e3-equivariance', 'permutation-equivariance']
    >>> claim_jobs(["deepsets"], ["nothing"])
    Traceback (most recent call last):
    ...
    symalg.errors.InvalidArgumentError: no claim matches --claim ['nothing']; see --list.
    """
    jobs = [
        ClaimJob(name, c.name)
        for name in (components or component_names())
        for c in make_component(name).claims
        if not claims or c.name in claims
    ]
    if not jobs:
        raise InvalidArgumentError(f"no claim matches --claim {list(claims or [])}; see --list.")
    return jobs


@dataclass(frozen=True)
class _Run:
    """Executor function: run one campaign cell."""

    max_examples: int

    def __call__(self, task: CampaignTask) -> Report:
        with warnings.catch_warnings():
            # A Dask worker's own threads draw from the global `random` module while a task
            # runs; hypothesis sees the state change and blames the strategies. Results are
            # unaffected (the search uses its own seeded generator).
            warnings.filterwarnings(
                "ignore", "Do not use the `random` module", HypothesisDeprecationWarning
            )
            return task.item(task.dtype, self.max_examples, task.seed)


def verify_campaign(
    jobs: Sequence[ClaimJob | TargetJob],
    *,
    seeds: Sequence[int | None] = (None,),
    dtypes: Sequence[str] = ("float64",),
    max_examples: int = 100,
    scheduler: Any = None,
    on_result: Callable[[int, int, CampaignTask, Report], None] | None = None,
) -> list[tuple[CampaignTask, Report]]:
    """Run every job for every dtype and seed; return ``(task, report)`` in grid order.

    Parameters
    ----------
    jobs : sequence of ClaimJob or TargetJob
    seeds, dtypes
        The grid (see :func:`symalg.parallel.campaign_grid`).
    max_examples : int
    scheduler : str, executor or dask Client, optional
        ``"local"`` (default), ``"local:N"``, ``"dask"``, ``"dask://HOST:PORT"``, an executor
        or a client (see :func:`symalg.parallel.get_executor`).
    on_result : callable, optional
        ``on_result(n_done, n_total, task, report)`` as each report arrives.

    Examples
    --------
    >>> from verification._campaign import claim_jobs, verify_campaign
    >>> rows = verify_campaign(claim_jobs(["monoid"], ["monoid-laws"]), seeds=[0, 1],
    ...                        max_examples=10)
    >>> [(t.seed, r.status) for t, r in rows]
    [(0, 'holds'), (1, 'holds')]
    """
    tasks = campaign_grid(list(jobs), seeds=list(seeds), dtypes=list(dtypes))

    def progress(done: int, total: int, i: int, report: Any) -> None:
        if on_result is not None:
            on_result(done, total, tasks[i], report)

    reports = run_campaign(_Run(max_examples), tasks, scheduler=scheduler, on_result=progress)
    return list(zip(tasks, reports, strict=True))
