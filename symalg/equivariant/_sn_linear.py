"""S_n-equivariant linear maps (R^n)^{tensor k} -> (R^n)^{tensor l} (Maron et al., ICLR 2019)."""

from __future__ import annotations

import functools
import itertools
from typing import Literal

import numpy as np
import scipy.sparse

from symalg._validation import check_int, check_option
from symalg.errors import InvalidArgumentError

__all__ = ["set_partitions", "linear_equivariant_basis", "linear_equivariant_basis_sparse"]

_BASES = ("orbit", "diagram")
_MAX_ENTRIES = 50_000_000


@functools.cache
def _partitions(size: int) -> tuple[tuple[int, ...], ...]:
    """Set partitions of ``range(size)`` as restricted-growth strings (block labels)."""
    if size == 0:
        return ((),)
    out = []
    for rest in _partitions(size - 1):
        for label in range(max(rest, default=-1) + 2):
            out.append((*rest, label))
    return tuple(sorted(out, key=lambda p: (max(p, default=-1), p)))


def set_partitions(size: int, *, max_blocks: int | None = None) -> tuple[tuple[int, ...], ...]:
    """Set partitions of ``size`` slots as block-label tuples (restricted growth strings).

    Parameters
    ----------
    size : int
        Number of slots, ``>= 0``.
    max_blocks : int or None
        Keep only partitions with at most this many blocks.

    Returns
    -------
    tuple of tuple of int
        ``mu[p]`` is the block of slot ``p``; sorted by number of blocks, then
        lexicographically. This is the order of :func:`linear_equivariant_basis`.

    Raises
    ------
    InvalidTypeError, InvalidArgumentError
        If ``size`` or ``max_blocks`` is not a non-negative integer.

    Examples
    --------
    >>> set_partitions(3)
    ((0, 0, 0), (0, 0, 1), (0, 1, 0), (0, 1, 1), (0, 1, 2))
    >>> len(set_partitions(4, max_blocks=2))
    8
    """
    size = check_int("size", size, where="set_partitions", minimum=0)
    if max_blocks is None:
        return _partitions(size)
    m = check_int("max_blocks", max_blocks, where="set_partitions", minimum=0)
    return tuple(p for p in _partitions(size) if max(p, default=-1) + 1 <= m)


def _check(k: int, l: int, n: int, basis: str, where: str) -> tuple[int, int, int, str]:  # noqa: E741
    k = check_int("k", k, where=where, minimum=0)
    l = check_int("l", l, where=where, minimum=0)  # noqa: E741
    n = check_int("n", n, where=where, minimum=1)
    basis = check_option("basis", basis, _BASES, where=where)
    entries = len(_partitions(k + l)) * n ** (k + l)
    if entries > _MAX_ENTRIES:
        raise InvalidArgumentError(
            f"{where}: k={k}, l={l}, n={n} needs about {entries} tensor entries (limit "
            f"{_MAX_ENTRIES}); use smaller k + l or n."
        )
    return k, l, n, basis


def _elements(k: int, l: int, n: int) -> tuple[list[tuple[int, ...]], np.ndarray]:  # noqa: E741
    """Basis partitions (at most n blocks) and, per index tuple, its equality pattern."""
    size = k + l
    parts = [p for p in _partitions(size) if max(p, default=-1) + 1 <= n]
    idx = np.array(list(itertools.product(range(n), repeat=size)), dtype=np.int64)
    idx = idx.reshape(n**size, size)
    return parts, idx


def _member(part: tuple[int, ...], idx: np.ndarray, basis: str) -> np.ndarray:
    """Boolean mask over index tuples: orbit (pattern equals) or diagram (refines) test."""
    size = len(part)
    mask = np.ones(idx.shape[0], dtype=bool)
    for p, q in itertools.combinations(range(size), 2):
        same = idx[:, p] == idx[:, q]
        if part[p] == part[q]:
            mask &= same
        elif basis == "orbit":
            mask &= ~same
    return mask


