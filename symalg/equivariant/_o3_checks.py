"""Validation of degrees ``l``, orders ``m`` and float dtypes for the O(3) functions."""

# The degree is called l, as in the literature and the fixed public API.
# ruff: noqa: E741

from __future__ import annotations

from typing import Any

import numpy as np
import sympy

from symalg.errors import InvalidArgumentError, InvalidTypeError

__all__ = ["check_degree", "check_order", "check_dtype"]


def _as_int(name: str, value: Any, where: str) -> int:
    if isinstance(value, bool):
        raise InvalidTypeError(f"{where}: {name} must be an integer, got {value!r}.")
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, sympy.Integer):
        return int(value)
    if isinstance(value, (float, sympy.Rational, sympy.Float)) and float(value).is_integer():
        raise InvalidTypeError(
            f"{where}: {name}={value!r} must be an int; pass {int(value)} instead."
        )
    raise InvalidArgumentError(
        f"{where}: {name}={value!r} is not an integer; O(3) degrees and orders are integers "
        "(half-integer spins are not supported)."
    )


def check_degree(name: str, value: Any, *, where: str) -> int:
    """Return ``value`` as a non-negative ``int`` degree, or raise naming the fix."""
    value = _as_int(name, value, where)
    if value < 0:
        raise InvalidArgumentError(f"{where}: {name}={value} must be a non-negative integer.")
    return value


def check_order(name: str, value: Any, degree: int, *, where: str) -> int:
    """Return ``value`` as an ``int`` order with ``|value| <= degree``, or raise."""
    value = _as_int(name, value, where)
    if abs(value) > degree:
        raise InvalidArgumentError(
            f"{where}: {name}={value} has |{name}| > l = {degree}; orders run over "
            f"-{degree}..{degree}."
        )
    return value


def check_dtype(dtype: Any, *, where: str) -> np.dtype:
    """Return ``float32`` or ``float64`` as a numpy dtype, or raise listing both."""
    try:
        dt = np.dtype(dtype)
    except TypeError as err:
        raise InvalidArgumentError(
            f"{where}: dtype={dtype!r} is not supported; use 'float64' or 'float32'."
        ) from err
    if dt not in (np.dtype(np.float64), np.dtype(np.float32)):
        raise InvalidArgumentError(
            f"{where}: dtype={dtype!r} is not supported; use 'float64' or 'float32'."
        )
    return dt
