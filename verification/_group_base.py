"""Group interface shared by all groups, direct products, and the spec parser."""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
from hypothesis import strategies as st

from symalg import InvalidArgumentError, InvalidTypeError


class Group:
    """A group with a natural linear or affine representation on ``R^dim``.

    Elements are plain numpy values: index arrays for permutations, sign vectors for sign
    flips, ``(dim, dim)`` matrices for linear groups, ``(dim + 1, dim + 1)`` homogeneous
    matrices for affine groups, tuples for direct products.
    """

    name: str = "Group"
    dim: int = 0
    #: Haar measure is a probability measure (errors need no scale adjustment).
    is_compact: bool = True
    #: Elements carry a translation (acts on ``"points"``).
    is_affine: bool = False
    #: Elements are index permutations (``"rows"``/``"matrix"`` act by exact re-indexing).
    is_permutation: bool = False
    #: Elements are orthogonal/rotation-like maps of 2- or 3-space (act on geometric data).
    is_geometric: bool = False
    #: Named actions are exact in floating point (re-indexing, sign flips): no rounding noise.
    is_exact: bool = False

    def __repr__(self) -> str:
        return f"groups.{self.name}" if "(" in self.name else f"groups.{self.name}()"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Group) and other.name == self.name

    def __hash__(self) -> int:
        return hash(self.name)

    def identity(self) -> Any:
        """Return the identity element."""
        raise NotImplementedError

    def compose(self, a: Any, b: Any) -> Any:
        """Return the product ``a b`` (``matrix(a b) = matrix(a) @ matrix(b)``)."""
        return a @ b

    def inverse(self, a: Any) -> Any:
        """Return ``a^{-1}``."""
        return np.linalg.inv(a)

    def matrix(self, g: Any) -> np.ndarray:
        """Return the linear part of ``g`` as a float64 ``(dim, dim)`` matrix."""
        return np.asarray(g, dtype=np.float64)[: self.dim, : self.dim]

    def translation(self, g: Any) -> np.ndarray:
        """Return the translation part of ``g`` (zeros for linear groups)."""
        return np.zeros(self.dim)

    def sample(self, rng: np.random.Generator) -> Any:
        """Draw one element from the Haar (or a documented) distribution."""
        raise NotImplementedError

    def special_elements(self) -> tuple[tuple[str, Any], ...]:
        """Return deterministic ``(label, element)`` pairs random sampling almost never hits."""
        return (("identity", self.identity()),)

    def generic(self) -> st.SearchStrategy[Any]:
        """Strategy over the whole group whose failures shrink towards the identity."""
        raise NotImplementedError

    def elements(self) -> st.SearchStrategy[Any]:
        """Strategy mixing the special elements with :meth:`generic` elements."""
        specials = [g for _, g in self.special_elements()]
        return st.one_of(st.sampled_from(specials), self.generic())

    def element_type(self, g: Any) -> str:
        """Label of the kind of element (``"rotation"``, ``"reflection+translation"``, ...)."""
        return "generic"

    def scale(self, g: Any) -> float:
        """Condition number of ``matrix(g)``: the error amplification of a non-compact ``g``."""
        if self.is_compact:
            return 1.0
        return float(np.linalg.cond(self.matrix(g)))

    def format(self, g: Any) -> str:
        """Short printable form of an element."""
        return np.array2string(np.asarray(g), precision=4, suppress_small=True, separator=", ")


