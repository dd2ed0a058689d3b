"""Run the claims a component declares (``component.claims``) and collect reports."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from hypothesis import strategies as st

from symalg import InvalidArgumentError, InvalidTypeError
from symalg.nn import Claim, make_component
from verification import strategies
from verification._check import check_equivariance
from verification._laws import check_monoid_laws, check_weight_permutation
from verification._report import Report
from verification.groups import from_spec

__all__ = ["verify_claim", "verify_component"]


def _inputs(claim: Claim, where: str) -> st.SearchStrategy[Any]:
    parts = [strategies.from_spec(spec) for spec in claim.inputs]
    if not parts:
        raise InvalidArgumentError(f"{where}: the claim lists no inputs.")
    if len(parts) == 1:
        return parts[0]
    flat = lambda xs: tuple(v for x in xs for v in (x if isinstance(x, tuple) else (x,)))  # noqa: E731
    return st.tuples(*parts).map(flat)


def _method(component: Any, name: str, where: str) -> Callable[..., Any]:
    target = component if name == "__call__" else getattr(component, name, None)
    if not callable(target):
        raise InvalidArgumentError(f"{where}: the component has no callable method {name!r}.")
    return target


def verify_claim(
    component: Any,
    claim: Claim,
    *,
    max_examples: int = 100,
    dtype: str = "float64",
    seed: int | None = None,
) -> Report:
    """Check one :class:`symalg.nn.Claim` of ``component`` and return its :class:`Report`.

    Parameters
    ----------
    component : object
        Has the methods the claim names (and ``name`` for messages).
    claim : Claim
    max_examples : int, default 100
    dtype : {"float64", "float32"}, default "float64"
    seed : int, optional

    Raises
    ------
    InvalidTypeError
        If ``claim`` is not a Claim.
    InvalidArgumentError
        If the claim names an unknown group, action, strategy or method, or its actions do
        not fit the component's inputs and outputs; the message names component and claim.

    Examples
    --------
    >>> from symalg.nn import DeepSets
    >>> from verification import verify_claim
    >>> f = DeepSets()
    >>> verify_claim(f, f.claims[0], max_examples=20, seed=0).passed
    True
    """
    if not isinstance(claim, Claim):
        raise InvalidTypeError(f"verify_claim: claim must be a symalg.nn.Claim, got {claim!r}.")
    label = f"{getattr(component, 'name', type(component).__name__)}/{claim.name}"
    where = f"verify_claim({label})"
    try:
        inputs = _inputs(claim, where)
        rtol = None if claim.exact else claim.rtol
        if claim.kind == "monoid_laws":
            return check_monoid_laws(
                _method(component, "combine", where),
                inputs=inputs,
                max_examples=max_examples,
                identity=_method(component, "identity_element", where)(),
                dtype=dtype,
                rtol=rtol,
                seed=seed,
                name=label,
            )
        if claim.kind == "weight_permutation":
            return check_weight_permutation(
                _method(component, claim.method, where),
                inputs=inputs,
                dtype=dtype,
                rtol=rtol,
                max_examples=max_examples,
                seed=seed,
                name=label,
                permute=lambda m, perms: component.permute_hidden(perms),
                hidden_sizes=component.hidden_sizes,
            )
        degeneracy = None
        if claim.degeneracy is not None:
            degeneracy = _method(component, claim.degeneracy.measure, where)
        return check_equivariance(
            _method(component, claim.method, where),
            group=from_spec(claim.group),
            input_action=claim.input_action,
            output_action=claim.output_action,
            inputs=inputs,
            max_examples=max_examples,
            dtype=dtype,
            rtol=rtol,
            degeneracy=degeneracy,
            degeneracy_threshold=claim.degeneracy.threshold if claim.degeneracy else 1e-3,
            seed=seed,
            name=label,
            stochastic=claim.stochastic,
        )
    except (InvalidArgumentError, InvalidTypeError) as err:
        if label in str(err):
            raise
        raise type(err)(f"{label}: {err}") from err


def verify_component(
    component: Any,
    *,
    claims: Sequence[str] | None = None,
    max_examples: int = 100,
    dtype: str = "float64",
    seed: int | None = None,
) -> list[Report]:
    """Check every claim of a component (or of a registered component's name).

    Parameters
    ----------
    component : object or str
        A component with a ``claims`` tuple, or a name from ``symalg.nn.component_names()``.
    claims : sequence of str, optional
        Only these claim names.
    max_examples, dtype, seed
        As in :func:`verify_claim`.

    Raises
    ------
    InvalidArgumentError
        Unknown component or claim name (the message lists the known ones).

    Examples
    --------
    >>> from verification import verify_component
    >>> [r.status for r in verify_component("monoid", max_examples=10, seed=0)]
    ['holds', 'holds', 'holds', 'holds']
    """
    if isinstance(component, str):
        component = make_component(component)
    own = tuple(getattr(component, "claims", ()))
    if not own:
        raise InvalidArgumentError(
            f"verify_component: {component!r} declares no claims; give it a claims tuple of "
            "symalg.nn.Claim."
        )
    chosen = own
    if claims is not None:
        known = {c.name: c for c in own}
        missing = [c for c in claims if c not in known]
        if missing:
            raise InvalidArgumentError(
                f"verify_component: unknown claim(s) {missing}; known: {sorted(known)}."
            )
        chosen = tuple(known[c] for c in claims)
    return [
        verify_claim(component, c, max_examples=max_examples, dtype=dtype, seed=seed)
        for c in chosen
    ]
