"""Executors: where symalg's batch jobs run (this process, a process pool, or Dask).

Both executors offer the same three operations: ``map_unordered(fn, items)`` streams
``(index, fn(item))`` pairs back as they finish, each index exactly once; ``compute(x)``
evaluates a Dask collection; ``close()`` releases what the executor created (never a client
the caller passed in).
"""

from __future__ import annotations

import multiprocessing
import uuid
from collections.abc import Callable, Iterator, Sequence
from concurrent import futures as cf
from typing import Any, TypeAlias

from symalg._validation import check_int
from symalg.errors import InvalidArgumentError, InvalidTypeError, SymalgError

__all__ = ["LocalExecutor", "DaskExecutor", "Executor", "get_executor", "has_dask"]

DASK_HINT = "pip install symalg[dask]"


def has_dask() -> bool:
    """Whether ``dask.distributed`` can be imported (the optional ``dask`` extra).

    Examples
    --------
    >>> from symalg.parallel import has_dask
    >>> isinstance(has_dask(), bool)
    True
    """
    try:
        import dask.distributed  # noqa: F401
    except ImportError:
        return False
    return True


def require_dask(where: str) -> Any:
    """Import and return ``dask.distributed``, or raise naming the extra to install."""
    try:
        import dask.distributed as dd
    except ImportError as err:
        raise InvalidArgumentError(
            f"{where} needs Dask, which is not installed; install it with `{DASK_HINT}` "
            "(or use the local executor)."
        ) from err
    return dd


class LocalExecutor:
    """Run tasks in this process (the default) or in a pool of local processes.

    Parameters
    ----------
    processes : int, default 0
        ``0`` runs every task in the calling process, in order. ``n >= 1`` runs them in a
        pool of ``n`` worker processes started with ``spawn`` (tasks and results must
        pickle; functions must be importable).

    Examples
    --------
    >>> from symalg.parallel import LocalExecutor
    >>> with LocalExecutor() as ex:
    ...     sorted(ex.map_unordered(abs, [-2, 3, -5]))
    [(0, 2), (1, 3), (2, 5)]
    >>> LocalExecutor(processes=-1)
    Traceback (most recent call last):
    ...
    symalg.errors.InvalidArgumentError: LocalExecutor: processes=-1 must be >= 0.
    """

    def __init__(self, *, processes: int = 0) -> None:
        self.processes = check_int("processes", processes, where="LocalExecutor", minimum=0)
        self._pool: cf.ProcessPoolExecutor | None = None

    @property
    def n_workers(self) -> int:
        """Number of tasks that run at the same time."""
        return max(self.processes, 1)

    def _get_pool(self) -> cf.ProcessPoolExecutor:
        if self._pool is None:
            ctx = multiprocessing.get_context("spawn")
            self._pool = cf.ProcessPoolExecutor(self.processes, mp_context=ctx)
        return self._pool

    def map_unordered(
        self, fn: Callable[[Any], Any], items: Sequence[Any]
    ) -> Iterator[tuple[int, Any]]:
        """Yield ``(index, fn(items[index]))`` as tasks finish; each index exactly once.

        In-process, tasks run lazily in order (a task starts when the previous result has
        been consumed). An exception raised by ``fn`` propagates.
        """
        if not callable(fn):
            raise InvalidTypeError(f"map_unordered: fn must be callable, got {fn!r}.")
        if self.processes == 0:
            for i, item in enumerate(items):
                yield i, fn(item)
            return
        pool = self._get_pool()
        pending = {pool.submit(fn, item): i for i, item in enumerate(items)}
        try:
            for fut in cf.as_completed(pending):
                yield pending.pop(fut), fut.result()
        finally:
            for fut in pending:
                fut.cancel()

    def compute(self, collection: Any) -> Any:
        """Evaluate a Dask collection (or a tuple of them) here or on the process pool."""
        require_dask("LocalExecutor.compute")
        import dask

        if self.processes == 0:
            return dask.compute(collection, scheduler="synchronous")[0]
        return dask.compute(collection, scheduler="processes", num_workers=self.processes)[0]

    def close(self) -> None:
        """Shut the process pool down (if one was started)."""
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def __enter__(self) -> LocalExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"LocalExecutor(processes={self.processes})"


