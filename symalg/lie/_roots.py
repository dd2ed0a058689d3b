"""Root systems of types A-G regenerated from their Cartan matrices."""

from __future__ import annotations

import functools
import re

import numpy as np

from symalg.errors import InvalidArgumentError, InvalidTypeError

__all__ = ["RootSystem", "cartan_matrix"]

_MIN_RANK = {"A": 1, "B": 2, "C": 2, "D": 3}
_EXCEPTIONAL = {"E6", "E7", "E8", "F4", "G2"}


def _parse(cartan_type: object) -> tuple[str, int]:
    if not isinstance(cartan_type, str):
        raise InvalidTypeError(
            f"RootSystem: cartan_type must be a string like 'E8', got {cartan_type!r}."
        )
    m = re.fullmatch(r"([A-G])(\d+)", cartan_type)
    ok = m is not None and (
        cartan_type in _EXCEPTIONAL
        or (m.group(1) in _MIN_RANK and int(m.group(2)) >= _MIN_RANK[m.group(1)])
    )
    if not ok:
        raise InvalidArgumentError(
            f"RootSystem: unknown Cartan type {cartan_type!r}; use An (n >= 1), Bn (n >= 2), "
            "Cn (n >= 2), Dn (n >= 3), E6, E7, E8, F4 or G2."
        )
    return m.group(1), int(m.group(2))  # type: ignore[union-attr]


def cartan_matrix(cartan_type: str) -> np.ndarray:
    """Cartan matrix ``A_ij = <alpha_i, alpha_j> = 2 (alpha_i, alpha_j)/(alpha_j, alpha_j)``.

    Humphreys' convention with Bourbaki's labels (B_n: ``alpha_n`` short; C_n: ``alpha_n``
    long; E_n: node 2 attached to node 4; F4: ``alpha_1, alpha_2`` long; G2: ``alpha_1`` short).

    Examples
    --------
    >>> from symalg.lie import cartan_matrix
    >>> cartan_matrix("G2").tolist()
    [[2, -1], [-3, 2]]
    """
    kind, n = _parse(cartan_type)
    a = 2 * np.eye(n, dtype=np.int64)
    edges = [(i, i + 1) for i in range(n - 1)]
    if kind == "D":
        edges = [(i, i + 1) for i in range(n - 2)] + [(n - 3, n - 1)]
    if kind == "E":
        edges = [(0, 2), (2, 3), (3, 4), (1, 3)] + [(i, i + 1) for i in range(4, n - 1)]
    for i, j in edges:
        a[i, j] = a[j, i] = -1
    if kind == "B":
        a[n - 2, n - 1] = -2
    elif kind == "C":
        a[n - 1, n - 2] = -2
    elif kind == "F":
        a[1, 2] = -2
    elif kind == "G":
        a[1, 0] = -3
    return a


class RootSystem:
    """A reduced crystallographic root system, built from its Cartan matrix alone.

    Parameters
    ----------
    cartan_type : str
        ``"A3"``, ``"B4"``, ``"C3"``, ``"D5"``, ``"E8"``, ``"F4"``, ``"G2"``, ...

    Notes
    -----
    Roots are integer vectors in the basis of simple roots. Positive roots are the closure
    of the simple roots under the simple reflections ``s_j(b) = b - <b, alpha_j> alpha_j``
    (``<b, alpha_j> = sum_i b_i A_ij``) restricted to non-negative vectors; the Weyl-group
    order comes from orbit-stabiliser on fundamental weights, so E8 needs no enumeration of
    its 696729600 elements. Nothing here uses ``sympy.liealgebras`` (wrong G2 roots,
    sympy#30164; non-involutive E8 reflections, sympy#24092).

    Examples
    --------
    >>> from symalg.lie import RootSystem
    >>> R = RootSystem("G2")
    >>> R.positive_roots.tolist()
    [[1, 0], [0, 1], [1, 1], [2, 1], [3, 1], [3, 2]]
    >>> R.highest_root.tolist(), R.weyl_group_order
    ([3, 2], 12)
    """

    def __init__(self, cartan_type: str) -> None:
        self.cartan_type = cartan_type
        self.cartan_matrix = cartan_matrix(cartan_type)
        self.rank = self.cartan_matrix.shape[0]

    def __repr__(self) -> str:
        return f"RootSystem({self.cartan_type!r})"

    @functools.cached_property
    def simple_reflections(self) -> list[np.ndarray]:
        """Integer matrices of ``s_j`` on simple-root coordinates (column vectors)."""
        out = []
        for j in range(self.rank):
            s = np.eye(self.rank, dtype=np.int64)
            s[j, :] -= self.cartan_matrix[:, j]
            out.append(s)
        return out

    def reflect(self, root: np.ndarray, j: int) -> np.ndarray:
        """Apply the simple reflection ``s_j`` to ``root`` (simple-root coordinates)."""
        return self.simple_reflections[j] @ np.asarray(root, dtype=np.int64)

    @functools.cached_property
    def positive_roots(self) -> np.ndarray:
        """Positive roots, ``(n_positive, rank)``, sorted by height then lexicographically."""
        found = {tuple(int(v) for v in row) for row in np.eye(self.rank, dtype=np.int64)}
        frontier = list(found)
        while frontier:
            new = []
            for b in frontier:
                for s in self.simple_reflections:
                    c = tuple(int(v) for v in s @ np.array(b))
                    if min(c) >= 0 and c not in found:
                        found.add(c)
                        new.append(c)
            frontier = new
        return np.array(
            sorted(found, key=lambda r: (sum(r), tuple(-x for x in r))), dtype=np.int64
        )

    @property
    def roots(self) -> np.ndarray:
        """All roots (positive then negative), ``(2 n_positive, rank)``."""
        return np.concatenate([self.positive_roots, -self.positive_roots])

    @property
    def highest_root(self) -> np.ndarray:
        """The root of maximal height."""
        return self.positive_roots[-1]

    @functools.cached_property
    def weyl_group_order(self) -> int:
        """``|W|`` by orbit-stabiliser: ``|W| = |W omega_i| |W_{J - i}|``, recursively."""
        return _weyl_order(self.cartan_matrix)


def _orbit_size(a: np.ndarray, i: int, cap: int) -> int | None:
    """Size of the W-orbit of the fundamental weight ``omega_i`` (weight coordinates)."""
    start = tuple(int(k == i) for k in range(a.shape[0]))
    seen, frontier = {start}, [start]
    while frontier:
        new = []
        for lam in frontier:
            for j in range(a.shape[0]):
                if lam[j] > 0:
                    mu = tuple(int(v) for v in np.array(lam) - lam[j] * a[j, :])
                    if mu not in seen:
                        seen.add(mu)
                        new.append(mu)
        if len(seen) > cap:
            return None
        frontier = new
    return len(seen)


def _weyl_order(a: np.ndarray) -> int:
    n = a.shape[0]
    if n == 0:
        return 1
    for cap in (64, 512, 4096, 65536):  # the smallest orbit, found cheaply
        sizes = [(s, i) for i in range(n) if (s := _orbit_size(a, i, cap)) is not None]
        if sizes:
            break
    size, i = min(sizes)
    keep = [k for k in range(n) if k != i]
    return size * _weyl_order(a[np.ix_(keep, keep)])
