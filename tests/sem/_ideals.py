"""Independent references for the ideal tests: exact rational points, ideal equality by GB."""

from __future__ import annotations

import random

import sympy

from symalg.sem import MixedGraph


def exact_sigma_at_random_point(g: MixedGraph, rnd: random.Random) -> dict[sympy.Symbol, object]:
    """s_i_j -> exact rational value of Sigma at a random rational parameter point."""
    n = g.n_vertices
    while True:
        # nonzero values (the same draws, a 0 becomes 2): a zero edge weight is not a
        # generic point, and a generic-rank test found Sigma_{2,3} = omega_23 = 0 there
        vals = {
            p: sympy.Rational(rnd.randint(-9, 9) or 2, rnd.randint(1, 5)) for p in g.parameters
        }
        A = (sympy.eye(n) - g.lambda_matrix()).subs(vals)
        if A.det() != 0:
            break
    inv = A.inv()
    sigma = inv.T * g.omega_matrix().subs(vals) * inv
    return {s: sigma[i, j] for (i, j), s in zip(_pairs(n), g.covariance_symbols, strict=True)}


def _pairs(n: int) -> list[tuple[int, int]]:
    return [(i, j) for i in range(n) for j in range(i, n)]


def same_ideal(a: list[sympy.Expr], b: list[sympy.Expr], syms) -> bool:
    """Mutual Groebner-basis membership (empty list = zero ideal)."""
    a = [x for x in a if x != 0]
    b = [x for x in b if x != 0]
    if not a or not b:
        return not a and not b
    ga = sympy.groebner(a, *syms, order="grevlex")
    gb = sympy.groebner(b, *syms, order="grevlex")
    return all(ga.contains(x) for x in b) and all(gb.contains(x) for x in a)
