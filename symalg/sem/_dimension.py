"""Model dimension and generic finite-to-one-ness from the Jacobian rank modulo primes."""

from __future__ import annotations

import numpy as np

from symalg._validation import check_int
from symalg.sem._covariance import check_graph
from symalg.sem._graph import MixedGraph
from symalg.sem._modular import PRIMES, inverse_mod, rank_mod

__all__ = ["jacobian_mod", "model_dimension", "is_generically_finite_to_one", "jacobian_ranks"]


def jacobian_mod(graph: MixedGraph, theta: list[int], p: int) -> np.ndarray | None:
    """D vech Sigma / d theta at an integer point, mod p: shape (n(n+1)/2, n_parameters).

    Uses dSigma/dl_ij = A^-T E_ji Sigma + (.)^T and dSigma/dw_kl = A^-T (E_kl + E_lk) A^-1 with
    A = I - Lambda; None when det(A) = 0 mod p.
    """
    n, ix = graph.n_vertices, graph.index
    nd = len(graph.directed)
    A = [[int(i == j) for j in range(n)] for i in range(n)]
    for k, (a, b) in enumerate(graph.directed):
        A[ix[a]][ix[b]] = -theta[k] % p
    B = inverse_mod(A, p)
    if B is None:
        return None
    W = [[0] * n for _ in range(n)]
    for k in range(n):
        W[k][k] = theta[nd + k] % p
    for k, (a, b) in enumerate(graph.bidirected):
        W[ix[a]][ix[b]] = W[ix[b]][ix[a]] = theta[nd + n + k] % p
    Bo = np.array(B, dtype=object)
    sigma = (Bo.T.dot(np.array(W, dtype=object)).dot(Bo)) % p
    cols = []
    for a, b in graph.directed:
        i, j = ix[a], ix[b]
        t = np.outer(Bo.T[:, j], sigma[i, :])
        cols.append((t + t.T) % p)
    for k in range(n):
        cols.append(np.outer(Bo.T[:, k], Bo[k, :]) % p)
    for a, b in graph.bidirected:
        i, j = ix[a], ix[b]
        t = np.outer(Bo.T[:, i], Bo[j, :])
        cols.append((t + t.T) % p)
    iu = np.triu_indices(n)
    J = np.array([c[iu] for c in cols], dtype=object).T
    return J.astype(np.int64)


def jacobian_ranks(
    graph: MixedGraph, extra_rows: list[int] | None = None, *, n_points: int = 3, seed: int = 0
) -> tuple[int, list[int]]:
    """Max rank of the Jacobian over random points and primes, and augmented ranks.

    With ``extra_rows``, also the rank after appending the unit row e_q for each q
    (``theta_q`` joined to Sigma), at the point of maximal rank.
    """
    rng = np.random.default_rng([seed, 7])
    best, best_extra = 0, [0] * len(extra_rows or [])
    tried = 0
    for p in PRIMES[:n_points]:
        while True:
            theta = [int(x) for x in rng.integers(1, p, graph.n_parameters)]
            J = jacobian_mod(graph, theta, p)
            if J is not None:
                break
        tried += 1
        r = rank_mod(J, p) if J.size else 0
        if r >= best:
            best = r
            for k, q in enumerate(extra_rows or []):
                e = np.zeros((1, graph.n_parameters), dtype=np.int64)
                e[0, q] = 1
                best_extra[k] = rank_mod(np.vstack([J, e]), p)
        if best == graph.n_parameters and not extra_rows:
            break
    return best, best_extra


def model_dimension(graph: MixedGraph, *, seed: int = 0) -> int:
    """The dimension of the model: the generic rank of the Jacobian of theta -> vech Sigma.

    Computed exactly modulo word-size primes at random integer points (rank mod p <= rank over
    Q at that point <= generic rank); the maximum over three points is returned.

    Returns
    -------
    int
        At most min(n_parameters, n(n+1)/2). A value equal to ``graph.n_parameters`` is
        proven; a smaller one equals the dimension except with probability < 1e-8.

    Examples
    --------
    >>> from symalg.sem import MixedGraph, model_dimension
    >>> model_dimension(MixedGraph.parse("1->2, 2->3, 3->1"))
    6
    >>> model_dimension(MixedGraph.parse("1->2, 1<->2"))  # a bow: 4 parameters, 3 entries
    3
    """
    check_graph(graph, "model_dimension")
    seed = check_int("seed", seed, where="model_dimension")
    return jacobian_ranks(graph, seed=seed)[0]


def is_generically_finite_to_one(graph: MixedGraph, *, seed: int = 0) -> bool:
    """Whether theta -> Sigma is generically finite-to-one (Jacobian of full column rank).

    ``True`` is a proof (full rank at one point mod p implies full generic rank over Q);
    ``False`` means the rank stayed deficient at three random points modulo three primes.
    Simple graphs (no 2-cycles, no bows), cyclic ones included, are generically finite-to-one
    [ADDOW]. Finite-to-one is not identifiability: see :func:`identifiability`.

    References
    ----------
    .. [ADDOW] C. Amendola, P. Dettling, M. Drton, F. Onori, J. Wu, "Structure learning for
       cyclic linear causal models", UAI 2020, arXiv:2006.05978.

    Examples
    --------
    >>> from symalg.sem import MixedGraph, is_generically_finite_to_one
    >>> is_generically_finite_to_one(MixedGraph.parse("1->2, 2->3, 3->4, 4->1, 1<->3"))
    True
    >>> is_generically_finite_to_one(MixedGraph.parse("1->2, 1<->2"))
    False
    """
    return model_dimension(graph, seed=seed) == graph.n_parameters
