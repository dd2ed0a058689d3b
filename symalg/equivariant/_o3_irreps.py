"""``Irreps``: direct sums of O(3) irreducible representations, parsed from strings."""

# The degree is called l, as in the literature and the fixed public API.
# ruff: noqa: E741

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

from symalg._validation import check_int, check_rng
from symalg.equivariant._o3_wigner import all_wigner_D_from_matrix, check_matrices
from symalg.errors import InvalidArgumentError, InvalidTypeError, ShapeError
from symalg.typing import RNGLike

__all__ = ["Irreps"]

_TERM = re.compile(r"^(?:(\d+)x)?(\d+)([eo])$")


def _parse(spec: str) -> tuple[tuple[int, int, int], ...]:
    items, pos = [], 0
    for raw in spec.split("+"):
        term = raw.strip()
        start = pos + len(raw) - len(raw.lstrip())
        pos += len(raw) + 1
        match = _TERM.match(term)
        if match is None or (match.group(1) is not None and int(match.group(1)) < 1):
            raise InvalidArgumentError(
                f"Irreps: cannot parse irrep {term!r} at position {start} of {spec!r}; write "
                "terms like '2x0e' or '1o' (multiplicity >= 1, degree, parity e or o) joined "
                "by '+'."
            )
        mul = int(match.group(1)) if match.group(1) else 1
        items.append((mul, int(match.group(2)), 1 if match.group(3) == "e" else -1))
    return tuple(items)


def _from_items(value: Sequence[Any]) -> tuple[tuple[int, int, int], ...]:
    items = []
    for item in value:
        if not (isinstance(item, tuple) and len(item) == 3):
            raise InvalidTypeError(f"Irreps: items must be (mul, l, parity) tuples, got {item!r}.")
        mul = check_int("mul", item[0], where="Irreps", minimum=1)
        l = check_int("l", item[1], where="Irreps", minimum=0)
        if item[2] not in (1, -1):
            raise InvalidArgumentError(f"Irreps: parity={item[2]!r} must be +1 (e) or -1 (o).")
        items.append((mul, l, int(item[2])))
    return tuple(items)


