"""Float tables of the coupling coefficients, from exact integer arithmetic (cached).

The complex Clebsch-Gordan coefficients come from Racah's formula evaluated with Python
integers and fractions (``CG^2`` is rational), so each float is correctly rounded up to one
square root; no sympy call is made. They are an independent route to the exact functions of
``_o3_coupling`` and fast enough to build every table up to ``l = 16`` in about a second.
"""

# The degree is called l, as in the literature and the fixed public API.
# ruff: noqa: E741

from __future__ import annotations

import functools
import math
from fractions import Fraction

import numpy as np

from symalg.equivariant._o3_checks import check_degree, check_dtype
from symalg.equivariant._o3_real import basis_change_float

__all__ = [
    "cg_float",
    "real_cg_float",
    "real_gaunt_float",
    "gaunt_constant_float",
    "real_clebsch_gordan_table",
    "real_gaunt_table",
]


@functools.cache
def _fact(n: int) -> int:
    return math.factorial(n)


def _racah(l1: int, m1: int, l2: int, m2: int, L: int) -> float:
    """``<l1 m1 l2 m2 | L m1+m2>`` by Racah's formula, exactly up to the final sqrt."""
    M = m1 + m2
    if abs(M) > L or not abs(l1 - l2) <= L <= l1 + l2:
        return 0.0
    f = _fact
    pre = Fraction(
        (2 * L + 1) * f(l1 + l2 - L) * f(l1 - l2 + L) * f(-l1 + l2 + L), f(l1 + l2 + L + 1)
    ) * (f(L + M) * f(L - M) * f(l1 - m1) * f(l1 + m1) * f(l2 - m2) * f(l2 + m2))
    kmin = max(0, l2 - L - m1, l1 - L + m2)
    kmax = min(l1 + l2 - L, l1 - m1, l2 + m2)
    s = sum(
        Fraction(
            (-1) ** k,
            f(k)
            * f(l1 + l2 - L - k)
            * f(l1 - m1 - k)
            * f(l2 + m2 - k)
            * f(L - l2 + m1 + k)
            * f(L - l1 - m2 + k),
        )
        for k in range(kmin, kmax + 1)
    )
    if s == 0:
        return 0.0
    return math.copysign(math.sqrt(pre * s * s), s)


@functools.cache
def cg_float(l1: int, l2: int, L: int) -> np.ndarray:
    """Complex CG as a float array ``C[m1+l1, m2+l2, M+L]`` (read-only, cached)."""
    out = np.zeros((2 * l1 + 1, 2 * l2 + 1, 2 * L + 1))
    for m1 in range(-l1, l1 + 1):
        for m2 in range(max(-l2, -L - m1), min(l2, L - m1) + 1):
            out[m1 + l1, m2 + l2, m1 + m2 + L] = _racah(l1, m1, l2, m2, L)
    out.setflags(write=False)
    return out


@functools.cache
def real_cg_float(l1: int, l2: int, L: int) -> np.ndarray:
    """Float64 real coupling tensor ``Q`` (see ``real_clebsch_gordan``), read-only, cached."""
    u1, u2, uL = (basis_change_float(l) for l in (l1, l2, L))
    q = np.einsum("ai,ijn->ajn", u1.conj(), cg_float(l1, l2, L))
    q = np.einsum("bj,ajn->abn", u2.conj(), q)
    q = np.einsum("Mn,abn->abM", uL, q)
    q = q if (l1 + l2 + L) % 2 == 0 else -1j * q
    assert np.abs(q.imag).max(initial=0.0) < 1e-12  # internal invariant: Q is real
    out = np.ascontiguousarray(q.real)
    out[np.abs(out) < 1e-15] = 0.0
    out.setflags(write=False)
    return out


@functools.cache
def gaunt_constant_float(l1: int, l2: int, L: int) -> float:
    """Float ``c(l1, l2, L) = sqrt((2l1+1)(2l2+1)/(4 pi (2L+1))) <l1 0 l2 0|L 0>``."""
    if (l1 + l2 + L) % 2 or not abs(l1 - l2) <= L <= l1 + l2:
        return 0.0
    pre = math.sqrt((2 * l1 + 1) * (2 * l2 + 1) / (4 * math.pi * (2 * L + 1)))
    return pre * _racah(l1, 0, l2, 0, L)


