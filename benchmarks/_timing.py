"""Wall-clock timings shared by the benchmark scripts (run them from any directory)."""

from __future__ import annotations

import time
from collections.abc import Callable


def timings(fn: Callable[[], object], repeat: int, *, warmup: bool = True) -> list[float]:
    """Seconds of ``repeat`` calls of ``fn`` (after one untimed call when ``warmup``)."""
    if warmup:
        fn()  # numba compile / cache load, einsum path caches
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out
