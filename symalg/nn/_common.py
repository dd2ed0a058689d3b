"""Small numpy building blocks shared by the reference components."""

from __future__ import annotations

from typing import Any

import numpy as np

from symalg.errors import InvalidTypeError, ShapeError

Params = list[tuple[np.ndarray, np.ndarray]]


def dense_params(rng: np.random.Generator, sizes: tuple[int, ...]) -> Params:
    """Glorot-scaled weights ``W`` of shape (out, in) and small biases for an MLP."""
    params = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True):
        w = rng.standard_normal((n_out, n_in)) / np.sqrt(n_in)
        b = 0.1 * rng.standard_normal(n_out)
        params.append((w, b))
    return params


def mlp(params: Params, x: np.ndarray) -> np.ndarray:
    """Apply a tanh MLP on the last axis, in the dtype of ``x``."""
    for i, (w, b) in enumerate(params):
        x = x @ w.T.astype(x.dtype) + b.astype(x.dtype)
        if i < len(params) - 1:
            x = np.tanh(x)
    return x


def as_input(x: Any, *, where: str, name: str, ndim: int | None = None) -> np.ndarray:
    """Return ``x`` as a float array (float32 stays float32), validating its rank."""
    if not isinstance(x, (np.ndarray, list, tuple, float, int)):
        raise InvalidTypeError(f"{where}: {name} must be an array, got {type(x).__name__}.")
    arr = np.asarray(x)
    if arr.dtype not in (np.float32, np.float64):
        arr = arr.astype(np.float64)
    if ndim is not None and arr.ndim != ndim:
        raise ShapeError(f"{where}: {name} has shape {arr.shape}; expected {ndim} axes.")
    return arr


def check_size(where: str, name: str, arr: np.ndarray, axis: int, size: int) -> None:
    """Raise ShapeError unless ``arr.shape[axis] == size``."""
    if arr.shape[axis] != size:
        raise ShapeError(
            f"{where}: {name} has shape {arr.shape}; expected size {size} on axis {axis}."
        )
