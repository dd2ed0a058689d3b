"""Groups to check claims against, with sampling, special elements and strategies.

Every group has :meth:`~Group.sample` (Haar or uniform where it exists),
:meth:`~Group.special_elements` (identity, generators, 90 and 180 degree rotations,
reflections, transpositions: random sampling almost never hits them) and
:meth:`~Group.elements`, a hypothesis strategy mixing both whose failures shrink towards the
identity.

Examples
--------
>>> from verification import groups
>>> groups.from_spec("Permutations(4)*O3").name
'Permutations(4)*O3'
>>> groups.from_spec("O4")
Traceback (most recent call last):
...
symalg.errors.InvalidArgumentError: groups.from_spec: unknown group 'O4' in 'O4'; use one of ...
"""

from __future__ import annotations

from verification._group_base import Group, Product, parse_spec
from verification._group_finite import BlockOrthogonal, Permutations, SignFlips
from verification._group_lie import (
    E3,
    O2,
    O3,
    SE3,
    SL,
    SO2,
    SO3,
    AffineGLPlus,
    AffineSL,
    GLPlus,
    Translations,
)

__all__ = [
    "Group",
    "Product",
    "Permutations",
    "SignFlips",
    "BlockOrthogonal",
    "SO2",
    "O2",
    "SO3",
    "O3",
    "SE3",
    "E3",
    "Translations",
    "GLPlus",
    "SL",
    "AffineGLPlus",
    "AffineSL",
    "from_spec",
]

_REGISTRY = {
    "Permutations": Permutations,
    "SignFlips": SignFlips,
    "BlockOrthogonal": BlockOrthogonal,
    "SO2": SO2,
    "O2": O2,
    "SO3": SO3,
    "O3": O3,
    "SE3": SE3,
    "E3": E3,
    "Translations": Translations,
    "GLPlus": GLPlus,
    "SL": SL,
    "AffineGLPlus": AffineGLPlus,
    "AffineSL": AffineSL,
}


def from_spec(spec: str | Group) -> Group:
    """Build a group from its spec string (a :class:`Group` is returned unchanged).

    Parameters
    ----------
    spec : str or Group
        ``"Name"`` or ``"Name(args)"``, factors joined by ``"*"`` for a direct product:
        ``"O3"``, ``"Permutations(5)"``, ``"BlockOrthogonal(1,2,3)"``, ``"Permutations(4)*E3"``.

    Raises
    ------
    InvalidArgumentError
        For an unknown group name (the message lists the known ones) or bad arguments.

    Examples
    --------
    >>> from verification.groups import from_spec
    >>> from_spec("SignFlips(3)").dim
    3
    """
    return parse_spec(spec, _REGISTRY)
