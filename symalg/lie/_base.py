"""Validation helpers and the base class of matrix-group elements."""

from __future__ import annotations

from typing import Any, Literal

import numpy as np

from symalg._validation import check_option
from symalg.errors import InvalidArgumentError, InvalidTypeError, ShapeError

__all__ = [
    "as_float_array",
    "as_square",
    "check_backend",
    "check_out",
    "fast_det",
    "MatrixElement",
]

Backend = Literal["numba", "numpy"]


def as_float_array(
    x: Any, trailing: tuple[int, ...], *, where: str, name: str, finite: bool = True
) -> np.ndarray:
    """Return ``x`` as a float32/float64 array of shape ``(..., *trailing)``; raise otherwise.

    Integers and bools become float64; float32 stays float32; non-finite entries raise
    (unless ``finite=False``: the caller then checks with :func:`check_finite`).
    """
    try:
        arr = np.asarray(x)
    except (TypeError, ValueError) as err:
        raise InvalidTypeError(
            f"{where}: {name} must be array-like, got {type(x).__name__}."
        ) from err
    if arr.dtype.kind in "iub":
        arr = arr.astype(np.float64)
    elif arr.dtype not in (np.float32, np.float64):
        raise InvalidTypeError(
            f"{where}: {name} has dtype {arr.dtype}; expected float32 or float64 "
            f"(convert with np.asarray({name}, dtype=np.float64))."
        )
    k = len(trailing)
    if arr.ndim < k or arr.shape[arr.ndim - k :] != trailing:
        want = ", ".join(["..."] + [str(t) for t in trailing])
        raise ShapeError(f"{where}: {name} has shape {arr.shape}; expected ({want}).")
    if finite and not np.all(np.isfinite(arr)):
        check_finite(arr, where=where, name=name)
    return arr


def check_finite(arr: np.ndarray, *, where: str, name: str) -> None:
    """Raise InvalidArgumentError naming the first non-finite entry of ``arr``, if any."""
    bad = np.argwhere(~np.isfinite(arr))
    if len(bad):
        idx = tuple(int(i) for i in bad[0])
        raise InvalidArgumentError(
            f"{where}: {name} has a non-finite entry {arr[idx]} at index {idx}; "
            "remove NaN/inf before calling."
        )


def check_out(
    out: Any, shape: tuple[int, ...], dtype: np.dtype, source: np.ndarray, *, where: str
) -> np.ndarray:
    """Validate a caller's ``out=`` array: exact shape and dtype, writable, not overlapping."""
    if not isinstance(out, np.ndarray):
        raise InvalidTypeError(
            f"{where}: out must be a numpy array, got {type(out).__name__}; "
            f"allocate one with np.empty({shape}, dtype=np.{dtype})."
        )
    if out.dtype != dtype:
        raise InvalidTypeError(
            f"{where}: out has dtype {out.dtype}; the result is {dtype} (the input's dtype)."
        )
    if out.shape != shape:
        raise ShapeError(f"{where}: out has shape {out.shape}; expected {shape}.")
    if not out.flags.writeable:
        raise InvalidArgumentError(f"{where}: out is read-only; pass a writable array.")
    if np.may_share_memory(out, source):
        raise InvalidArgumentError(
            f"{where}: out overlaps the input; pass a separate array (results would be read "
            "back while being written)."
        )
    return out


def as_square(x: Any, n: int | None, *, where: str, name: str) -> np.ndarray:
    """Return a batch of square matrices ``(..., n, n)`` (``n`` taken from ``x`` if None)."""
    arr = np.asarray(x) if not isinstance(x, np.ndarray) else x
    if n is None:
        if arr.ndim < 2 or arr.shape[-1] != arr.shape[-2]:
            raise ShapeError(f"{where}: {name} has shape {arr.shape}; expected (..., n, n).")
        n = arr.shape[-1]
    return as_float_array(arr, (n, n), where=where, name=name)


def fast_det(g: np.ndarray) -> np.ndarray:
    """Compute determinants, by the explicit formula for n <= 3 (LAPACK LU per matrix is slow)."""
    n = g.shape[-1]
    if n == 1:
        return g[..., 0, 0].copy()
    if n == 2:
        return g[..., 0, 0] * g[..., 1, 1] - g[..., 0, 1] * g[..., 1, 0]
    if n == 3:
        a = g[..., 0, 0] * (g[..., 1, 1] * g[..., 2, 2] - g[..., 1, 2] * g[..., 2, 1])
        b = g[..., 0, 1] * (g[..., 1, 0] * g[..., 2, 2] - g[..., 1, 2] * g[..., 2, 0])
        c = g[..., 0, 2] * (g[..., 1, 0] * g[..., 2, 1] - g[..., 1, 1] * g[..., 2, 0])
        return a - b + c
    return np.linalg.det(g)


def check_backend(backend: Any, *, where: str) -> str:
    """Validate a ``backend`` option."""
    return check_option("backend", backend, ("numba", "numpy"), where=where)


class MatrixElement:
    """A batch of group elements stored as matrices of shape ``(..., m, m)``.

    Subclasses fix ``_dim`` (the matrix size) and the group operations that have closed forms.
    """

    _dim: int = 0

    __slots__ = ("_m",)

    def __init__(self, matrix: np.ndarray) -> None:
        self._m = matrix

    @classmethod
    def _wrap(cls, matrix: np.ndarray) -> Any:
        return cls(matrix)

    @classmethod
    def identity(cls, batch_shape: tuple[int, ...] = (), dtype: Any = np.float64) -> Any:
        """Return the identity, broadcast to ``batch_shape``."""
        eye = np.eye(cls._dim, dtype=dtype)
        return cls(np.broadcast_to(eye, tuple(batch_shape) + eye.shape).copy())

    def as_matrix(self) -> np.ndarray:
        """Return the matrices, shape ``(..., m, m)``."""
        return self._m

    @property
    def batch_shape(self) -> tuple[int, ...]:
        """The leading (batch) dimensions."""
        return self._m.shape[:-2]

    @property
    def dtype(self) -> np.dtype:
        """float32 or float64."""
        return self._m.dtype

    def __matmul__(self, other: Any) -> Any:
        if type(other) is not type(self):
            return NotImplemented
        return self._wrap(np.matmul(self._m, other._m))

    def __getitem__(self, index: Any) -> Any:
        m = self._m[..., :, :][index] if not isinstance(index, tuple) else self._m[index]
        if m.ndim < 2 or m.shape[-2:] != self._m.shape[-2:]:
            raise ShapeError(f"{type(self).__name__}[{index!r}]: index the batch dimensions only.")
        return self._wrap(m)

    def __len__(self) -> int:
        if not self.batch_shape:
            raise InvalidTypeError(f"{type(self).__name__}: an unbatched element has no len().")
        return self.batch_shape[0]

    def __repr__(self) -> str:
        return f"{type(self).__name__}(batch_shape={self.batch_shape}, dtype={self.dtype})"
