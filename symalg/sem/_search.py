"""Degree-bounded search for the vanishing ideal: one nullspace per multidegree, mod primes.

The model is invariant under Sigma -> C Sigma C (C diagonal), so I_G is homogeneous for the
multigrading deg s_ij = e_i + e_j and splits by multidegree. For each multidegree alpha the
relations among the monomials M_alpha are the nullspace of their values at random model
points; the minimal generators are what the products s_ij (I_G)_(alpha - e_i - e_j) miss.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction
from math import gcd, lcm

import numpy as np

from symalg.sem._graph import MixedGraph
from symalg.sem._modular import (
    PRIMES,
    crt_pair,
    model_points_mod,
    nullspace_mod,
    rational_reconstruct,
    rref_mod,
)

__all__ = [
    "monomial_groups",
    "PrimeSearch",
    "Candidate",
    "search_generators",
    "lift_rows",
    "agrees",
]

_MARGIN = 10


def monomial_groups(n: int, d: int) -> dict[tuple[int, ...], list[tuple[int, ...]]]:
    """Monomials of degree d in the s_ij (as sorted tuples of vech indices) by multidegree."""
    pairs = [(a, b) for a in range(n) for b in range(a, n)]
    groups: dict[tuple[int, ...], list[tuple[int, ...]]] = defaultdict(list)
    for combo in itertools.combinations_with_replacement(range(len(pairs)), d):
        md = [0] * n
        for k in combo:
            a, b = pairs[k]
            md[a] += 1
            md[b] += 1
        groups[tuple(md)].append(combo)
    return dict(groups)


@dataclass
class PrimeSearch:
    """Nullspaces of the monomial evaluation matrices modulo one prime, cached by multidegree."""

    graph: MixedGraph
    p: int
    n_points: int
    seed: int
    kernels: dict[tuple[int, ...], np.ndarray] = field(default_factory=dict)
    _values: dict[tuple[int, ...], np.ndarray] = field(default_factory=dict)

    def __post_init__(self) -> None:
        rng = np.random.default_rng([self.seed, self.p])
        _, self.svals = model_points_mod(self.graph, self.n_points, self.p, rng)

    def value(self, combo: tuple[int, ...]) -> np.ndarray:
        """The monomial's values at the points (mod p), built from cached prefixes."""
        got = self._values.get(combo)
        if got is None:
            if len(combo) == 1:
                got = self.svals[:, combo[0]] % self.p
            else:
                got = (self.value(combo[:-1]) * self.svals[:, combo[-1]]) % self.p
            self._values[combo] = got
        return got

    def kernel(self, alpha: tuple[int, ...], combos: list[tuple[int, ...]]) -> np.ndarray:
        """Reduced echelon basis (rows over ``combos``) of the relations of multidegree alpha."""
        if alpha not in self.kernels:
            rows = min(self.n_points, len(combos) + _MARGIN)
            M = np.stack([self.value(c)[:rows] for c in combos], axis=1)
            self.kernels[alpha] = nullspace_mod(M, self.p)
        return self.kernels[alpha]

    def new_generators(
        self,
        alpha: tuple[int, ...],
        combos: list[tuple[int, ...]],
        lower: dict[tuple[int, ...], list[tuple[int, ...]]],
    ) -> np.ndarray:
        """Echelon basis of (I_G)_alpha modulo the products s_ij (I_G)_(alpha - deg s_ij)."""
        K = self.kernel(alpha, combos)
        if not len(K):
            return K
        products = self._products(alpha, combos, lower)
        if len(products):
            P, pivots = rref_mod(products, self.p)
            for row, c in zip(P, pivots, strict=True):
                f = K[:, c].copy()
                hit = np.flatnonzero(f)
                if hit.size:
                    K = (K - (f[:, None] * row) % self.p) % self.p
            K = K[np.any(K != 0, axis=1)]
            if not len(K):
                return K
            K = rref_mod(K, self.p)[0]
        return K

    def _products(
        self,
        alpha: tuple[int, ...],
        combos: list[tuple[int, ...]],
        lower: dict[tuple[int, ...], list[tuple[int, ...]]],
    ) -> np.ndarray:
        n = len(alpha)
        pairs = [(a, b) for a in range(n) for b in range(a, n)]
        where = {c: k for k, c in enumerate(combos)}
        rows = []
        for k, (a, b) in enumerate(pairs):
            beta = list(alpha)
            beta[a] -= 1
            beta[b] -= 1
            if min(beta) < 0 or tuple(beta) not in lower:
                continue
            bcombos = lower[tuple(beta)]
            Kb = self.kernel(tuple(beta), bcombos)
            for v in Kb:
                row = np.zeros(len(combos), dtype=np.int64)
                for j in np.flatnonzero(v):
                    row[where[tuple(sorted((*bcombos[j], k)))]] = v[j]
                rows.append(row)
        return np.array(rows, dtype=np.int64).reshape(len(rows), len(combos))


