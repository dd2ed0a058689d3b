"""Group actions on arrays: named actions, factor-wise product actions and callables.

An action maps ``(g, x) -> g.x`` in float64. Named actions:

================== ============================================================
``"trivial"``      ``x`` unchanged (invariance)
``"rows"``         ``M(g)`` on the first axis: ``x[p]`` for a permutation ``p``
``"matrix"``       ``M X M^T``: ``A[p][:, p]`` for a permutation
``"vectors"``      ``x M^T`` on the last axis (translations ignored)
``"points"``       ``x R^T + t`` on the last axis (rotation plus translation)
``"pseudovectors"`` ``det(R) x R^T`` on the last axis
``"left"``         ``g X`` on group-valued inputs (matrices of the group's elements)
``"irreps:<spec>"`` O(3) irreps of any degree in symalg's real basis (``1o`` is (y, z, x))
``"a*b"``          factor-wise on a :class:`~verification.groups.Product`
================== ============================================================

Any callable ``action(g, x) -> array`` is accepted as well; it is checked to be a group
action (identity, homomorphism, inverse) before the model is blamed for anything.

Examples
--------
>>> import numpy as np
>>> from verification import actions, groups
>>> rows = actions.resolve("rows", groups.Permutations(3))
>>> rows(np.array([2, 0, 1]), np.array([10.0, 20.0, 30.0])).tolist()
[30.0, 10.0, 20.0]
>>> actions.resolve("points", groups.Permutations(3))
Traceback (most recent call last):
...
symalg.errors.InvalidArgumentError: action 'points' needs a geometric group ...
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from symalg import InvalidArgumentError, InvalidTypeError, ShapeError
from verification._group_base import Group, Product

__all__ = ["Action", "resolve", "NAMED_ACTIONS"]

#: Names accepted by :func:`resolve` (plus ``"irreps:<spec>"``, ``"a*b"`` and callables).
NAMED_ACTIONS = ("trivial", "rows", "matrix", "vectors", "points", "pseudovectors", "left")


class Action:
    """A resolved action of ``group``: call it as ``action(g, x)``.

    Parameters
    ----------
    name : str
        Printable name (``"vectors"``, or the callable's name).
    group : Group
    apply : callable
        ``apply(g, x) -> array`` in float64.
    shape_check : callable or None
        ``shape_check(shape) -> str | None``: a description of the expected shape when
        ``shape`` does not fit, ``None`` when it does.

    Examples
    --------
    >>> import numpy as np
    >>> from verification import actions, groups
    >>> a = actions.resolve("vectors", groups.SO2())
    >>> a.validate(np.zeros((4, 3)), where="demo")
    Traceback (most recent call last):
    ...
    symalg.errors.ShapeError: demo: action 'vectors' of SO2 expects a last axis of size 2, got ...
    """

    def __init__(
        self,
        name: str,
        group: Group,
        apply: Callable[[Any, np.ndarray], np.ndarray],
        shape_check: Callable[[tuple[int, ...]], str | None] | None = None,
    ) -> None:
        self.name, self.group, self._apply, self._shape_check = name, group, apply, shape_check
        self.is_trivial = name == "trivial"

    def __repr__(self) -> str:
        return f"Action({self.name!r}, {self.group.name})"

    def __call__(self, g: Any, x: np.ndarray) -> np.ndarray:
        """Return ``g . x`` in float64."""
        return np.asarray(self._apply(g, np.asarray(x, dtype=np.float64)), dtype=np.float64)

    def validate(self, x: np.ndarray, *, where: str) -> None:
        """Raise :class:`~symalg.ShapeError` if the action cannot act on an array like ``x``."""
        shape = np.shape(x)
        if self._shape_check is not None:
            expected = self._shape_check(shape)
            if expected is not None:
                raise ShapeError(
                    f"{where}: action {self.name!r} of {self.group.name} expects {expected}, "
                    f"got shape {shape}."
                )
            return
        out = self(self.group.identity(), np.zeros(shape))
        if out.shape != shape:
            raise ShapeError(
                f"{where}: action {self.name!r} returned shape {out.shape} for an input of shape "
                f"{shape}; an action must preserve the shape."
            )


def _last_axis(d: int) -> Callable[[tuple[int, ...]], str | None]:
    return lambda s: None if len(s) >= 1 and s[-1] == d else f"a last axis of size {d}"


def _linear(name: str, group: Group) -> Action:
    d, perm = group.dim, group.is_permutation
    if name == "rows":

        def rows(g: Any, x: np.ndarray) -> np.ndarray:
            return x[np.asarray(g)] if perm else np.tensordot(group.matrix(g), x, axes=(1, 0))

        return Action(
            name,
            group,
            rows,
            lambda s: None if len(s) >= 1 and s[0] == d else f"a first axis of size {d}",
        )
    if name == "matrix":

        def matrix(g: Any, x: np.ndarray) -> np.ndarray:
            if perm:
                p = np.asarray(g)
                return x[p][:, p]
            m = group.matrix(g)
            return np.einsum("ij,jk...,lk->il...", m, x, m)

        return Action(
            name,
            group,
            matrix,
            lambda s: None if len(s) >= 2 and s[:2] == (d, d) else f"shape ({d}, {d}, ...)",
        )

    def vectors(g: Any, x: np.ndarray) -> np.ndarray:
        return x[..., np.asarray(g)] if perm else x @ group.matrix(g).T

    return Action(name, group, vectors, _last_axis(d))


def _geometric(name: str, group: Group) -> Action:
    if not group.is_geometric:
        raise InvalidArgumentError(
            f"action {name!r} needs a geometric group (rotations, reflections, translations, "
            f"GL/SL); {group.name} acts on 'rows', 'matrix' or 'vectors'."
        )
    if name == "points":

        def points(g: Any, x: np.ndarray) -> np.ndarray:
            return x @ group.matrix(g).T + group.translation(g)

        return Action(name, group, points, _last_axis(group.dim))

    def pseudo(g: Any, x: np.ndarray) -> np.ndarray:
        m = group.matrix(g)
        return np.linalg.det(m) * (x @ m.T)

    return Action(name, group, pseudo, _last_axis(group.dim))


def _left(group: Group) -> Action:
    if group.is_permutation or not group.is_geometric or isinstance(group, Product):
        raise InvalidArgumentError(
            f"action 'left' needs a matrix group (GL/SL, affine, rotations); {group.name} has "
            "no matrix elements to multiply: use 'rows', 'matrix' or 'vectors'."
        )
    k = np.asarray(group.identity()).shape[0]

    def left(g: Any, x: np.ndarray) -> np.ndarray:
        return np.asarray(g, dtype=np.float64) @ x

    def shape_check(s: tuple[int, ...]) -> str | None:
        return None if len(s) >= 2 and s[-2:] == (k, k) else f"shape (..., {k}, {k})"

    return Action("left", group, left, shape_check)


def _irreps(spec: str, group: Group) -> Action:
    from symalg.equivariant import Irreps  # the O(3) irreps: real Wigner-D times parity

    if not (group.is_geometric and group.dim == 3):
        raise InvalidArgumentError(
            f"action {spec!r} needs O(3), SO(3), E(3) or SE(3); got {group.name}."
        )
    try:
        rep = Irreps(spec.removeprefix("irreps:"))
    except (InvalidArgumentError, InvalidTypeError) as err:
        raise InvalidArgumentError(
            f"action {spec!r}: {err} Blocks use symalg's real basis ('1o' is (y, z, x))."
        ) from err
    if rep.dim == 0:
        raise InvalidArgumentError(
            f"action {spec!r}: no irreps given; write terms like 'irreps:2x0e+1x1o+1x2e'."
        )

    def irreps(g: Any, x: np.ndarray) -> np.ndarray:
        return x @ rep.D_from_matrix(group.matrix(g)).T

    return Action(spec, group, irreps, _last_axis(rep.dim))


def _product(spec: str, group: Group) -> Action:
    parts = spec.split("*")
    if not isinstance(group, Product) or len(group.factors) != len(parts):
        n = len(group.factors) if isinstance(group, Product) else 1
        raise InvalidArgumentError(
            f"action {spec!r} has {len(parts)} factors but {group.name} has {n}; give one "
            "action per factor of a groups.Product."
        )
    acts = [resolve(p, f) for p, f in zip(parts, group.factors, strict=True)]

    def product(g: Any, x: np.ndarray) -> np.ndarray:
        for act, gi in zip(acts, g, strict=True):
            x = act(gi, x)
        return x

    def shape_check(s: tuple[int, ...]) -> str | None:
        for act in acts:
            if act._shape_check is not None and (msg := act._shape_check(s)) is not None:
                return f"{msg} (factor {act.group.name})"
        return None

    return Action(spec, group, product, shape_check)


def resolve(action: str | Callable[[Any, np.ndarray], Any] | Action, group: Group) -> Action:
    """Turn an action name or callable into an :class:`Action` of ``group``.

    Parameters
    ----------
    action : str, callable or Action
        A name from :data:`NAMED_ACTIONS`, ``"irreps:<spec>"``, a product ``"a*b"``, or a
        callable ``action(g, x) -> array``.
    group : Group

    Raises
    ------
    InvalidArgumentError
        If the name is unknown (the message lists the valid ones) or the group and action do
        not fit (``"points"`` for a permutation group, ``"rows"`` for a group with
        translations, a product action with the wrong number of factors).
    InvalidTypeError
        If ``action`` is neither a string nor a callable.

    Examples
    --------
    >>> import numpy as np
    >>> from verification import actions, groups
    >>> act = actions.resolve("pseudovectors", groups.O3())
    >>> act(-np.eye(3), np.array([1.0, 2.0, 3.0])).tolist()
    [1.0, 2.0, 3.0]
    """
    if isinstance(action, Action):
        return action
    if callable(action):
        return Action(getattr(action, "__name__", repr(action)), group, action)
    if not isinstance(action, str):
        raise InvalidTypeError(
            f"action must be a name such as 'vectors' or a callable action(g, x), got "
            f"{type(action).__name__}."
        )
    if "*" in action:
        return _product(action, group)
    if action.startswith("irreps:"):
        return _irreps(action, group)
    if action not in NAMED_ACTIONS:
        valid = ", ".join(repr(a) for a in NAMED_ACTIONS)
        raise InvalidArgumentError(
            f"unknown action {action!r}; use one of {valid}, 'irreps:<spec>', a product "
            "'a*b' or a callable action(g, x)."
        )
    if action == "trivial":
        return Action("trivial", group, lambda g, x: x, lambda s: None)
    if action in ("points", "pseudovectors"):
        return _geometric(action, group)
    if action == "left":
        return _left(group)
    if action != "vectors" and group.is_affine:
        raise InvalidArgumentError(
            f"action {action!r} on {group.name} would ignore its translations; use 'points', "
            "'vectors' (linear part only) or a product action like 'rows*points'."
        )
    return _linear(action, group)
