"""The numba kernel timed by ``calibrate_cost_model`` (own module: imported lazily, cached)."""

from __future__ import annotations

import math

import numba
import numpy as np

__all__ = ["op_kernel"]


@numba.njit(cache=True, nogil=True)
def op_kernel(code: int, x: np.ndarray, y: np.ndarray, out: np.ndarray, reps: int) -> float:
    n = x.shape[0]
    s = 0.0
    for _ in range(reps):
        if code == 0:
            for i in range(n):
                out[i] = x[i]
        elif code == 1:
            for i in range(n):
                out[i] = x[i] + y[i]
        elif code == 2:
            for i in range(n):
                out[i] = x[i] - y[i]
        elif code == 3:
            for i in range(n):
                out[i] = x[i] * y[i]
        elif code == 4:
            for i in range(n):
                out[i] = x[i] / y[i]
        elif code == 5:
            for i in range(n):
                out[i] = -x[i]
        elif code == 6:
            for i in range(n):
                out[i] = abs(x[i])
        elif code == 7:
            for i in range(n):
                out[i] = math.sqrt(x[i])
        elif code == 8:
            for i in range(n):
                out[i] = x[i] ** y[i]
        elif code == 9:
            for i in range(n):
                out[i] = math.exp(x[i])
        elif code == 10:
            for i in range(n):
                out[i] = math.log(x[i])
        elif code == 11:
            for i in range(n):
                out[i] = math.sin(x[i])
        elif code == 12:
            for i in range(n):
                out[i] = math.cos(x[i])
        elif code == 13:
            for i in range(n):
                out[i] = math.tan(x[i])
        elif code == 14:
            for i in range(n):
                out[i] = math.expm1(x[i])
        elif code == 15:
            for i in range(n):
                out[i] = math.log1p(x[i])
        elif code == 16:
            for i in range(n):
                out[i] = math.atan(x[i])
        else:
            for i in range(n):
                out[i] = math.tanh(x[i])
        s += out[n - 1]
    return s
