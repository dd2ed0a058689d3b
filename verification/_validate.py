"""Boundary checks for verification's public functions (symalg's own helpers are private)."""

from __future__ import annotations

from typing import Any

import numpy as np

from symalg import InvalidArgumentError, InvalidTypeError


def check_int(name: str, value: Any, *, where: str, minimum: int | None = None) -> int:
    """Return ``value`` as int if it is an integer (not bool) at least ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise InvalidTypeError(f"{where}: {name} must be an integer, got {value!r}.")
    if minimum is not None and value < minimum:
        raise InvalidArgumentError(f"{where}: {name}={value} must be >= {minimum}.")
    return int(value)


def check_positive(name: str, value: Any, *, where: str) -> float:
    """Return ``value`` as float if it is a finite positive number."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating, np.integer)):
        raise InvalidTypeError(f"{where}: {name} must be a number, got {value!r}.")
    if not np.isfinite(value) or value <= 0:
        raise InvalidArgumentError(f"{where}: {name}={value!r} must be a finite positive number.")
    return float(value)


def check_flag(name: str, value: Any, *, where: str) -> bool:
    """Return ``value`` if it is a bool."""
    if not isinstance(value, (bool, np.bool_)):
        raise InvalidTypeError(f"{where}: {name} must be True or False, got {value!r}.")
    return bool(value)


def check_callable(name: str, value: Any, *, where: str) -> Any:
    """Return ``value`` if it is callable."""
    if not callable(value):
        raise InvalidTypeError(f"{where}: {name} must be callable, got {type(value).__name__}.")
    return value


def check_dtype(dtype: Any, *, where: str) -> str:
    """Return ``"float64"`` or ``"float32"``."""
    try:
        name = np.dtype(dtype).name
    except TypeError:
        name = str(dtype)
    if name not in ("float64", "float32"):
        raise InvalidArgumentError(
            f"{where}: dtype={dtype!r} is not supported; use one of 'float64', 'float32'."
        )
    return name