def linear_equivariant_basis(
    k: int,
    l: int,  # noqa: E741 (the name is fixed by the issue)
    n: int,
    *,
    basis: Literal["orbit", "diagram"] = "orbit",
) -> np.ndarray:
    """Basis of the S_n-equivariant linear maps (R^n)^{tensor k} -> (R^n)^{tensor l}.

    Parameters
    ----------
    k, l : int
        Input and output tensor orders, ``>= 0``.
    n : int
        Number of nodes, ``>= 1``.
    basis : {"orbit", "diagram"}
        ``"orbit"``: ``B^mu_c = 1`` iff the equality pattern of the index tuple c is mu.
        ``"diagram"``: ``D^mu_c = 1`` iff c is constant on every block of mu.

    Returns
    -------
    ndarray of shape (dim, n, ..., n) with l output then k input axes
        Element ``T`` maps X to ``Y[b] = sum_a T[b, a] X[a]``; elements follow
        ``set_partitions(k + l, max_blocks=n)`` over the slots (output slots first).

    Raises
    ------
    InvalidTypeError
        If k, l or n is not an integer.
    InvalidArgumentError
        If k, l < 0, n < 1, ``basis`` is unknown, or the tensor would be huge.

    Notes
    -----
    A map is equivariant iff ``T[s(b), s(a)] = T[b, a]`` for every permutation s, so the
    orbits of S_n on index tuples (equality patterns) span the space. ``dim = Bell(k + l)``
    for ``n >= k + l`` and ``sum_{j <= n} S(k + l, j)`` below: orbit tensors with more than
    n blocks vanish. Diagram tensors with more than n blocks stay nonzero but are linear
    combinations of the others; the kept diagram tensors are unitriangular in the orbit
    basis (``D^mu = sum of B^nu`` over coarsenings nu of mu), hence a basis.

    Examples
    --------
    >>> [linear_equivariant_basis(1, 1, 3, basis=b).shape[0] for b in ("orbit", "diagram")]
    [2, 2]
    >>> linear_equivariant_basis(1, 1, 3)[0].astype(int)
    array([[1, 0, 0],
           [0, 1, 0],
           [0, 0, 1]])
    >>> linear_equivariant_basis(2, 2, 3).shape
    (14, 3, 3, 3, 3)
    >>> linear_equivariant_basis(1, 1, 3, basis="graph")
    Traceback (most recent call last):
    ...
    symalg.errors.InvalidArgumentError: linear_equivariant_basis: basis='graph' is not ...
    """
    k, l, n, basis = _check(k, l, n, basis, "linear_equivariant_basis")  # noqa: E741
    parts, idx = _elements(k, l, n)
    dense = np.stack([_member(p, idx, basis) for p in parts]).astype(np.float64)
    return dense.reshape(len(parts), *(n,) * (k + l))


def linear_equivariant_basis_sparse(
    k: int,
    l: int,  # noqa: E741 (the name is fixed by the issue)
    n: int,
    *,
    basis: Literal["orbit", "diagram"] = "orbit",
) -> scipy.sparse.csr_array:
    """The basis of :func:`linear_equivariant_basis` as a sparse (dim, n^(l + k)) matrix.

    Row ``mu`` is the C-order flattening of the dense element; entries are 0 or 1.

    Raises
    ------
    InvalidTypeError, InvalidArgumentError
        As :func:`linear_equivariant_basis`.

    Examples
    --------
    >>> m = linear_equivariant_basis_sparse(2, 2, 5)
    >>> m.shape, int(m.sum())
    ((15, 625), 625)
    """
    k, l, n, basis = _check(k, l, n, basis, "linear_equivariant_basis_sparse")  # noqa: E741
    parts, idx = _elements(k, l, n)
    rows, cols = [], []
    for r, p in enumerate(parts):
        hit = np.flatnonzero(_member(p, idx, basis))
        rows.append(np.full(hit.size, r))
        cols.append(hit)
    data = np.ones(sum(c.size for c in cols))
    shape = (len(parts), n ** (k + l))
    return scipy.sparse.csr_array((data, (np.concatenate(rows), np.concatenate(cols))), shape)