@dataclass(frozen=True)
class Candidate:
    """A lifted generator: integer coefficients over monomials (vech exponent vectors)."""

    alpha: tuple[int, ...]
    terms: tuple[tuple[int, tuple[int, ...]], ...]


def lift_rows(mats: list[np.ndarray], primes: list[int]) -> list[list[Fraction]] | None:
    """CRT + rational reconstruction of matrices with the same shape; None if it fails."""
    out = []
    for r in range(mats[0].shape[0]):
        row = []
        for c in range(mats[0].shape[1]):
            x, m = int(mats[0][r, c]), primes[0]
            for M, q in zip(mats[1:], primes[1:], strict=True):
                x, m = crt_pair(x, m, int(M[r, c]), q)
            f = rational_reconstruct(x, m)
            if f is None:
                return None
            row.append(f)
        out.append(row)
    return out


def primitive_integers(row: list[Fraction]) -> list[int]:
    """``row`` times its common denominator, divided by the gcd of the result."""
    den = lcm(*[f.denominator for f in row if f])
    ints = [int(f * den) for f in row]
    g = gcd(*ints) or 1
    return [v // g for v in ints]


def exponent_vector(combo: tuple[int, ...], m: int) -> tuple[int, ...]:
    """Exponents of the monomial ``prod s_k`` over the indices ``k`` in ``combo``."""
    exps = [0] * m
    for k in combo:
        exps[k] += 1
    return tuple(exps)


def _integer_terms(
    row: list[Fraction], combos: list[tuple[int, ...]], m: int
) -> tuple[tuple[int, tuple[int, ...]], ...]:
    terms = [
        (v, exponent_vector(combo, m))
        for v, combo in zip(primitive_integers(row), combos, strict=True)
        if v
    ]
    if terms and terms[0][0] < 0:
        terms = [(-c, e) for c, e in terms]
    return tuple(terms)


def search_generators(
    graph: MixedGraph, max_degree: int, *, seed: int = 0
) -> tuple[list[Candidate], dict[int, int]]:
    """Minimal generators up to ``max_degree`` (lifted to Z, not yet certified) and dim (I_G)_d.

    The first prime finds the multidegrees with new generators and their echelon structure;
    further primes (CRT) are added until rational reconstruction is consistent.
    """
    n = graph.n_vertices
    m = n * (n + 1) // 2
    groups = {d: monomial_groups(n, d) for d in range(1, max_degree + 1)}
    n_points = max(len(c) for g in groups.values() for c in g.values()) + _MARGIN
    searches = [PrimeSearch(graph, PRIMES[0], n_points, seed)]
    found: list[Candidate] = []
    dims: dict[int, int] = {}
    for d in range(1, max_degree + 1):
        lower = groups.get(d - 1, {})
        dims[d] = 0
        for alpha, combos in groups[d].items():
            new = searches[0].new_generators(alpha, combos, lower)
            dims[d] += len(searches[0].kernels[alpha])
            if not len(new):
                continue
            found += _lift_alpha(graph, searches, alpha, combos, lower, new, m, n_points, seed)
    return found, dims


def _lift_alpha(graph, searches, alpha, combos, lower, new, m, n_points, seed) -> list[Candidate]:
    """Lift one multidegree's generators: reconstruct from k primes, confirm with one more."""
    mats, primes = [new], [searches[0].p]
    for k in range(1, len(PRIMES) - 2):
        if len(searches) <= k:
            searches.append(PrimeSearch(graph, PRIMES[k], n_points, seed))
        other = searches[k].new_generators(alpha, combos, lower)
        if other.shape != new.shape:
            continue  # an unlucky prime or point set: its echelon structure differs
        if len(mats) >= 2:
            lifted = lift_rows(mats, primes)
            if lifted is not None and agrees(lifted, other, searches[k].p):
                return [Candidate(alpha, _integer_terms(row, combos, m)) for row in lifted]
        mats.append(other)
        primes.append(searches[k].p)
    raise ArithmeticError(f"rational reconstruction failed for multidegree {alpha}")


def agrees(lifted: list[list[Fraction]], M: np.ndarray, p: int) -> bool:
    for r, row in enumerate(lifted):
        for c, f in enumerate(row):
            if (f.numerator * pow(f.denominator, -1, p) - int(M[r, c])) % p:
                return False
    return True