class DaskExecutor:
    """Run tasks on a Dask cluster through ``dask.distributed``.

    Parameters
    ----------
    client : dask.distributed.Client or str, optional
        A connected client, or a scheduler address (``"tcp://host:8786"``). Default: start a
        ``LocalCluster`` on this machine, closed again by :meth:`close`.
    n_workers, threads_per_worker : int
        Size of the default ``LocalCluster`` (ignored when ``client`` is given).
    processes : bool
        The default ``LocalCluster`` runs workers in separate processes.
    retries : int
        Extra attempts for a task that raised (a task lost with a dying worker is always
        rerun by the scheduler, up to its ``allowed-failures`` setting).

    Raises
    ------
    InvalidArgumentError
        Dask is not installed (the message names ``pip install symalg[dask]``).
    InvalidTypeError
        ``client`` is neither a Client nor an address string.

    Notes
    -----
    Results are streamed back with ``as_completed`` and released as soon as they have been
    yielded, so the driver never holds more than the results not yet consumed. Tasks are
    submitted with ``pure=False`` and a key per index, so two tasks never merge and a
    rescheduled task reports under its original index.
    """

    def __init__(
        self,
        client: Any = None,
        *,
        n_workers: int = 2,
        threads_per_worker: int = 1,
        processes: bool = True,
        retries: int = 0,
    ) -> None:
        dd = require_dask("DaskExecutor")
        where = "DaskExecutor"
        self.retries = check_int("retries", retries, where=where, minimum=0)
        self._cluster: Any = None
        self._owns_client = False
        if client is None:
            n = check_int("n_workers", n_workers, where=where, minimum=1)
            t = check_int("threads_per_worker", threads_per_worker, where=where, minimum=1)
            self._cluster = dd.LocalCluster(
                n_workers=n, threads_per_worker=t, processes=bool(processes),
                dashboard_address=":0",
            )  # fmt: skip
            self.client = dd.Client(self._cluster)
            self._owns_client = True
        elif isinstance(client, str):
            self.client = dd.Client(client)
            self._owns_client = True
        elif isinstance(client, dd.Client):
            self.client = client
        else:
            raise InvalidTypeError(
                f"DaskExecutor: client must be a dask.distributed.Client or an address like "
                f"'tcp://host:8786', got {type(client).__name__}."
            )

    @property
    def n_workers(self) -> int:
        """Number of workers currently connected to the scheduler."""
        return len(self.client.scheduler_info().get("workers", {}))

    def map_unordered(
        self, fn: Callable[[Any], Any], items: Sequence[Any]
    ) -> Iterator[tuple[int, Any]]:
        """Yield ``(index, fn(items[index]))`` as tasks finish on the workers.

        Each index is yielded exactly once, also when a worker dies mid-run (the scheduler
        reruns its tasks). An exception raised by ``fn`` propagates and cancels the rest.
        """
        if not callable(fn):
            raise InvalidTypeError(f"map_unordered: fn must be callable, got {fn!r}.")
        dd = require_dask("DaskExecutor.map_unordered")
        items = list(items)
        if not items:
            return
        run = uuid.uuid4().hex[:12]
        keys = [f"symalg-{run}-{i}" for i in range(len(items))]
        futs = self.client.map(fn, items, key=keys, pure=False, retries=self.retries)
        index = {f.key: i for i, f in enumerate(futs)}
        seen: set[int] = set()
        try:
            for fut in dd.as_completed(futs):
                i = index[fut.key]
                result = fut.result()
                fut.release()
                if i in seen:  # as_completed yields each future once; guard regardless
                    continue
                seen.add(i)
                yield i, result
        finally:
            left = [f for f in futs if index[f.key] not in seen]
            if left:
                self.client.cancel(left)
        if len(seen) != len(items):
            missing = sorted(set(range(len(items))) - seen)
            raise SymalgError(f"DaskExecutor: tasks {missing[:10]} never returned a result.")

    def compute(self, collection: Any) -> Any:
        """Evaluate a Dask collection (or a tuple of them) on the cluster; concrete result."""
        import dask

        return dask.compute(collection, scheduler=self.client)[0]

    def close(self) -> None:
        """Close the client and cluster this executor started (not a client passed in)."""
        if self._owns_client:
            self.client.close()
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def __enter__(self) -> DaskExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"DaskExecutor(scheduler={self.client.scheduler.address!r})"


Executor: TypeAlias = LocalExecutor | DaskExecutor


def get_executor(scheduler: Any = None) -> Executor:
    """An executor for a scheduler spec, an executor, or a Dask client.

    Parameters
    ----------
    scheduler : str, LocalExecutor, DaskExecutor, dask.distributed.Client or None
        ``None`` or ``"local"``: run in this process. ``"local:N"``: a pool of ``N``
        processes. ``"dask"``: a new 2-worker ``LocalCluster``. ``"dask://HOST:PORT"`` (or
        ``"tcp://HOST:PORT"``): connect to a running scheduler. An executor is returned as
        is; a ``Client`` is wrapped in a :class:`DaskExecutor`.

    Returns
    -------
    LocalExecutor or DaskExecutor

    Raises
    ------
    InvalidArgumentError
        An unknown spec, or a Dask spec without Dask installed.

    Examples
    --------
    >>> from symalg.parallel import get_executor
    >>> get_executor("local:2")
    LocalExecutor(processes=2)
    >>> get_executor("slurm")
    Traceback (most recent call last):
    ...
    symalg.errors.InvalidArgumentError: get_executor: scheduler 'slurm' is not supported; ...
    """
    if isinstance(scheduler, (LocalExecutor, DaskExecutor)):
        return scheduler
    if scheduler is None or scheduler == "local":
        return LocalExecutor()
    if isinstance(scheduler, str):
        if scheduler.startswith("local:"):
            n = scheduler.removeprefix("local:")
            if not n.isdigit():
                raise InvalidArgumentError(
                    f"get_executor: scheduler {scheduler!r} needs a process count, e.g. 'local:4'."
                )
            return LocalExecutor(processes=int(n))
        if scheduler == "dask":
            return DaskExecutor()
        for prefix in ("dask://", "tcp://"):
            if scheduler.startswith(prefix) and len(scheduler) > len(prefix):
                return DaskExecutor("tcp://" + scheduler.removeprefix(prefix))
        raise InvalidArgumentError(
            f"get_executor: scheduler {scheduler!r} is not supported; use 'local', "
            "'local:N', 'dask' or 'dask://HOST:PORT'."
        )
    if has_dask():
        import dask.distributed as dd

        if isinstance(scheduler, dd.Client):
            return DaskExecutor(scheduler)
    raise InvalidTypeError(
        f"get_executor: scheduler must be a string, an executor or a dask Client, "
        f"got {type(scheduler).__name__}."
    )