@functools.cache
def real_gaunt_float(l1: int, l2: int, L: int) -> np.ndarray:
    """Float64 real Gaunt tensor ``c(l1, l2, L) Q`` (read-only, cached)."""
    out = gaunt_constant_float(l1, l2, L) * real_cg_float(l1, l2, L)
    out.setflags(write=False)
    return out


def _table(lmax: int, block, dtype: np.dtype) -> np.ndarray:  # noqa: ANN001
    n = (lmax + 1) ** 2
    out = np.zeros((n, n, n), dtype=dtype)
    for l1 in range(lmax + 1):
        for l2 in range(lmax + 1):
            for L in range(abs(l1 - l2), min(l1 + l2, lmax) + 1):
                out[l1 * l1 : (l1 + 1) ** 2, l2 * l2 : (l2 + 1) ** 2, L * L : (L + 1) ** 2] = (
                    block(l1, l2, L)
                )
    return out


def real_clebsch_gordan_table(lmax: int, *, dtype: str = "float64") -> np.ndarray:
    """All real coupling tensors with degrees ``<= lmax`` in one float array.

    Parameters
    ----------
    lmax : int
        Largest degree of the three spaces.
    dtype : {"float64", "float32"}, default "float64"

    Returns
    -------
    ndarray of shape (N, N, N), N = (lmax+1)**2
        ``T[l1**2 + l1 + mu1, l2**2 + l2 + mu2, L**2 + L + M] = Q^{l1 l2 L}[mu1, mu2, M]``
        (the layout of concatenated harmonics of degrees ``0..lmax``).

    Raises
    ------
    InvalidArgumentError
        If ``lmax`` is negative or ``dtype`` is not a float dtype.

    Notes
    -----
    Same convention as :func:`real_clebsch_gordan` (phase ``-i`` for odd ``l1 + l2 + L``);
    the coefficients are computed with exact integers and rounded once, without sympy.

    Examples
    --------
    >>> t = real_clebsch_gordan_table(2)
    >>> t.shape, round(float((t[1:4, 1:4, 4:9] ** 2).sum()), 12)
    ((9, 9, 9), 5.0)
    >>> real_clebsch_gordan_table(2, dtype="int32")
    Traceback (most recent call last):
    ...
    symalg.errors.InvalidArgumentError: real_clebsch_gordan_table: dtype='int32' is not ...
    """
    where = "real_clebsch_gordan_table"
    lmax = check_degree("lmax", lmax, where=where)
    return _table(lmax, real_cg_float, check_dtype(dtype, where=where))


def real_gaunt_table(lmax: int, *, dtype: str = "float64") -> np.ndarray:
    """All real Gaunt tensors with degrees ``<= lmax`` in one float array.

    Parameters
    ----------
    lmax : int
        Largest degree of the three harmonics.
    dtype : {"float64", "float32"}, default "float64"

    Returns
    -------
    ndarray of shape (N, N, N), N = (lmax+1)**2
        ``T[i, j, k] = int Y_i Y_j Y_k dOmega`` for the concatenated real harmonics.

    Raises
    ------
    InvalidArgumentError
        If ``lmax`` is negative or ``dtype`` is not a float dtype.

    Notes
    -----
    Built as ``c(l1, l2, L) Q^{l1 l2 L}`` (:func:`gaunt_constant`); fully symmetric in its
    three indices; zero on odd paths.

    Examples
    --------
    >>> import numpy as np
    >>> t = real_gaunt_table(2)
    >>> round(float(t[0, 0, 0] * np.sqrt(4 * np.pi)), 12)
    1.0
    >>> real_gaunt_table(-2)
    Traceback (most recent call last):
    ...
    symalg.errors.InvalidArgumentError: real_gaunt_table: lmax=-2 must be a non-negative integer.
    """
    where = "real_gaunt_table"
    lmax = check_degree("lmax", lmax, where=where)
    return _table(lmax, real_gaunt_float, check_dtype(dtype, where=where))
