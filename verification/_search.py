"""Run a property under hypothesis and capture the minimal failing example."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from hypothesis import HealthCheck, Phase, Verbosity, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st

from verification._validate import check_int


class Stop(Exception):
    """Raised inside a property to end the search; ``kind`` says why."""

    def __init__(self, kind: str, payload: Any) -> None:
        super().__init__(kind)
        self.kind, self.payload = kind, payload


def check_budget(max_examples: Any, seed: Any, *, where: str) -> tuple[int, int | None]:
    """Validate ``max_examples`` and ``seed`` at a public boundary."""
    n = check_int("max_examples", max_examples, where=where, minimum=1)
    return n, None if seed is None else check_int("seed", seed, where=where, minimum=0)


def run_search(
    prop: Callable[..., None],
    strategies: dict[str, st.SearchStrategy[Any]],
    *,
    max_examples: int,
    seed: int | None,
) -> Stop | None:
    """Run ``prop`` over ``strategies``; return the final (shrunk) :class:`Stop` or ``None``.

    ``seed=None`` inherits the active hypothesis profile (derandomized under CI); an integer
    seed makes the run reproducible and independent of the profile, and of which modules the
    process has imported: hypothesis otherwise mixes literal constants harvested from every
    imported non-installed module into its draws, so the same seed gave different examples
    in a test session, a fresh process and a Dask worker.
    """
    options: dict[str, Any] = dict(
        max_examples=max_examples,
        deadline=None,
        database=None,
        phases=(Phase.explicit, Phase.generate, Phase.target, Phase.shrink),
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
        verbosity=Verbosity.quiet,
        print_blob=False,
    )
    if seed is not None:
        options["derandomize"] = False
    test = settings(**options)(given(**strategies)(prop))
    if seed is not None:
        test = hypothesis_seed(seed)(test)
    try:
        if seed is None:
            test()
        else:
            with without_local_constants():
                test()
    except Stop as stop:
        return stop
    return None


@contextmanager
def without_local_constants() -> Iterator[None]:
    """Hide hypothesis's pool of constants harvested from imported local modules.

    Uses hypothesis internals (``providers._get_local_constants``); if they move, this does
    nothing and seeded runs are reproducible only between identically set-up processes.
    """
    try:
        from hypothesis.internal.conjecture import providers
    except ImportError:  # pragma: no cover - hypothesis reorganised
        yield
        return
    get = getattr(providers, "_get_local_constants", None)
    empty = getattr(providers, "Constants", None)
    cache = getattr(providers, "CONSTANTS_CACHE", None)
    if get is None or empty is None or cache is None:  # pragma: no cover
        yield
        return
    providers._get_local_constants = empty
    cache.cache.clear()
    try:
        yield
    finally:
        providers._get_local_constants = get
        cache.cache.clear()
