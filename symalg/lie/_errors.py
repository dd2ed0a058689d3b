"""Errors and warnings specific to :mod:`symalg.lie`."""

from __future__ import annotations

from symalg.errors import InvalidArgumentError, SymalgWarning

__all__ = ["NotInImageError", "NonUniqueLogWarning"]


class NotInImageError(InvalidArgumentError):
    """A group element is not the exponential of any Lie-algebra element.

    Raised by ``log`` for, e.g., ``diag(-2, -1/2)`` in SL(2) (trace below -2). Such an
    element still has global coordinates through :func:`symalg.lie.xi_inv`.
    """

    __module__ = "symalg.lie"


class NonUniqueLogWarning(SymalgWarning):
    """The logarithm exists but is not unique (rotation by exactly pi, ``-I`` in SL(2)).

    One valid logarithm is returned; ``exp`` of it reproduces the input.
    """

    __module__ = "symalg.lie"
