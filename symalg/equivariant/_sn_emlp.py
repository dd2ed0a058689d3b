"""Equivariant bases for any matrix group: EMLP-style null spaces (Finzi et al., ICML 2021).

A group is given by generators (:class:`GroupGenerators`): discrete elements ``h_i`` and
Lie-algebra elements ``A_k`` of GL(d). Representations (:class:`MatrixRep`) are built from
the standard representation V and the trivial one with direct sums, tensor products and
duals. An equivariant linear map ``W : rep_in -> rep_out`` satisfies
``rho_out(g) W rho_in(g)^{-1} = W``: a fixed vector of ``rep_out (x) rep_in*``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from symalg._validation import check_option
from symalg.errors import ConvergenceError, InvalidArgumentError, InvalidTypeError, ShapeError

__all__ = ["GroupGenerators", "MatrixRep", "EquivariantBasis", "equivariant_basis"]

_KINDS = ("standard", "trivial", "sum", "tensor", "dual")
_MAX_SIZE = 1500


def _frozen_matrices(name: str, mats: object) -> tuple[np.ndarray, ...]:
    if not isinstance(mats, (tuple, list)):
        raise InvalidTypeError(f"GroupGenerators: {name} must be a tuple of square matrices.")
    out = []
    for m in mats:
        arr = np.array(m, dtype=np.float64)
        if arr.ndim != 2 or arr.shape[0] != arr.shape[1] or not np.isfinite(arr).all():
            raise ShapeError(
                f"GroupGenerators: a {name} generator has shape {arr.shape}; expected a finite "
                "(d, d) matrix."
            )
        arr.flags.writeable = False
        out.append(arr)
    return tuple(out)


@dataclass(frozen=True, eq=False)
class GroupGenerators:
    """Generators of a matrix group G in GL(d): discrete elements and a Lie-algebra basis.

    Parameters
    ----------
    discrete : tuple of ndarray of shape (d, d)
        Group elements generating the component group (and finite groups).
    lie_algebra : tuple of ndarray of shape (d, d)
        A basis of the Lie algebra (the identity component is ``exp`` of their span).

    Raises
    ------
    ShapeError
        If a generator is not a finite square matrix or sizes differ.
    InvalidArgumentError
        If no generator is given.

    Examples
    --------
    >>> GroupGenerators.symmetric(4).dim, len(GroupGenerators.special_orthogonal(3).lie_algebra)
    (4, 3)
    >>> GroupGenerators(())
    Traceback (most recent call last):
    ...
    symalg.errors.InvalidArgumentError: GroupGenerators: give at least one generator ...
    """

    discrete: tuple[np.ndarray, ...] = ()
    lie_algebra: tuple[np.ndarray, ...] = ()
    dim: int = field(init=False)

    def __post_init__(self) -> None:
        disc = _frozen_matrices("discrete", self.discrete)
        lie = _frozen_matrices("lie_algebra", self.lie_algebra)
        sizes = {m.shape[0] for m in disc + lie}
        if not sizes:
            raise InvalidArgumentError(
                "GroupGenerators: give at least one generator (discrete or Lie algebra)."
            )
        if len(sizes) > 1:
            raise ShapeError(f"GroupGenerators: generators have different sizes {sorted(sizes)}.")
        object.__setattr__(self, "discrete", disc)
        object.__setattr__(self, "lie_algebra", lie)
        object.__setattr__(self, "dim", sizes.pop())

    @classmethod
    def symmetric(cls, n: int) -> GroupGenerators:
        """S_n as permutation matrices: the transpositions (0 k), k = 1..n-1."""
        eye = np.eye(n)
        gens = []
        for k in range(1, n):
            p = np.arange(n)
            p[[0, k]] = p[[k, 0]]
            gens.append(eye[p])
        return cls(tuple(gens) if gens else (eye,))

    @classmethod
    def special_orthogonal(cls, n: int) -> GroupGenerators:
        """SO(n): the Lie-algebra basis ``E_ij - E_ji``, i < j."""
        basis = []
        for i in range(n):
            for j in range(i + 1, n):
                a = np.zeros((n, n))
                a[i, j], a[j, i] = -1.0, 1.0
                basis.append(a)
        return cls((), tuple(basis))

    @classmethod
    def orthogonal(cls, n: int) -> GroupGenerators:
        """O(n): so(n) plus the reflection ``diag(-1, 1, ..., 1)``."""
        refl = np.eye(n)
        refl[0, 0] = -1.0
        return cls((refl,), cls.special_orthogonal(n).lie_algebra)


@dataclass(frozen=True)
class MatrixRep:
    """A representation built from V (the defining one) and the trivial one (spec only).

    Build with ``MatrixRep.standard()``, ``MatrixRep.trivial()``, ``r1 + r2`` (direct sum),
    ``r1 * r2`` (tensor product), ``r ** k`` (tensor power) and ``r.dual()``.

    Examples
    --------
    >>> v = MatrixRep.standard()
    >>> (v * v.dual() + MatrixRep.trivial()).size(3)
    10
    >>> v ** 0 == MatrixRep.trivial()
    True
    """

    kind: Literal["standard", "trivial", "sum", "tensor", "dual"]
    parts: tuple[MatrixRep, ...] = ()

    def __post_init__(self) -> None:
        check_option("kind", self.kind, _KINDS, where="MatrixRep")
        need = {"standard": 0, "trivial": 0, "dual": 1}.get(self.kind)
        if (need is not None and len(self.parts) != need) or (need is None and not self.parts):
            raise InvalidArgumentError(
                f"MatrixRep: kind={self.kind!r} got {len(self.parts)} parts."
            )

    @classmethod
    def standard(cls) -> MatrixRep:
        """The defining representation V: ``rho(g) = g``."""
        return cls("standard")

    @classmethod
    def trivial(cls) -> MatrixRep:
        """The one-dimensional trivial representation."""
        return cls("trivial")

    def __add__(self, other: MatrixRep) -> MatrixRep:
        return MatrixRep("sum", (self, other))

    def __mul__(self, other: MatrixRep) -> MatrixRep:
        return MatrixRep("tensor", (self, other))

    def __pow__(self, k: int) -> MatrixRep:
        if isinstance(k, bool) or not isinstance(k, int) or k < 0:
            raise InvalidArgumentError(f"MatrixRep: power {k!r} must be an integer >= 0.")
        out = MatrixRep.trivial()
        for _ in range(k):
            out = self if out == MatrixRep.trivial() else out * self
        return out

    def dual(self) -> MatrixRep:
        """The dual representation: ``rho(g)^{-T}``, ``-A^T`` on the Lie algebra."""
        return MatrixRep("dual", (self,))

    def size(self, d: int) -> int:
        """Dimension of the representation space when V has dimension ``d``."""
        sizes = [p.size(d) for p in self.parts]
        return {
            "standard": d,
            "trivial": 1,
            "sum": sum(sizes),
            "tensor": int(np.prod(sizes)),
            "dual": sizes[0] if sizes else 0,
        }[self.kind]

    def group_matrix(self, g: np.ndarray) -> np.ndarray:
        """``rho(g)`` for a group element g of GL(d)."""
        if self.kind == "standard":
            return np.asarray(g, dtype=np.float64)
        if self.kind == "trivial":
            return np.ones((1, 1))
        mats = [p.group_matrix(g) for p in self.parts]
        if self.kind == "dual":
            return np.linalg.inv(mats[0]).T
        if self.kind == "sum":
            return _block_diag(mats)
        return functools.reduce(np.kron, mats)

    def algebra_matrix(self, a: np.ndarray) -> np.ndarray:
        """``d rho(A)`` for a Lie-algebra element A of gl(d)."""
        if self.kind == "standard":
            return np.asarray(a, dtype=np.float64)
        if self.kind == "trivial":
            return np.zeros((1, 1))
        mats = [p.algebra_matrix(a) for p in self.parts]
        if self.kind == "dual":
            return -mats[0].T
        if self.kind == "sum":
            return _block_diag(mats)
        out = mats[0]
        for m in mats[1:]:  # Kronecker sum
            out = np.kron(out, np.eye(m.shape[0])) + np.kron(np.eye(out.shape[0]), m)
        return out


def _block_diag(mats: list[np.ndarray]) -> np.ndarray:
    size = sum(m.shape[0] for m in mats)
    out = np.zeros((size, size))
    at = 0
    for m in mats:
        out[at : at + m.shape[0], at : at + m.shape[0]] = m
        at += m.shape[0]
    return out


@dataclass(frozen=True, eq=False)
class EquivariantBasis:
    """Result of :func:`equivariant_basis`.

    Attributes
    ----------
    basis : ndarray of shape (r, size_out, size_in)
        Orthonormal (Frobenius inner product) basis of the equivariant maps.
    singular_values : ndarray
        Singular values of the stacked constraint matrix, descending (empty on the exact
        path).
    gap : float
        Smallest rejected over largest kept singular value (``inf`` on the exact path).
    rational : ndarray of int of shape (r, size_out, size_in) or None
        Exact 0/1 orbit-indicator basis when the representation is a permutation
        representation (``basis`` is it normalised), else None.
    """

    basis: np.ndarray
    singular_values: np.ndarray
    gap: float
    rational: np.ndarray | None


def _permutation(m: np.ndarray) -> np.ndarray | None:
    """The index map of a permutation matrix (``m[i, perm[i]] = 1``), else None."""
    if not np.all((m == 0) | (m == 1)):
        return None
    if not (np.all(m.sum(axis=0) == 1) and np.all(m.sum(axis=1) == 1)):
        return None
    return np.argmax(m, axis=1)


def _orbits(perms: list[np.ndarray], size: int) -> list[np.ndarray]:
    """Orbits of the group generated by index permutations (union-find)."""
    parent = list(range(size))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for perm in perms:
        for i, j in enumerate(perm.tolist()):
            ri, rj = find(i), find(j)
            if ri != rj:
                parent[max(ri, rj)] = min(ri, rj)
    roots = np.array([find(i) for i in range(size)])
    return [np.flatnonzero(roots == r) for r in np.unique(roots)]


def _exact(perms: list[np.ndarray], shape: tuple[int, int]) -> EquivariantBasis:
    size = shape[0] * shape[1]
    orbits = _orbits(perms, size)
    rational = np.zeros((len(orbits), size), dtype=np.int64)
    for r, orbit in enumerate(orbits):
        rational[r, orbit] = 1
    basis = rational / np.sqrt(rational.sum(axis=1, keepdims=True))
    return EquivariantBasis(
        basis.reshape(-1, *shape), np.zeros(0), float("inf"), rational.reshape(-1, *shape)
    )


def _numerical(
    blocks: list[np.ndarray], shape: tuple[int, int], rtol: float, min_gap: float
) -> EquivariantBasis:
    size = shape[0] * shape[1]
    if not blocks:  # no constraint: every map is equivariant
        return EquivariantBasis(np.eye(size).reshape(-1, *shape), np.zeros(0), np.inf, None)
    _, s, vt = np.linalg.svd(np.vstack(blocks), full_matrices=False)  # rows >= size
    s_full = np.zeros(size)
    s_full[: s.size] = s[:size]
    scale = max(float(s_full[0]), 1.0)
    kept = s_full <= rtol * scale
    r = int(kept.sum())
    floor = np.finfo(np.float64).eps * scale * size
    largest_kept = max(float(s_full[kept].max()), floor) if r else floor
    smallest_rejected = float(s_full[~kept].min()) if r < size else scale
    gap = smallest_rejected / largest_kept
    if gap < min_gap:
        raise ConvergenceError(
            f"equivariant_basis: singular-value gap {gap:.3g} < min_gap={min_gap:g} "
            f"(largest kept {largest_kept:.3g}, smallest rejected {smallest_rejected:.3g}); "
            "the null-space dimension cannot be trusted. Check the generators, or change rtol."
        )
    basis = vt[size - r :][::-1] if r else np.zeros((0, size))
    return EquivariantBasis(basis.reshape(-1, *shape), s_full, gap, None)


def equivariant_basis(
    generators: GroupGenerators,
    rep_in: MatrixRep,
    rep_out: MatrixRep,
    *,
    method: Literal["auto", "svd"] = "auto",
    rtol: float = 1e-6,
    min_gap: float = 100.0,
) -> EquivariantBasis:
    """Basis of the linear maps ``W : rep_in -> rep_out`` equivariant under a matrix group.

    Parameters
    ----------
    generators : GroupGenerators
        Discrete generators ``h_i`` and Lie-algebra generators ``A_k`` of G in GL(d).
    rep_in, rep_out : MatrixRep
        Representations built from V and the trivial representation.
    method : {"auto", "svd"}
        ``"auto"``: exact orbit basis when ``rep_out (x) rep_in*`` is a permutation
        representation without Lie-algebra generators, SVD otherwise. ``"svd"``: always the
        numerical null space.
    rtol : float
        Singular values below ``rtol * max(sigma_max, 1)`` count as zero.
    min_gap : float
        Refuse when the smallest rejected over the largest kept singular value is below.

    Returns
    -------
    EquivariantBasis
        Orthonormal basis (r, size_out, size_in), singular values, gap, exact basis.

    Raises
    ------
    InvalidTypeError
        If the arguments have the wrong types.
    InvalidArgumentError
        If ``method`` is unknown, tolerances are not positive, or the problem is too large
        for a dense SVD.
    ConvergenceError
        If the singular-value gap is below ``min_gap`` (the dimension is not trustworthy).

    Notes
    -----
    ``W`` is equivariant iff ``vec(W)`` (row-major) is fixed by ``rho_out (x) rho_in^{-T}``:
    ``(rho(h_i) - I) vec(W) = 0`` for every discrete generator and ``d rho(A_k) vec(W) = 0``
    for every Lie-algebra generator (Kronecker products for rho, Kronecker sums for
    ``d rho``, ``rho(g^{-1})^T`` and ``-A^T`` for duals) [1]_. The basis is the null space
    of the stacked constraints, from a dense SVD. For a permutation representation the
    fixed vectors are spanned by orbit indicators, computed exactly.

    References
    ----------
    .. [1] M. Finzi, M. Welling, A. G. Wilson, "A Practical Method for Constructing
       Equivariant Multilayer Perceptrons for Arbitrary Matrix Groups", ICML 2021.

    Examples
    --------
    >>> import numpy as np
    >>> v = MatrixRep.standard()
    >>> equivariant_basis(GroupGenerators.symmetric(4), v * v, v * v).basis.shape[0]
    15
    >>> eps = equivariant_basis(GroupGenerators.special_orthogonal(3), v ** 3,
    ...                         MatrixRep.trivial()).basis
    >>> eps.shape, round(float(abs(eps[0, 0, 5]) * np.sqrt(6)), 12)
    ((1, 1, 27), 1.0)
    >>> equivariant_basis(GroupGenerators.symmetric(3), v, v, method="exact")
    Traceback (most recent call last):
    ...
    symalg.errors.InvalidArgumentError: equivariant_basis: method='exact' is not ...
    """
    where = "equivariant_basis"
    if not isinstance(generators, GroupGenerators):
        raise InvalidTypeError(f"{where}: generators must be GroupGenerators.")
    if not (isinstance(rep_in, MatrixRep) and isinstance(rep_out, MatrixRep)):
        raise InvalidTypeError(f"{where}: rep_in and rep_out must be MatrixRep.")
    method = check_option("method", method, ("auto", "svd"), where=where)  # type: ignore[assignment]
    for name, value in (("rtol", rtol), ("min_gap", min_gap)):
        if not isinstance(value, (int, float)) or not value > 0:
            raise InvalidArgumentError(f"{where}: {name}={value!r} must be a positive number.")
    d = generators.dim
    shape = (rep_out.size(d), rep_in.size(d))
    if shape[0] * shape[1] > _MAX_SIZE:
        raise InvalidArgumentError(
            f"{where}: the maps have {shape[0] * shape[1]} coefficients (dense limit "
            f"{_MAX_SIZE}); use smaller representations."
        )
    rep = rep_out * rep_in.dual()
    group_mats = [rep.group_matrix(h) for h in generators.discrete]
    if method == "auto" and not generators.lie_algebra:
        perms = [_permutation(m) for m in group_mats]
        if all(p is not None for p in perms):
            return _exact([p for p in perms if p is not None], shape)
    eye = np.eye(shape[0] * shape[1])
    blocks = [m - eye for m in group_mats]
    blocks += [rep.algebra_matrix(a) for a in generators.lie_algebra]
    return _numerical(blocks, shape, float(rtol), float(min_gap))