class Irreps:
    """A direct sum of O(3) irreps, e.g. ``Irreps("2x0e + 1x1o + 1x2e")``.

    Parameters
    ----------
    spec : str, Irreps or sequence of (mul, l, parity)
        Terms ``"<mul>x<l><p>"`` joined by ``+`` (``mul`` defaults to 1; ``p`` is ``e`` for
        parity +1, ``o`` for -1); or tuples ``(mul, l, parity)`` with parity +1 or -1.

    Raises
    ------
    InvalidArgumentError
        If a term cannot be parsed (the message gives the term and its position), or a
        multiplicity, degree or parity is out of range.
    InvalidTypeError
        If ``spec`` has an unsupported type.

    Notes
    -----
    A feature vector is the concatenation of the ``mul`` copies of each irrep, each copy a
    block of ``2l+1`` coefficients in the real basis of :func:`spherical_harmonics`
    (``1o`` is ordered ``(y, z, x)``). ``g`` in O(3) acts on block ``(l, p)`` by
    ``p^{[det g < 0]} D^l(det(g) g)``; so ``1o`` is a vector, ``1e`` a pseudovector, and the
    harmonics ``Y_l`` transform as ``l`` with parity ``(-1)^l``. :meth:`D_from_matrix` is a
    homomorphism from O(3) into orthogonal ``(dim, dim)`` matrices.

    Examples
    --------
    >>> import numpy as np
    >>> ir = Irreps("2x0e + 1x1o")
    >>> ir.dim, str(ir), ir.slices()
    (5, '2x0e+1x1o', [slice(0, 2, None), slice(2, 5, None)])
    >>> np.diag(ir.D_from_matrix(-np.eye(3))).tolist()
    [1.0, 1.0, -1.0, -1.0, -1.0]
    >>> Irreps("1x0e + 2y1o")
    Traceback (most recent call last):
    ...
    symalg.errors.InvalidArgumentError: Irreps: cannot parse irrep '2y1o' at position 7 of ...
    """

    __slots__ = ("_items",)

    def __init__(self, spec: str | Irreps | Sequence[tuple[int, int, int]]) -> None:
        if isinstance(spec, Irreps):
            self._items = spec._items
        elif isinstance(spec, str):
            self._items = _parse(spec) if spec.strip() else ()
        elif isinstance(spec, (list, tuple)):
            self._items = _from_items(spec)
        else:
            raise InvalidTypeError(
                f"Irreps: expected a string like '2x0e+1x1o', an Irreps or (mul, l, parity) "
                f"tuples, got {type(spec).__name__}."
            )

    @classmethod
    def spherical_harmonics(cls, lmax: int) -> Irreps:
        """``0e + 1o + 2e + ...`` up to ``lmax``: the irreps of the harmonics ``Y_0..Y_lmax``.

        Examples
        --------
        >>> str(Irreps.spherical_harmonics(3))
        '1x0e+1x1o+1x2e+1x3o'
        """
        lmax = check_int("lmax", lmax, where="Irreps.spherical_harmonics", minimum=0)
        return cls([(1, l, (-1) ** l) for l in range(lmax + 1)])

    @property
    def items(self) -> tuple[tuple[int, int, int], ...]:
        """The terms as ``(mul, l, parity)`` tuples."""
        return self._items

    @property
    def dim(self) -> int:
        """Length of a feature vector: ``sum mul (2l+1)``."""
        return sum(m * (2 * l + 1) for m, l, _ in self._items)

    @property
    def lmax(self) -> int:
        """Largest degree (``-1`` for the empty sum)."""
        return max((l for _, l, _ in self._items), default=-1)

    def slices(self) -> list[slice]:
        """One slice of the feature vector per term."""
        out, start = [], 0
        for m, l, _ in self._items:
            out.append(slice(start, start + m * (2 * l + 1)))
            start += m * (2 * l + 1)
        return out

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[tuple[int, int, int]]:
        return iter(self._items)

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return Irreps(list(self._items[index]))
        return self._items[index]

    def __add__(self, other: Irreps | str) -> Irreps:
        return Irreps(list(self._items) + list(Irreps(other)._items))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Irreps) and self._items == other._items

    def __hash__(self) -> int:
        return hash(self._items)

    def __str__(self) -> str:
        return "+".join(f"{m}x{l}{'e' if p == 1 else 'o'}" for m, l, p in self._items)

    def __repr__(self) -> str:
        return f"Irreps({str(self)!r})"

    def D_from_matrix(self, matrix: Any) -> np.ndarray:
        """Block-diagonal action of O(3) matrices, shape ``(..., dim, dim)``.

        Parameters
        ----------
        matrix : array_like of shape (..., 3, 3)
            Orthogonal matrices (``det = -1`` allowed: parity applies).

        Raises
        ------
        ShapeError
            If ``matrix`` does not have shape ``(..., 3, 3)``.
        InvalidArgumentError
            If ``matrix`` is not orthogonal.

        Examples
        --------
        >>> import numpy as np
        >>> (Irreps("1x1o").D_from_matrix(np.diag([-1.0, 1.0, 1.0])) + 0.0).tolist()
        [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, -1.0]]
        """
        g = check_matrices("Irreps.D_from_matrix", matrix, proper=False)
        det = np.sign(np.linalg.det(g))
        blocks = all_wigner_D_from_matrix(max(self.lmax, 1), g * det[..., None, None])
        out = np.zeros(g.shape[:-2] + (self.dim, self.dim))
        start = 0
        for m, l, p in self._items:
            sign = np.where(det < 0, float(p), 1.0)[..., None, None]
            for _ in range(m):
                d = 2 * l + 1
                out[..., start : start + d, start : start + d] = sign * blocks[l]
                start += d
        return out

    def check_features(self, where: str, name: str, x: Any) -> np.ndarray:
        """Return ``x`` as a float array whose last axis has length ``dim``, or raise."""
        arr = np.asarray(x)
        if arr.dtype.kind not in "fiu":
            raise InvalidTypeError(f"{where}: {name} must be a real array, got dtype {arr.dtype}.")
        if arr.ndim == 0 or arr.shape[-1] != self.dim:
            raise ShapeError(
                f"{where}: {name} has shape {arr.shape}; expected (..., {self.dim}) for irreps "
                f"{self}."
            )
        return arr if arr.dtype.kind == "f" else arr.astype(np.float64)

    def randn(self, *batch: int, rng: RNGLike = None) -> np.ndarray:
        """Standard normal features of shape ``batch + (dim,)``.

        Examples
        --------
        >>> Irreps("1x0e+1x2e").randn(4, rng=0).shape
        (4, 6)
        """
        gen = check_rng(rng, where="Irreps.randn")
        return gen.standard_normal(tuple(batch) + (self.dim,))


def check_feature_pair(
    where: str, irreps1: Irreps, irreps2: Irreps, x1: Any, x2: Any
) -> tuple[np.ndarray, np.ndarray, tuple[int, ...], np.dtype]:
    """Validate two feature arrays of a product: ``(a, b, broadcast batch shape, dtype)``."""
    a = irreps1.check_features(where, "x1", x1)
    b = irreps2.check_features(where, "x2", x2)
    try:
        batch = np.broadcast_shapes(a.shape[:-1], b.shape[:-1])
    except ValueError as err:
        raise ShapeError(
            f"{where}: batch shapes {a.shape[:-1]} and {b.shape[:-1]} do not broadcast."
        ) from err
    return a, b, batch, np.result_type(a.dtype, b.dtype)
