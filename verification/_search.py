"""Run a property under hypothesis and capture the minimal failing example."""

from __future__ import annotations

from collections.abc import Callable
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
    seed makes the run reproducible and independent of the profile.
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
        test()
    except Stop as stop:
        return stop
    return None
