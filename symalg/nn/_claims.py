"""Symmetry claims of neural components, as plain data.

``symalg`` never imports ``verification``: a component states what it claims with the frozen
dataclasses below, and ``verification`` reads them and checks them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Literal

from symalg.errors import InvalidArgumentError, InvalidTypeError

__all__ = ["InputSpec", "Degeneracy", "Claim", "CLAIM_KINDS"]

#: The kinds of claim a component can make.
CLAIM_KINDS = ("equivariance", "monoid_laws", "weight_permutation")


def _check_name(where: str, name: str, value: Any) -> None:
    if not isinstance(value, str) or not value:
        raise InvalidTypeError(f"{where}: {name} must be a non-empty string, got {value!r}.")


@dataclass(frozen=True)
class InputSpec:
    """Which inputs a claim is about: a strategy name and its keyword arguments.

    Parameters
    ----------
    strategy : str
        Name of a strategy in ``verification.strategies`` (e.g. ``"point_clouds"``).
    params : dict
        Keyword arguments of that strategy, e.g. ``{"n_points": 8}``.

    Examples
    --------
    >>> InputSpec("point_clouds", {"n_points": 8})
    InputSpec(strategy='point_clouds', params={'n_points': 8})
    """

    strategy: str
    params: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        _check_name("InputSpec", "strategy", self.strategy)
        if not isinstance(self.params, dict):
            raise InvalidTypeError(
                f"InputSpec: params must be a dict of keyword arguments, got "
                f"{type(self.params).__name__}."
            )


@dataclass(frozen=True)
class Degeneracy:
    """A known degenerate region of a claim, and the tolerance model next to it.

    Parameters
    ----------
    measure : str
        Name of a method of the component, ``measure(*inputs) -> float``, returning a
        dimensionless gap in ``[0, 1]`` (e.g. the relative covariance eigenvalue gap).
    threshold : float
        Inputs whose gap is below ``threshold`` are *expected-degenerate*: their errors are
        reported separately and never count as violations.
    description : str
        One line saying why the claim degrades there.

    Notes
    -----
    Above the threshold the relative tolerance becomes ``rtol / gap`` (error of order
    ``eps / gap``, as for eigenvectors of a matrix with eigenvalue gap ``gap``).

    Examples
    --------
    >>> Degeneracy("covariance_gap", 1e-3, "frame undefined at repeated eigenvalues").threshold
    0.001
    >>> Degeneracy("covariance_gap", -1.0, "x")
    Traceback (most recent call last):
    ...
    symalg.errors.InvalidArgumentError: Degeneracy: threshold=-1.0 must be a finite number ...
    """

    measure: str
    threshold: float
    description: str = ""

    def __post_init__(self) -> None:
        _check_name("Degeneracy", "measure", self.measure)
        t = self.threshold
        if not isinstance(t, (int, float)) or not math.isfinite(t) or not 0 < t <= 1:
            raise InvalidArgumentError(
                f"Degeneracy: threshold={t!r} must be a finite number in (0, 1]."
            )


@dataclass(frozen=True)
class Claim:
    """One symmetry claim of a component, as data.

    Parameters
    ----------
    name : str
        Short identifier, unique within the component (e.g. ``"permutation-invariance"``).
    group : str
        Group spec understood by ``verification.groups.from_spec``: ``"O3"``, ``"E3"``,
        ``"Permutations(6)"``, ``"BlockOrthogonal(1,2,3)"``, ``"Permutations(4)*Permutations(5)"``.
    input_action, output_action : str or tuple of str
        Named actions (``"trivial"``, ``"rows"``, ``"matrix"``, ``"vectors"``, ``"points"``,
        ``"pseudovectors"``, ``"irreps:<spec>"``), one per input / output array when the
        component takes or returns several.
    inputs : tuple of InputSpec
        One spec per positional input of the method.
    kind : {"equivariance", "monoid_laws", "weight_permutation"}
        ``"equivariance"`` (invariance when every output action is trivial); ``"monoid_laws"``
        (the component has ``combine(a, b)``, ``identity_element(shape)`` and reduces a
        multiset with ``method``); ``"weight_permutation"`` (the component has
        ``permute_hidden(perms)`` and ``hidden_sizes``; its function must not change).
    method : str
        The method that is checked (``"__call__"`` for the component itself).
    exact : bool
        ``True`` when the property holds mathematically exactly (checked to round-off);
        ``False`` for an approximate property, checked against ``rtol``.
    rtol : float or None
        Relative tolerance for an approximate claim; ``None`` uses the dtype default.
    degeneracy : Degeneracy or None
        Known degenerate region of the claim.
    stochastic : bool
        The method is random (a Monte Carlo estimate with fresh samples per call): the
        checker then does not excuse errors as rounding noise, and ``rtol`` (required, with
        ``exact=False``) must cover the sampling error.

    Examples
    --------
    >>> c = Claim("e3-invariance", "E3", "points", "trivial", (InputSpec("point_clouds"),))
    >>> c.is_invariance
    True
    >>> Claim("bad", "E3", "points", "trivial", (), kind="other")
    Traceback (most recent call last):
    ...
    symalg.errors.InvalidArgumentError: Claim 'bad': kind='other' is not supported; use one of ...
    """

    name: str
    group: str
    input_action: str | tuple[str, ...]
    output_action: str | tuple[str, ...]
    inputs: tuple[InputSpec, ...]
    kind: Literal["equivariance", "monoid_laws", "weight_permutation"] = "equivariance"
    method: str = "__call__"
    exact: bool = True
    rtol: float | None = None
    degeneracy: Degeneracy | None = None
    stochastic: bool = False

    def __post_init__(self) -> None:
        where = f"Claim {self.name!r}"
        _check_name("Claim", "name", self.name)
        _check_name(where, "group", self.group)
        _check_name(where, "method", self.method)
        if self.kind not in CLAIM_KINDS:
            valid = ", ".join(repr(k) for k in CLAIM_KINDS)
            raise InvalidArgumentError(
                f"{where}: kind={self.kind!r} is not supported; use one of {valid}."
            )
        for label in ("input_action", "output_action"):
            value = getattr(self, label)
            items = value if isinstance(value, tuple) else (value,)
            if not items or not all(isinstance(v, str) and v for v in items):
                raise InvalidTypeError(
                    f"{where}: {label} must be an action name or a tuple of names, got {value!r}."
                )
        if not isinstance(self.inputs, tuple) or not all(
            isinstance(s, InputSpec) for s in self.inputs
        ):
            raise InvalidTypeError(f"{where}: inputs must be a tuple of InputSpec.")
        if self.rtol is not None and not (isinstance(self.rtol, float) and self.rtol > 0):
            raise InvalidArgumentError(f"{where}: rtol={self.rtol!r} must be a positive float.")
        if self.stochastic and self.exact:
            raise InvalidArgumentError(
                f"{where}: a stochastic claim cannot be exact; pass exact=False and an rtol "
                "that covers the sampling error."
            )
        if not self.exact and self.rtol is None:
            raise InvalidArgumentError(f"{where}: an approximate claim (exact=False) needs rtol.")

    @property
    def is_invariance(self) -> bool:
        """``True`` when every output action is ``"trivial"``."""
        out = (
            self.output_action if isinstance(self.output_action, tuple) else (self.output_action,)
        )
        return self.kind != "monoid_laws" and all(a == "trivial" for a in out)
