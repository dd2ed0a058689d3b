"""Exact conversion between real spherical harmonics and 2-D Fourier series on the torus.

With ``w = e^{i theta}``, ``cos theta = (w + 1/w)/2`` and ``sin theta = (w - 1/w)/(2i)``, the
polar factor ``Theta_{l,m}(theta) = N_{l,m} sin^m(theta) P_l^(m)(cos theta)`` of the real
harmonic ``Y_{l,+-m}`` is a Laurent polynomial in ``w`` of degree ``l``: sympy expands it with
rational coefficients, so every coefficient is exact (``N_{l,m} (-i/2)^m`` times a rational).
The azimuthal factor ``cos(m phi)`` or ``sin(m phi)`` has two Fourier terms. Projecting a
trigonometric polynomial back onto ``Y_{L,M}`` needs ``K(k) = int_0^pi e^{ik theta}
sin theta dtheta``: ``2/(1-k^2)`` for even ``k``, ``+-i pi/2`` for ``k = +-1``, else 0.
"""

# The degree is called l, as in the literature and the fixed public API.
# ruff: noqa: E741

from __future__ import annotations

import functools
import math
from fractions import Fraction

import numpy as np
import sympy

from symalg.equivariant._o3_harmonics import sh_norm

__all__ = ["sh_to_fourier_table", "fourier_to_sh_table"]


@functools.cache
def _theta_rational(l: int, m: int) -> tuple[Fraction, ...]:
    """Rationals ``r_j`` with ``Theta_{l,m} = N (-i/2)^m sum_j r_j w^(j-l)``, j = 0..2l."""
    t, w = sympy.symbols("t w")
    dp = sympy.Poly(sympy.diff(sympy.legendre(l, t), t, m), t)
    acc = sympy.Poly(0, w, domain="QQ")
    for (k,), c in dp.terms():
        # cos^k -> ((w^2+1)/2)^k w^(-k); times w^(l-m) to clear denominators
        term = sympy.Poly((w**2 + 1) ** k * w ** (l - m - k), w, domain="QQ") * (c / 2**k)
        acc += term
    acc *= sympy.Poly((w**2 - 1) ** m, w, domain="QQ")  # sin^m = (w - 1/w)^m / (2i)^m
    coeffs = [Fraction(int(c.p), int(c.q)) for c in reversed(acc.all_coeffs())]
    return tuple(coeffs + [Fraction(0)] * (2 * l + 1 - len(coeffs)))


def _pre_float(l: int, m: int) -> complex:
    return complex(sh_norm(l, m).evalf(20)) * (-0.5j) ** m


@functools.cache
def sh_to_fourier_table(lmax: int) -> np.ndarray:
    """``A[l, m, u + lmax]``: complex128 Fourier coefficients of ``Theta_{l,m}`` (read-only)."""
    out = np.zeros((lmax + 1, lmax + 1, 2 * lmax + 1), dtype=np.complex128)
    for l in range(lmax + 1):
        for m in range(l + 1):
            pre = _pre_float(l, m)
            for j, r in enumerate(_theta_rational(l, m)):
                out[l, m, lmax - l + j] = pre * float(r)
    out.setflags(write=False)
    return out


def _k_exact(k: int) -> tuple[Fraction, Fraction]:
    """``K(k) = real + i pi imag``: returns (real, imag) as rationals."""
    if k % 2 == 0:
        return Fraction(2, 1 - k * k), Fraction(0)
    if abs(k) == 1:
        return Fraction(0), Fraction(k, 2)
    return Fraction(0), Fraction(0)


@functools.cache
def fourier_to_sh_table(lmax_out: int, umax: int) -> np.ndarray:
    """``W[L, m, u + umax] = 2 pi int_0^pi e^{iu theta} Theta_{L,m} sin theta dtheta``.

    Exact rationals (plus one ``pi`` term) summed before a single rounding; read-only.
    """
    out = np.zeros((lmax_out + 1, lmax_out + 1, 2 * umax + 1), dtype=np.complex128)
    for L in range(lmax_out + 1):
        for m in range(L + 1):
            rs = _theta_rational(L, m)
            pre = 2 * math.pi * _pre_float(L, m)
            for u in range(-umax, umax + 1):
                re, im = Fraction(0), Fraction(0)
                for j, r in enumerate(rs):
                    kr, ki = _k_exact(u + j - L)
                    re, im = re + r * kr, im + r * ki
                out[L, m, u + umax] = pre * complex(float(re), math.pi * float(im))
    out.setflags(write=False)
    return out
