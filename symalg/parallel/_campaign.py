"""Campaigns: a grid of independent tasks run on an executor, results streamed back.

A campaign is the cartesian product of items (e.g. claims), seeds and dtypes. Every task
is plain data that pickles; the function that runs a task is importable on the workers.
Results come back as they finish and are put back in task order; each task reports
exactly once, also when a worker dies mid-run (the scheduler reruns its tasks).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from symalg.errors import InvalidArgumentError, InvalidTypeError, SymalgError
from symalg.parallel._executor import Executor, get_executor

__all__ = ["CampaignTask", "campaign_grid", "stream_campaign", "run_campaign"]


@dataclass(frozen=True)
class CampaignTask:
    """One cell of a campaign grid: an item, a dtype and a seed.

    Attributes
    ----------
    item : object
        What to run (e.g. a ``(component, claim)`` pair); must pickle.
    dtype : str
    seed : int or None
    """

    item: Any
    dtype: str
    seed: int | None


def campaign_grid(
    items: Sequence[Any],
    *,
    seeds: Sequence[int | None] = (None,),
    dtypes: Sequence[str] = ("float64",),
) -> list[CampaignTask]:
    """Every (item, dtype, seed) combination, items outermost, seeds innermost.

    Parameters
    ----------
    items : sequence
    seeds : sequence of int or None
    dtypes : sequence of str

    Returns
    -------
    list of CampaignTask

    Raises
    ------
    InvalidArgumentError
        An empty ``items``, ``seeds`` or ``dtypes``, or a repeated seed or dtype.

    Examples
    --------
    >>> from symalg.parallel import campaign_grid
    >>> [(t.item, t.dtype, t.seed) for t in campaign_grid(["a"], seeds=[0, 1],
    ...                                                    dtypes=["float64", "float32"])]
    [('a', 'float64', 0), ('a', 'float64', 1), ('a', 'float32', 0), ('a', 'float32', 1)]
    >>> campaign_grid(["a"], seeds=[])
    Traceback (most recent call last):
    ...
    symalg.errors.InvalidArgumentError: campaign_grid: seeds is empty; give at least one ...
    """
    for name, seq in (("items", items), ("seeds", seeds), ("dtypes", dtypes)):
        if isinstance(seq, str) or not isinstance(seq, Sequence):
            raise InvalidTypeError(
                f"campaign_grid: {name} must be a sequence, got {type(seq).__name__}."
            )
        if not seq:
            raise InvalidArgumentError(
                f"campaign_grid: {name} is empty; give at least one (seeds=[None] lets the "
                "hypothesis profile decide)."
            )
    for name, seq in (("seeds", seeds), ("dtypes", dtypes)):
        if len(set(seq)) != len(seq):
            raise InvalidArgumentError(f"campaign_grid: {name}={list(seq)} repeats a value.")
    return [
        CampaignTask(item, dtype, seed)
        for item, dtype, seed in itertools.product(items, dtypes, seeds)
    ]


def stream_campaign(
    fn: Callable[[Any], Any], tasks: Sequence[Any], *, scheduler: Any = None
) -> Iterator[tuple[int, Any]]:
    """Yield ``(index, fn(tasks[index]))`` as tasks finish, each index exactly once.

    Parameters
    ----------
    fn : callable
        Runs one task; importable on the workers (a module-level function or an instance of
        a module-level class).
    tasks : sequence
        Picklable task descriptions.
    scheduler : str, executor or dask Client, optional
        As in :func:`get_executor`; default: this process.

    Raises
    ------
    SymalgError
        A task never reported (the executor lost it), which the campaign never hides.

    Examples
    --------
    >>> from symalg.parallel import stream_campaign
    >>> sorted(stream_campaign(len, ["ab", "c"]))
    [(0, 2), (1, 1)]
    """
    tasks = list(tasks)
    executor: Executor = get_executor(scheduler)
    owned = executor is not scheduler
    seen: set[int] = set()
    try:
        for i, value in executor.map_unordered(fn, tasks):
            if i in seen:
                raise SymalgError(f"stream_campaign: task {i} reported twice.")
            seen.add(i)
            yield i, value
    finally:
        if owned:
            executor.close()
    if len(seen) != len(tasks):
        missing = sorted(set(range(len(tasks))) - seen)
        raise SymalgError(f"stream_campaign: tasks {missing[:10]} never reported.")


def run_campaign(
    fn: Callable[[Any], Any],
    tasks: Sequence[Any],
    *,
    scheduler: Any = None,
    on_result: Callable[[int, int, int, Any], None] | None = None,
) -> list[Any]:
    """Run every task and return the results in task order.

    Parameters
    ----------
    fn, tasks, scheduler
        As in :func:`stream_campaign`.
    on_result : callable, optional
        ``on_result(n_done, n_total, index, value)`` after each result arrives (progress).

    Returns
    -------
    list
        ``[fn(t) for t in tasks]``, computed wherever ``scheduler`` says.

    Examples
    --------
    >>> from symalg.parallel import run_campaign
    >>> run_campaign(abs, [-1, 2, -3], scheduler="local")
    [1, 2, 3]
    """
    tasks = list(tasks)
    results: list[Any] = [None] * len(tasks)
    for done, (i, value) in enumerate(stream_campaign(fn, tasks, scheduler=scheduler), 1):
        results[i] = value
        if on_result is not None:
            on_result(done, len(tasks), i, value)
    return results
