"""Certify that a polynomial in (theta, s) vanishes on the model: exactly, or by Schwartz-Zippel.

A relation is a list of terms ``(coefficient, s-exponents, theta-power)``. With s = N / det^2
(N the numerator of Sigma), sum_t theta^t a_t(s) vanishes on the model iff
sum_t theta^t a_t(N) det^(2(E - e_t)) == 0 in Z[lambda, omega], E the largest s-degree.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from sympy.polys.rings import PolyElement

from symalg.sem._covariance import parametrization
from symalg.sem._graph import MixedGraph
from symalg.sem._modular import PRIMES, model_points_mod

__all__ = ["Term", "certify"]

Term = tuple[int, tuple[int, ...], int]
Certificate = Literal["exact", "schwartz-zippel"]
# above this many estimated term products, exact expansion is skipped
_EXACT_BUDGET = 400_000


def _vech(graph: MixedGraph) -> list[PolyElement]:
    _, N, _ = parametrization(graph)
    n = graph.n_vertices
    return [N[i][j] for i in range(n) for j in range(i, n)]


def _exact(graph: MixedGraph, terms: list[Term], theta: PolyElement | None) -> bool | None:
    polys, _, det = parametrization(graph)
    vech = _vech(graph)
    sizes = [len(v) for v in vech]
    cost = 0
    for _, exps, _ in terms:
        c = 1
        for k, e in enumerate(exps):
            c *= sizes[k] ** e if sizes[k] else 0
        cost += c
    if cost > _EXACT_BUDGET:
        return None
    top = max(sum(exps) for _, exps, _ in terms)
    det2 = det**2
    total = polys.ring.zero
    powers: dict[tuple[int, int], PolyElement] = {}
    for coef, exps, t in terms:
        term = polys.ring(coef)
        for k, e in enumerate(exps):
            if e:
                if (k, e) not in powers:
                    powers[k, e] = vech[k] ** e
                term *= powers[k, e]
        if t:
            term *= theta**t
        gap = top - sum(exps)
        if gap:
            term *= det2**gap
        total += term
    return not total


def _modular(graph: MixedGraph, terms: list[Term], theta_index: int | None) -> bool:
    rng = np.random.default_rng(20260)
    for p in PRIMES[-2:]:
        thetas, svals = model_points_mod(graph, 6, p, rng)
        for th, s in zip(thetas, svals, strict=True):
            acc = 0
            for coef, exps, t in terms:
                v = coef % p
                for k, e in enumerate(exps):
                    if e:
                        v = v * pow(int(s[k]), e, p) % p
                if t:
                    v = v * pow(int(th[theta_index]), t, p) % p
                acc = (acc + v) % p
            if acc:
                return False
    return True


def certify(
    graph: MixedGraph, terms: list[Term], theta_index: int | None = None
) -> Certificate | None:
    """Return "exact" or "schwartz-zippel" if the relation vanishes on the model, else None.

    ``theta_index`` is the position in ``graph.parameters`` of the parameter raised to the
    theta-powers (None for relations in s only). The exact test expands in Z[lambda, omega]
    within a size budget; beyond it the relation is evaluated at 12 random model points modulo
    two primes not used by the search (a false relation survives with probability below
    (deg / 2**31)**12).
    """
    theta = None
    if theta_index is not None:
        polys, _, _ = parametrization(graph)
        theta = polys.ring.gens[theta_index]
    exact = _exact(graph, terms, theta)
    if exact is not None:
        return "exact" if exact else None
    return "schwartz-zippel" if _modular(graph, terms, theta_index) else None
