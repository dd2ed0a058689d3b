"""Exact linear algebra modulo word-size primes, random model points, rational reconstruction."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from symalg.sem._graph import MixedGraph

__all__ = [
    "PRIMES",
    "rref_mod",
    "nullspace_mod",
    "rank_mod",
    "model_points_mod",
    "inverse_mod",
    "rational_reconstruct",
    "crt_pair",
]

# primes below 2**31: products of two residues fit in int64
PRIMES = (
    2147483647,
    2147483629,
    2147483587,
    2147483579,
    2147483563,
    2147483549,
    2147483543,
    2147483497,
)


def rref_mod(M: np.ndarray, p: int) -> tuple[np.ndarray, list[int]]:
    """Reduced row echelon form of an int64 matrix over F_p: (nonzero rows, pivot columns)."""
    M = np.array(M, dtype=np.int64) % p
    rows, cols = M.shape
    pivots: list[int] = []
    r = 0
    for c in range(cols):
        if r == rows:
            break
        nz = np.flatnonzero(M[r:, c])
        if nz.size == 0:
            continue
        k = r + int(nz[0])
        if k != r:
            M[[r, k]] = M[[k, r]]
        M[r] = (M[r] * pow(int(M[r, c]), p - 2, p)) % p
        f = M[:, c].copy()
        f[r] = 0
        hit = np.flatnonzero(f)
        if hit.size:
            M[hit] = (M[hit] - (f[hit, None] * M[r]) % p) % p
        pivots.append(c)
        r += 1
    return M[:r], pivots


def rank_mod(M: np.ndarray, p: int) -> int:
    """Rank over F_p."""
    return len(rref_mod(M, p)[1])


def nullspace_mod(M: np.ndarray, p: int) -> np.ndarray:
    """A basis of {x : M x = 0} over F_p, as rows in reduced echelon form (canonical)."""
    cols = M.shape[1]
    R, pivots = rref_mod(M, p)
    free = [c for c in range(cols) if c not in set(pivots)]
    basis = np.zeros((len(free), cols), dtype=np.int64)
    for k, f in enumerate(free):
        basis[k, f] = 1
        for row, pc in enumerate(pivots):
            basis[k, pc] = (-R[row, f]) % p
    if not len(free):
        return basis
    return rref_mod(basis, p)[0]


def inverse_mod(A: list[list[int]], p: int) -> list[list[int]] | None:
    """Inverse of a small square matrix over F_p by Gauss-Jordan; None if singular."""
    n = len(A)
    M = [[x % p for x in row] + [int(i == j) for j in range(n)] for i, row in enumerate(A)]
    for c in range(n):
        piv = next((r for r in range(c, n) if M[r][c]), None)
        if piv is None:
            return None
        M[c], M[piv] = M[piv], M[c]
        inv = pow(M[c][c], p - 2, p)
        M[c] = [x * inv % p for x in M[c]]
        for r in range(n):
            if r != c and M[r][c]:
                f = M[r][c]
                M[r] = [(x - f * y) % p for x, y in zip(M[r], M[c], strict=True)]
    return [row[n:] for row in M]


def model_points_mod(
    graph: MixedGraph, n_points: int, p: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Random parameter points mod p (det(I - Lambda) != 0 mod p) and vech Sigma there.

    Returns ``(theta, s)`` with shapes (n_points, n_parameters) and (n_points, n(n+1)/2);
    ``s`` follows ``graph.covariance_symbols``.
    """
    n, ix = graph.n_vertices, graph.index
    nd = len(graph.directed)
    thetas, svals = [], []
    while len(thetas) < n_points:
        theta = [int(x) for x in rng.integers(1, p, graph.n_parameters)]
        A = [[int(i == j) for j in range(n)] for i in range(n)]
        for k, (a, b) in enumerate(graph.directed):
            A[ix[a]][ix[b]] = -theta[k] % p
        Ainv = inverse_mod(A, p)
        if Ainv is None:
            continue  # det(I - Lambda) = 0 mod p: off the model's domain
        W = [[0] * n for _ in range(n)]
        for k in range(n):
            W[k][k] = theta[nd + k]
        for k, (a, b) in enumerate(graph.bidirected):
            W[ix[a]][ix[b]] = W[ix[b]][ix[a]] = theta[nd + n + k]
        # Sigma = Ainv^T W Ainv
        WA = [
            [sum(W[i][k] * Ainv[k][j] for k in range(n)) % p for j in range(n)] for i in range(n)
        ]
        S = [
            [sum(Ainv[k][i] * WA[k][j] for k in range(n)) % p for j in range(n)] for i in range(n)
        ]
        thetas.append(theta)
        svals.append([S[i][j] for i in range(n) for j in range(i, n)])
    return np.array(thetas, dtype=np.int64), np.array(svals, dtype=np.int64)


def crt_pair(a: int, m: int, b: int, q: int) -> tuple[int, int]:
    """X = a mod m, x = b mod q -> (x mod mq, mq)."""
    t = ((b - a) * pow(m, -1, q)) % q
    return a + m * t, m * q


def rational_reconstruct(a: int, m: int) -> Fraction | None:
    """The fraction r/s with |r|, s <= sqrt(m/2) and r = a s mod m, or None."""
    bound = math.isqrt(m // 2)
    r0, r1 = m, a % m
    s0, s1 = 0, 1
    while r1 > bound:
        q = r0 // r1
        r0, r1 = r1, r0 - q * r1
        s0, s1 = s1, s0 - q * s1
    if s1 == 0 or abs(s1) > bound or math.gcd(r1, abs(s1)) != 1:
        return None
    return Fraction(r1, s1)
