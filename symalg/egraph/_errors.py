"""Errors specific to equality saturation (subclasses of the symalg hierarchy)."""

from __future__ import annotations

from symalg.errors import SymalgError

__all__ = ["ConstantConflictError", "RewriteError"]


class ConstantConflictError(SymalgError, ArithmeticError):
    """Two different constants were merged into one e-class: some rewrite is unsound.

    Examples
    --------
    >>> issubclass(ConstantConflictError, ArithmeticError)
    True
    """


class RewriteError(SymalgError):
    """A rewrite's condition or custom applier raised; the message names the rule.

    Examples
    --------
    >>> issubclass(RewriteError, SymalgError)
    True
    """
