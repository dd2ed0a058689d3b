"""Registry of neural components whose claims ``symalg verify`` checks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from symalg.errors import InvalidArgumentError, InvalidTypeError

__all__ = ["register_component", "component_names", "make_component"]

_REGISTRY: dict[str, Callable[[], Any]] = {}


def register_component(name: str, factory: Callable[[], Any], *, replace: bool = False) -> None:
    """Register a component factory under ``name``.

    Parameters
    ----------
    name : str
        Registry key, e.g. ``"deepsets"``.
    factory : callable
        ``factory() -> component``; the component has a ``claims`` tuple of
        :class:`symalg.nn.Claim` and the methods those claims name.
    replace : bool, default False
        Allow replacing an existing entry.

    Raises
    ------
    InvalidTypeError
        If ``name`` is not a string or ``factory`` is not callable.
    InvalidArgumentError
        If ``name`` is taken and ``replace`` is False.

    Examples
    --------
    >>> from symalg.nn import register_component, DeepSets
    >>> register_component("deepsets", DeepSets)
    Traceback (most recent call last):
    ...
    symalg.errors.InvalidArgumentError: register_component: 'deepsets' is already registered; ...
    """
    if not isinstance(name, str) or not name:
        raise InvalidTypeError(
            f"register_component: name must be a non-empty string, got {name!r}."
        )
    if not callable(factory):
        raise InvalidTypeError(
            f"register_component: factory for {name!r} must be callable, got "
            f"{type(factory).__name__}."
        )
    if name in _REGISTRY and not replace:
        raise InvalidArgumentError(
            f"register_component: {name!r} is already registered; pass replace=True to "
            "override it."
        )
    _REGISTRY[name] = factory


def component_names() -> tuple[str, ...]:
    """Return the names of all registered components, in registration order.

    Examples
    --------
    >>> from symalg.nn import component_names
    >>> "deepsets" in component_names()
    True
    """
    return tuple(_REGISTRY)


def make_component(name: str) -> Any:
    """Build the registered component ``name``.

    Raises
    ------
    InvalidArgumentError
        If no component is registered under ``name``; the message lists the known names.

    Examples
    --------
    >>> from symalg.nn import make_component
    >>> make_component("deepsets").name
    'deepsets'
    >>> make_component("nope")
    Traceback (most recent call last):
    ...
    symalg.errors.InvalidArgumentError: make_component: no component named 'nope'; known: ...
    """
    if name not in _REGISTRY:
        known = ", ".join(repr(n) for n in _REGISTRY)
        raise InvalidArgumentError(f"make_component: no component named {name!r}; known: {known}.")
    return _REGISTRY[name]()
