"""``check_*`` helpers used at every public boundary."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from symalg.errors import InvalidArgumentError, InvalidTypeError

__all__ = ["check_option", "check_int", "check_rng", "check_bool"]


def check_option(name: str, value: Any, options: Iterable[str], *, where: str) -> str:
    """Return ``value`` if it is one of ``options``; otherwise raise, listing the valid ones."""
    options = tuple(options)
    if not isinstance(value, str) or value not in options:
        valid = ", ".join(repr(o) for o in options)
        raise InvalidArgumentError(
            f"{where}: {name}={value!r} is not supported; use one of {valid}."
        )
    return value


def check_int(name: str, value: Any, *, where: str, minimum: int | None = None) -> int:
    """Return ``value`` as ``int`` if it is an integer (not bool) at least ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise InvalidTypeError(f"{where}: {name} must be an integer, got {type(value).__name__}.")
    if minimum is not None and value < minimum:
        raise InvalidArgumentError(f"{where}: {name}={value} must be >= {minimum}.")
    return int(value)


def check_bool(name: str, value: Any, *, where: str) -> bool:
    """Return ``value`` if it is a bool."""
    if not isinstance(value, (bool, np.bool_)):
        raise InvalidTypeError(f"{where}: {name} must be True or False, got {value!r}.")
    return bool(value)


def check_rng(rng: Any, *, where: str) -> np.random.Generator:
    """Turn ``int | Generator | None`` into a Generator; never touch numpy's global state."""
    if rng is None or isinstance(rng, (int, np.integer)) and not isinstance(rng, bool):
        return np.random.default_rng(rng)
    if isinstance(rng, np.random.Generator):
        return rng
    raise InvalidTypeError(
        f"{where}: rng must be an int seed, a numpy.random.Generator or None, "
        f"got {type(rng).__name__}."
    )
