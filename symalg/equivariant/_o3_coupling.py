"""Exact Clebsch-Gordan, Wigner 3j and Gaunt coefficients, complex and real."""

# The degree is called l, as in the literature and the fixed public API.
# ruff: noqa: E741

from __future__ import annotations

import functools

import sympy
from sympy.physics import wigner as _wigner

from symalg.equivariant._o3_checks import check_degree, check_order
from symalg.equivariant._o3_real import real_to_complex_basis

__all__ = [
    "clebsch_gordan",
    "wigner_3j",
    "gaunt",
    "gaunt_constant",
    "real_clebsch_gordan",
    "real_gaunt",
]


def _degrees(where: str, **kw: object) -> list[int]:
    return [check_degree(k, v, where=where) for k, v in kw.items()]


def clebsch_gordan(l1: int, m1: int, l2: int, m2: int, L: int, M: int) -> sympy.Expr:
    """Exact Clebsch-Gordan coefficient ``<l1 m1 l2 m2 | L M>``.

    Parameters
    ----------
    l1, m1, l2, m2, L, M : int
        Degrees ``l >= 0`` and orders ``|m| <= l``.

    Returns
    -------
    sympy.Expr
        A rational times the square root of a rational; zero unless ``M = m1 + m2`` and
        ``|l1 - l2| <= L <= l1 + l2``.

    Raises
    ------
    InvalidArgumentError
        If a degree is negative or not an integer, or ``|m| > l``.

    Notes
    -----
    Condon-Shortley convention (sympy ``clebsch_gordan(l1, l2, L, m1, m2, M)``). Related to
    :func:`wigner_3j` by ``<l1 m1 l2 m2|L M> = (-1)^(l1-l2+M) sqrt(2L+1) (l1 l2 L; m1 m2 -M)``;
    orthonormal: ``sum_{m1, m2} <l1 m1 l2 m2|L M>^2 = 1`` for every allowed ``(L, M)``.

    Examples
    --------
    >>> clebsch_gordan(1, 1, 1, -1, 0, 0)
    sqrt(3)/3
    >>> clebsch_gordan(1, 2, 1, 0, 1, 1)
    Traceback (most recent call last):
    ...
    symalg.errors.InvalidArgumentError: clebsch_gordan: m1=2 has |m1| > l = 1; ...
    """
    where = "clebsch_gordan"
    l1, l2, L = _degrees(where, l1=l1, l2=l2, L=L)
    m1 = check_order("m1", m1, l1, where=where)
    m2 = check_order("m2", m2, l2, where=where)
    M = check_order("M", M, L, where=where)
    return sympy.nsimplify(_wigner.clebsch_gordan(l1, l2, L, m1, m2, M))


def wigner_3j(l1: int, l2: int, l3: int, m1: int, m2: int, m3: int) -> sympy.Expr:
    """Exact Wigner 3j symbol ``(l1 l2 l3; m1 m2 m3)``, argument order as sympy's.

    Parameters
    ----------
    l1, l2, l3 : int
        Degrees ``l >= 0``.
    m1, m2, m3 : int
        Orders, ``|m_i| <= l_i``.

    Returns
    -------
    sympy.Expr
        Zero unless ``m1 + m2 + m3 = 0`` and the triangle condition holds.

    Raises
    ------
    InvalidArgumentError
        If a degree is negative or not an integer, or ``|m| > l``.

    Notes
    -----
    Invariant under even permutations of the columns, multiplied by ``(-1)^(l1+l2+l3)``
    under odd ones and under ``m -> -m``; see :func:`clebsch_gordan` for the relation to CG.

    Examples
    --------
    >>> wigner_3j(1, 1, 0, 1, -1, 0)
    sqrt(3)/3
    >>> wigner_3j(1, 1, -2, 0, 0, 0)
    Traceback (most recent call last):
    ...
    symalg.errors.InvalidArgumentError: wigner_3j: l3=-2 must be a non-negative integer.
    """
    where = "wigner_3j"
    ls = _degrees(where, l1=l1, l2=l2, l3=l3)
    ms = [
        check_order(f"m{i + 1}", m, l, where=where)
        for i, (m, l) in enumerate(zip((m1, m2, m3), ls, strict=True))
    ]
    return sympy.nsimplify(_wigner.wigner_3j(*ls, *ms))


