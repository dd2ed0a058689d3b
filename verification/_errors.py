"""Exceptions raised when a claim does not hold."""

from __future__ import annotations

from symalg.errors import SymalgError

__all__ = [
    "VerificationError",
    "EquivarianceError",
    "InvarianceError",
    "RepresentationError",
    "AlgebraicLawError",
    "ComponentError",
]


class VerificationError(SymalgError, AssertionError):
    """A checked claim does not hold (base class; also an ``AssertionError`` for pytest)."""

    def __init__(self, message: str, report: object = None) -> None:
        super().__init__(message)
        #: The :class:`verification.Report` behind the failure, when there is one.
        self.report = report


class EquivarianceError(VerificationError):
    """``f(g.x) != g.f(x)`` beyond tolerance for some group element ``g`` and input ``x``."""


class InvarianceError(VerificationError):
    """``f(g.x) != f(x)`` beyond tolerance (the output action is trivial)."""


class RepresentationError(VerificationError):
    """An action is not a group action (homomorphism, identity or inverse law fails).

    Reported instead of a model failure: the test, not the model, is wrong.
    """


class AlgebraicLawError(VerificationError):
    """A binary operation breaks a monoid law (commutativity, associativity, identity)."""


class ComponentError(VerificationError):
    """The callable under test raised, or returned non-finite values, during a check."""


for _cls in (
    VerificationError,
    EquivarianceError,
    InvarianceError,
    RepresentationError,
    AlgebraicLawError,
    ComponentError,
):
    _cls.__module__ = "verification"
del _cls
