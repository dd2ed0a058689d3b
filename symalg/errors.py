"""Every exception and warning symalg raises on purpose.

The hierarchy lets callers catch broadly (``SymalgError``) or narrowly
(``ShapeError``), and keeps the builtin bases a Python user expects:
``InvalidArgumentError`` is a ``ValueError`` and ``InvalidTypeError`` a ``TypeError``.

Examples
--------
>>> from symalg.errors import ShapeError, SymalgError
>>> issubclass(ShapeError, ValueError) and issubclass(ShapeError, SymalgError)
True
"""

from __future__ import annotations

__all__ = [
    "SymalgError",
    "InvalidArgumentError",
    "ShapeError",
    "GraphError",
    "InvalidTypeError",
    "NotIdentifiableError",
    "CodegenError",
    "ConvergenceError",
    "SymalgWarning",
    "ConvergenceWarning",
    "PrecisionWarning",
    "SaturationWarning",
]


class SymalgError(Exception):
    """Base class of every error symalg raises on purpose."""


class InvalidArgumentError(SymalgError, ValueError):
    """An argument has the right type but an invalid value."""


class ShapeError(InvalidArgumentError):
    """An array or matrix argument has the wrong shape, or shapes do not broadcast."""


class GraphError(InvalidArgumentError):
    """A graph is malformed: self-loops, duplicate edges, unknown vertices, ..."""


class InvalidTypeError(SymalgError, TypeError):
    """An argument has a type symalg does not accept."""


class NotIdentifiableError(SymalgError):
    """A model parameter cannot be recovered from the observed quantities."""


class CodegenError(SymalgError):
    """An expression cannot be turned into a kernel (unsupported function, compile failure)."""


class ConvergenceError(SymalgError, ArithmeticError):
    """An iterative method did not reach its tolerance and the caller demanded it."""


class SymalgWarning(UserWarning):
    """Base class of every warning symalg emits on purpose."""


class ConvergenceWarning(SymalgWarning):
    """An iterative method stopped before reaching its tolerance."""


class PrecisionWarning(SymalgWarning):
    """A result is less accurate than the dtype suggests (ill-conditioning, cancellation)."""


class SaturationWarning(SymalgWarning):
    """An equality-saturation run stopped at a limit before saturating."""