def gaunt(l1: int, l2: int, l3: int, m1: int, m2: int, m3: int) -> sympy.Expr:
    """Exact Gaunt coefficient ``int Y_l1^m1 Y_l2^m2 Y_l3^m3 dOmega`` (no conjugation).

    Parameters
    ----------
    l1, l2, l3 : int
        Degrees ``l >= 0`` (argument order as sympy's ``gaunt``).
    m1, m2, m3 : int
        Orders, ``|m_i| <= l_i``.

    Returns
    -------
    sympy.Expr
        ``sqrt((2l1+1)(2l2+1)(2l3+1)/(4 pi)) (l1 l2 l3; 0 0 0) (l1 l2 l3; m1 m2 m3)``.

    Raises
    ------
    InvalidArgumentError
        If a degree is negative or not an integer, or ``|m| > l``.

    Notes
    -----
    Complex harmonics with the Condon-Shortley phase. Zero for odd ``l1 + l2 + l3`` (the
    "odd paths") and unless ``m1 + m2 + m3 = 0``. With ``int Y Y conj(Y_L^M) =
    c(l1, l2, L) <l1 m1 l2 m2|L M>`` the constant is :func:`gaunt_constant`.

    Examples
    --------
    >>> gaunt(1, 1, 2, 1, -1, 0)
    sqrt(5)/(10*sqrt(pi))
    >>> gaunt(1, 1, 1, 0, 0, 0)
    0
    >>> gaunt(1, 1, 2, 3, 0, 0)
    Traceback (most recent call last):
    ...
    symalg.errors.InvalidArgumentError: gaunt: m1=3 has |m1| > l = 1; ...
    """
    where = "gaunt"
    ls = _degrees(where, l1=l1, l2=l2, l3=l3)
    ms = [
        check_order(f"m{i + 1}", m, l, where=where)
        for i, (m, l) in enumerate(zip((m1, m2, m3), ls, strict=True))
    ]
    return sympy.nsimplify(_wigner.gaunt(*ls, *ms)) if sum(ms) == 0 else sympy.S.Zero


def gaunt_constant(l1: int, l2: int, L: int) -> sympy.Expr:
    """Exact ``c(l1, l2, L)`` with ``int Y_l1^m1 Y_l2^m2 conj(Y_L^M) = c <l1 m1 l2 m2|L M>``.

    Parameters
    ----------
    l1, l2, L : int
        Degrees ``l >= 0``.

    Returns
    -------
    sympy.Expr
        ``sqrt((2l1+1)(2l2+1)/(4 pi (2L+1))) <l1 0 l2 0|L 0>``; zero for odd ``l1 + l2 + L``.

    Raises
    ------
    InvalidArgumentError
        If a degree is negative or not an integer.

    Notes
    -----
    The same constant relates the real tensors: ``real_gaunt(l1, l2, L) =
    c(l1, l2, L) real_clebsch_gordan(l1, l2, L)`` (Wigner-Eckart).

    Examples
    --------
    >>> gaunt_constant(1, 1, 2)
    sqrt(30)/(10*sqrt(pi))
    >>> gaunt_constant(1, 1, 1)
    0
    """
    l1, l2, L = _degrees("gaunt_constant", l1=l1, l2=l2, L=L)
    if not abs(l1 - l2) <= L <= l1 + l2:
        return sympy.S.Zero
    pre = sympy.sqrt(sympy.Rational((2 * l1 + 1) * (2 * l2 + 1), 2 * L + 1) / (4 * sympy.pi))
    return sympy.nsimplify(pre * _wigner.clebsch_gordan(l1, l2, L, 0, 0, 0))


@functools.cache
def _real_cg(l1: int, l2: int, L: int) -> sympy.ImmutableDenseNDimArray:
    u1, u2, uL = (real_to_complex_basis(l) for l in (l1, l2, L))
    phase = 1 if (l1 + l2 + L) % 2 == 0 else -sympy.I
    shape = (2 * l1 + 1, 2 * l2 + 1, 2 * L + 1)
    out = sympy.MutableDenseNDimArray.zeros(*shape)
    if not abs(l1 - l2) <= L <= l1 + l2:
        return sympy.ImmutableDenseNDimArray(out)
    cg = {
        (m1, m2): _wigner.clebsch_gordan(l1, l2, L, m1, m2, m1 + m2)
        for m1 in range(-l1, l1 + 1)
        for m2 in range(-l2, l2 + 1)
        if abs(m1 + m2) <= L
    }
    for a in range(shape[0]):
        for b in range(shape[1]):
            for c in range(shape[2]):
                s = sum(
                    (
                        uL[c, L + m1 + m2]
                        * sympy.conjugate(u1[a, l1 + m1])
                        * sympy.conjugate(u2[b, l2 + m2])
                        * v
                        for (m1, m2), v in cg.items()
                        if uL[c, L + m1 + m2] != 0 and u1[a, l1 + m1] != 0 and u2[b, l2 + m2] != 0
                    ),
                    sympy.S.Zero,
                )
                value = sympy.nsimplify(sympy.expand(phase * s))
                assert value.is_real, (l1, l2, L, a, b, c, value)  # internal invariant
                out[a, b, c] = value
    return sympy.ImmutableDenseNDimArray(out)