class Product(Group):
    """Direct product ``G_1 x G_2 x ...``; elements are tuples, one entry per factor.

    Actions on a product are given factor by factor with ``"*"``: ``"rows*points"`` lets
    factor 0 act by ``"rows"`` and factor 1 by ``"points"`` (the factors commute).

    Examples
    --------
    >>> from verification import groups
    >>> g = groups.Product(groups.Permutations(3), groups.SO3())
    >>> g.name
    'Permutations(3)*SO3'
    >>> g.dim
    6
    """

    def __init__(self, *factors: Group) -> None:
        if len(factors) < 2 or not all(isinstance(f, Group) for f in factors):
            raise InvalidTypeError(
                f"Product: needs at least two groups, got {factors!r}; e.g. "
                "Product(Permutations(4), SO3())."
            )
        self.factors = tuple(factors)
        self.name = "*".join(f.name for f in factors)
        self.dim = sum(f.dim for f in factors)
        self.is_compact = all(f.is_compact for f in factors)
        self.is_affine = any(f.is_affine for f in factors)
        self.is_exact = all(f.is_exact for f in factors)

    def identity(self) -> tuple[Any, ...]:  # noqa: D102
        return tuple(f.identity() for f in self.factors)

    def compose(self, a: Any, b: Any) -> tuple[Any, ...]:  # noqa: D102
        return tuple(f.compose(x, y) for f, x, y in zip(self.factors, a, b, strict=True))

    def inverse(self, a: Any) -> tuple[Any, ...]:  # noqa: D102
        return tuple(f.inverse(x) for f, x in zip(self.factors, a, strict=True))

    def matrix(self, g: Any) -> np.ndarray:  # noqa: D102
        out = np.zeros((self.dim, self.dim))
        i = 0
        for f, x in zip(self.factors, g, strict=True):
            out[i : i + f.dim, i : i + f.dim] = f.matrix(x)
            i += f.dim
        return out

    def translation(self, g: Any) -> np.ndarray:  # noqa: D102
        return np.concatenate([f.translation(x) for f, x in zip(self.factors, g, strict=True)])

    def sample(self, rng: np.random.Generator) -> tuple[Any, ...]:  # noqa: D102
        return tuple(f.sample(rng) for f in self.factors)

    def special_elements(self) -> tuple[tuple[str, Any], ...]:  # noqa: D102
        ids = self.identity()
        out = [("identity", ids)]
        for i, f in enumerate(self.factors):
            for label, x in f.special_elements()[1:]:
                g = list(ids)
                g[i] = x
                out.append((f"{label}@{i}", tuple(g)))
        combo = [f.special_elements()[-1] for f in self.factors]
        out.append(("+".join(lab for lab, _ in combo), tuple(x for _, x in combo)))
        return tuple(out)

    def generic(self) -> st.SearchStrategy[Any]:  # noqa: D102
        return st.tuples(*(f.elements() for f in self.factors))

    def element_type(self, g: Any) -> str:  # noqa: D102
        return "*".join(f.element_type(x) for f, x in zip(self.factors, g, strict=True))

    def scale(self, g: Any) -> float:  # noqa: D102
        return float(np.prod([f.scale(x) for f, x in zip(self.factors, g, strict=True)]))

    def format(self, g: Any) -> str:  # noqa: D102
        return "(" + ", ".join(f.format(x) for f, x in zip(self.factors, g, strict=True)) + ")"


def parse_spec(spec: str, registry: dict[str, Any]) -> Group:
    """Build a group from a spec: ``"O3"``, ``"Permutations(5)"``, ``"SO3*Translations(3)"``."""
    if isinstance(spec, Group):
        return spec
    if not isinstance(spec, str) or not spec.strip():
        raise InvalidTypeError(f"groups.from_spec: spec must be a string like 'O3', got {spec!r}.")
    factors = []
    for part in spec.replace(" ", "").split("*"):
        name, _, rest = part.partition("(")
        if name not in registry:
            valid = ", ".join(sorted(registry))
            raise InvalidArgumentError(
                f"groups.from_spec: unknown group {name!r} in {spec!r}; use one of {valid}."
            )
        args: list[int] = []
        if rest:
            if not rest.endswith(")"):
                raise InvalidArgumentError(
                    f"groups.from_spec: unbalanced parentheses in {spec!r}."
                )
            try:
                args = [int(a) for a in rest[:-1].split(",") if a]
            except ValueError as err:
                raise InvalidArgumentError(
                    f"groups.from_spec: arguments of {part!r} must be integers, e.g. "
                    "'Permutations(5)'."
                ) from err
        try:
            factors.append(registry[name](*args))
        except TypeError as err:
            raise InvalidArgumentError(
                f"groups.from_spec: bad arguments in {part!r}: {err}."
            ) from err
    return factors[0] if len(factors) == 1 else Product(*factors)


def all_sign_patterns(k: int) -> list[np.ndarray]:
    """Every vector of k signs (used for small special-element sets)."""
    return [np.array(s, dtype=float) for s in itertools.product((1.0, -1.0), repeat=k)]
