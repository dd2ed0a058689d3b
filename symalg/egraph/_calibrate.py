"""``calibrate_cost_model``: time each operation with numba on this CPU."""

from __future__ import annotations

import datetime
import math
import platform
import time
from pathlib import Path

import numpy as np

from symalg._validation import check_bool, check_int
from symalg.egraph._cost import CostModel

__all__ = ["calibrate_cost_model", "CALIBRATED_OPS"]

#: Operators timed by :func:`calibrate_cost_model`, in kernel op-code order.
CALIBRATED_OPS = (
    "copy",
    "+",
    "-",
    "*",
    "/",
    "neg",
    "abs",
    "sqrt",
    "pow",
    "exp",
    "log",
    "sin",
    "cos",
    "tan",
    "expm1",
    "log1p",
    "atan",
    "tanh",
)


def _time_op(
    code: int, x: np.ndarray, y: np.ndarray, out: np.ndarray, reps: int, repeats: int
) -> float:
    from symalg.egraph._calibrate_kernel import op_kernel

    best = math.inf
    for _ in range(repeats):
        t = time.perf_counter()
        op_kernel(code, x, y, out, reps)
        best = min(best, time.perf_counter() - t)
    return best / (reps * x.shape[0])


def _cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def calibrate_cost_model(
    *,
    n: int = 4096,
    reps: int = 50,
    repeats: int = 5,
    store: bool = True,
    path: str | Path | None = None,
) -> CostModel:
    """Time each operation in a numba loop on this CPU and return the cost table.

    Each operation runs elementwise over ``n`` float64 values in ``[0.5, 2)`` (a domain
    valid for every operation), ``reps`` times per measurement, best of ``repeats``. The
    cost of an operation is its time per element minus that of a plain copy loop, floored at
    a tenth of the copy time, and normalised so that ``*`` costs 1. The table is what the
    generated kernels execute (LLVM-vectorised arithmetic, libm calls for the rest).

    Parameters
    ----------
    n, reps, repeats : int
        Size of the arrays, loop repetitions per measurement, measurements per op.
    store : bool, default True
        Write the table (with the CPU name, numba version and date) to ``path``, by default
        ``egraph_cost_model.json`` in the symalg cache directory; read it back with
        :func:`load_cost_model`.
    path : str or Path, optional

    Returns
    -------
    CostModel
        Named ``"calibrated"``; ``fma`` and ``hypot`` and other operators not timed are not
        in the table (calls with them raise).

    Notes
    -----
    The kernel is compiled once and cached on disk (``numba.njit(cache=True)``).

    Examples
    --------
    >>> m = calibrate_cost_model(n=256, reps=2, repeats=1, store=False)
    >>> m.node_cost("*", 2), m.node_cost("sin", 1) > m.node_cost("+", 2)
    (1.0, True)
    """
    where = "calibrate_cost_model"
    n = check_int("n", n, where=where, minimum=16)
    reps = check_int("reps", reps, where=where, minimum=1)
    repeats = check_int("repeats", repeats, where=where, minimum=1)
    check_bool("store", store, where=where)
    rng = np.random.default_rng(0)
    x = rng.uniform(0.5, 2.0, n)
    y = rng.uniform(0.5, 2.0, n)
    out = np.empty(n)
    import numba

    from symalg.egraph._calibrate_kernel import op_kernel

    op_kernel(0, x, y, out, 1)  # compile (or load from the cache) outside the timing
    times = {
        op: _time_op(code, x, y, out, reps, repeats) for code, op in enumerate(CALIBRATED_OPS)
    }
    base = times.pop("copy")
    floor = 0.1 * base
    net = {op: max(t - base, floor) for op, t in times.items()}
    unit = net["*"]
    model = CostModel(
        "calibrated",
        {op: round(v / unit, 3) for op, v in net.items()},
        meta={
            "cpu": _cpu_name(),
            "numba": numba.__version__,
            "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "ns_per_element_copy": base * 1e9,
            "ns_per_mul": unit * 1e9,
        },
    )
    model = model.with_costs(**{"*": 1.0})
    if store:
        if path is None:
            from symalg._config import cache_dir

            path = cache_dir() / "egraph_cost_model.json"
        Path(path).write_text(model.to_json())
    return model