def real_clebsch_gordan(l1: int, l2: int, L: int) -> sympy.ImmutableDenseNDimArray:
    """Exact real coupling tensor ``Q`` of shape ``(2l1+1, 2l2+1, 2L+1)``.

    Parameters
    ----------
    l1, l2, L : int
        Degrees ``l >= 0``.

    Returns
    -------
    sympy.ImmutableDenseNDimArray
        ``Q[mu1, mu2, M]``, indices running over ``-l..l`` (offset by ``l``); all zero when
        ``(l1, l2, L)`` violates the triangle condition.

    Raises
    ------
    InvalidArgumentError
        If a degree is negative or not an integer.

    Notes
    -----
    ``Q = phase * sum U_L[M, M'] conj(U_l1[mu1, m1]) conj(U_l2[mu2, m2]) <l1 m1 l2 m2|L M'>``
    with ``U`` from :func:`real_to_complex_basis`; ``phase = 1`` when ``l1 + l2 + L`` is
    even and ``-i`` when it is odd (the complex sum is then purely imaginary). ``Q`` is
    real, its squares sum to ``2L+1``, and ``z_M = sum Q[mu1, mu2, M] x_mu1 y_mu2`` is
    equivariant: ``z(D^l1 x, D^l2 y) = D^L z(x, y)`` for the real :func:`wigner_D`. For odd
    ``l1 + l2 + L`` it is antisymmetric under swapping equal inputs (``1 x 1 -> 1`` is
    ``Q[a, b, c] = epsilon`` up to a factor: the cross product).
    Use :func:`real_clebsch_gordan_table` for float arrays.

    Examples
    --------
    >>> real_clebsch_gordan(1, 1, 0)[:, :, 0].tolist()
    [[-sqrt(3)/3, 0, 0], [0, -sqrt(3)/3, 0], [0, 0, -sqrt(3)/3]]
    >>> real_clebsch_gordan(1, 1, 1)[0, 1, 2]
    sqrt(2)/2
    >>> real_clebsch_gordan(1, -1, 1)
    Traceback (most recent call last):
    ...
    symalg.errors.InvalidArgumentError: real_clebsch_gordan: l2=-1 must be a non-negative integer.
    """
    l1, l2, L = _degrees("real_clebsch_gordan", l1=l1, l2=l2, L=L)
    return _real_cg(l1, l2, L)


@functools.cache
def _real_gaunt(l1: int, l2: int, l3: int) -> sympy.ImmutableDenseNDimArray:
    shape = (2 * l1 + 1, 2 * l2 + 1, 2 * l3 + 1)
    out = sympy.MutableDenseNDimArray.zeros(*shape)
    if (l1 + l2 + l3) % 2 == 0 and abs(l1 - l2) <= l3 <= l1 + l2:
        for a in range(shape[0]):
            for b in range(shape[1]):
                for c in range(shape[2]):
                    out[a, b, c] = sympy.nsimplify(
                        _wigner.real_gaunt(l1, l2, l3, a - l1, b - l2, c - l3)
                    )
    return sympy.ImmutableDenseNDimArray(out)


def real_gaunt(l1: int, l2: int, l3: int) -> sympy.ImmutableDenseNDimArray:
    """Exact real Gaunt tensor ``G[mu1, mu2, mu3] = int Y_l1,mu1 Y_l2,mu2 Y_l3,mu3 dOmega``.

    Parameters
    ----------
    l1, l2, l3 : int
        Degrees ``l >= 0``.

    Returns
    -------
    sympy.ImmutableDenseNDimArray of shape (2l1+1, 2l2+1, 2l3+1)
        Real harmonics of :func:`spherical_harmonics`; zero for odd ``l1 + l2 + l3``.

    Raises
    ------
    InvalidArgumentError
        If a degree is negative or not an integer.

    Notes
    -----
    Taken from sympy's ``real_gaunt`` (sympy >= 1.14, after the sign fix of sympy issue
    25321). Its documentation writes the harmonics as ``(-1)^mu`` times the standard real
    ones, but ``(-1)^(mu1+mu2+mu3) = +1`` on every nonzero entry, so the values are those of
    the standard basis. Symmetric under permuting the ``(l, mu)`` pairs, and equal to
    ``gaunt_constant(l1, l2, l3) * real_clebsch_gordan(l1, l2, l3)``.

    Examples
    --------
    >>> real_gaunt(1, 1, 2)[2, 2, 4]
    sqrt(15)/(10*sqrt(pi))
    >>> real_gaunt(1, 1, 1)[0, 1, 2]
    0
    >>> real_gaunt(1, 1, "2")
    Traceback (most recent call last):
    ...
    symalg.errors.InvalidArgumentError: real_gaunt: l3='2' is not an integer; ...
    """
    l1, l2, l3 = _degrees("real_gaunt", l1=l1, l2=l2, l3=l3)
    return _real_gaunt(l1, l2, l3)
