"""Dimensions of spaces of S_n-equivariant polynomials by a Burnside character sum.

An independent route to the size of the multigraph basis: no graphs are enumerated. The
space of homogeneous degree-d equivariant polynomials R^{n x n} -> (R^n)^{tensor s} is
``Hom_{S_n}(Sym^d V, W)`` for two permutation representations, so its dimension is the
average over S_n of ``h_d(g) fix(g)^s``, summed over cycle types.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from fractions import Fraction

from symalg._validation import check_bool, check_int, check_option

__all__ = ["count_graph_polynomials"]

_ORDERS = {"invariant": 0, "node": 1, "edge": 2}


def _partitions(n: int, largest: int | None = None) -> Iterator[tuple[int, ...]]:
    """Integer partitions of ``n`` in non-increasing order."""
    largest = n if largest is None else largest
    if n == 0:
        yield ()
        return
    for first in range(min(n, largest), 0, -1):
        for rest in _partitions(n - first, first):
            yield (first, *rest)


def _centraliser(cycles: tuple[int, ...]) -> int:
    """``z_lambda = prod_k k^{m_k} m_k!``: n! / z_lambda elements have this cycle type."""
    z = 1
    for k in set(cycles):
        mult = cycles.count(k)
        z *= k**mult * math.factorial(mult)
    return z


def _pair_cycles(cycles: tuple[int, ...], *, symmetric: bool) -> list[int]:
    """Cycle lengths of g on ordered pairs (general X) or unordered pairs (symmetric X)."""
    lengths: list[int] = []
    for i, p in enumerate(cycles):
        for j, q in enumerate(cycles):
            if symmetric and j < i:
                continue
            if symmetric and i == j:
                # {x, g^k x}: k = 0 (the diagonal) and the pairs k ~ p - k
                lengths.append(p)
                lengths += [p] * ((p - 1) // 2)
                if p % 2 == 0:
                    lengths.append(p // 2)
                continue
            g = math.gcd(p, q)
            lengths += [p * q // g] * g
    return lengths


def _fixed_monomials(lengths: list[int], degree: int) -> int:
    """Coefficient of t^degree in prod_L (1 - t^L)^{-1}: degree-d monomials fixed by g."""
    coeffs = [1] + [0] * degree
    for length in lengths:
        if length > degree:
            continue
        for t in range(length, degree + 1):
            coeffs[t] += coeffs[t - length]
    return coeffs[degree]


def burnside_dimension(n: int, degree: int, order: int, *, symmetric: bool) -> int:
    """``(1/n!) sum_g h_d(g) fix(g)^order`` over the cycle types of S_n (exact)."""
    total = Fraction(0)
    for cycles in _partitions(n):
        weight = Fraction(1, _centraliser(cycles))
        h = _fixed_monomials(_pair_cycles(cycles, symmetric=symmetric), degree)
        total += weight * h * cycles.count(1) ** order
    assert total.denominator == 1
    return int(total)


def count_graph_polynomials(
    degree: int,
    *,
    output: str = "edge",
    symmetric: bool = False,
    n: int | None = None,
) -> int:
    """Dimension of the homogeneous degree-``degree`` S_n-equivariant polynomials.

    Computed by a Burnside character sum over the conjugacy classes of S_n, independently
    of the multigraph enumeration of :func:`graph_polynomial_basis`.

    Parameters
    ----------
    degree : int
        Polynomial degree, ``>= 0``.
    output : {"invariant", "node", "edge"}
        Output kind: R, R^n or R^{n x n}.
    symmetric : bool
        ``True`` for symmetric X (variables ``X_ij``, ``i <= j``), ``False`` for general X.
    n : int or None
        Number of nodes. ``None`` gives the stable count (``n >= 2 degree + s``, s the
        output order), which is the number of multigraph classes.

    Returns
    -------
    int
        The dimension.

    Raises
    ------
    InvalidTypeError
        If ``degree`` or ``n`` is not an integer, or ``symmetric`` not a bool.
    InvalidArgumentError
        If ``degree < 0``, ``n < 1`` or ``output`` is unknown.

    Notes
    -----
    ``dim = (1/n!) sum_{g in S_n} h_d(g) fix(g)^s`` where ``fix(g)`` counts fixed points of
    g on [n] and ``h_d(g)`` counts degree-d monomials in the variables fixed by g, i.e. the
    coefficient of ``t^d`` in ``prod_c (1 - t^{|c|})^{-1}`` over the cycles c of g on the
    variables. The sum runs over the cycle types of S_n, so the count is exact for every n,
    including the small n where the multigraph polynomials become linearly dependent
    (there it equals the number of classes with at most n vertices).

    Examples
    --------
    >>> [count_graph_polynomials(1, output=kind) for kind in ("invariant", "node", "edge")]
    [2, 5, 15]
    >>> count_graph_polynomials(3, output="invariant", symmetric=True)
    23
    >>> count_graph_polynomials(2, output="edge", n=2)
    20
    >>> count_graph_polynomials(-1)
    Traceback (most recent call last):
    ...
    symalg.errors.InvalidArgumentError: count_graph_polynomials: degree=-1 must be >= 0.
    """
    where = "count_graph_polynomials"
    degree = check_int("degree", degree, where=where, minimum=0)
    output = check_option("output", output, _ORDERS, where=where)
    symmetric = check_bool("symmetric", symmetric, where=where)
    order = _ORDERS[output]
    n = 2 * degree + order if n is None else check_int("n", n, where=where, minimum=1)
    return burnside_dimension(max(n, 1), degree, order, symmetric=symmetric)
