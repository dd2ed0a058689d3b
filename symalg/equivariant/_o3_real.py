"""The unitary change of basis from complex to real spherical harmonics, exact and float."""

# The degree is called l, as in the literature and the fixed public API.
# ruff: noqa: E741

from __future__ import annotations

import functools

import numpy as np
import sympy

from symalg.equivariant._o3_checks import check_degree

__all__ = ["real_to_complex_basis", "basis_change_float"]


@functools.cache
def _basis_change(l: int) -> sympy.ImmutableMatrix:
    u = sympy.zeros(2 * l + 1, 2 * l + 1)
    h = 1 / sympy.sqrt(2)
    u[l, l] = 1
    for mu in range(1, l + 1):
        sign = (-1) ** mu
        u[l + mu, l - mu] = h
        u[l + mu, l + mu] = sign * h
        u[l - mu, l - mu] = sympy.I * h
        u[l - mu, l + mu] = -sympy.I * sign * h
    return sympy.ImmutableMatrix(u)


def real_to_complex_basis(l: int) -> sympy.ImmutableMatrix:
    """Exact unitary ``U`` with ``Y^R_l = U Y^C_l`` (real harmonics from complex ones).

    Parameters
    ----------
    l : int
        Degree, ``l >= 0``.

    Returns
    -------
    sympy.ImmutableMatrix of shape (2l+1, 2l+1)
        Rows are indexed by the real index mu = -l..l, columns by the complex m = -l..l.

    Raises
    ------
    InvalidArgumentError
        If ``l`` is negative or not an integer.

    Notes
    -----
    ``Y^R_mu = (Y^{-mu} + (-1)^mu Y^mu)/sqrt(2)`` for mu > 0, ``Y^0`` for mu = 0 and
    ``i (Y^mu - (-1)^mu Y^{-mu})/sqrt(2)`` for mu < 0, with the Condon-Shortley phase in the
    complex ``Y^m`` (sympy ``Ynm``) and none added in the real basis. ``U`` is unitary, so
    ``Y^C = U^H Y^R``; the real Wigner-D is ``U conj(D^C) U^H``.

    Examples
    --------
    >>> real_to_complex_basis(1)
    Matrix([
    [sqrt(2)*I/2, 0, sqrt(2)*I/2],
    [          0, 1,           0],
    [  sqrt(2)/2, 0,  -sqrt(2)/2]])
    >>> real_to_complex_basis(0.5)
    Traceback (most recent call last):
    ...
    symalg.errors.InvalidArgumentError: real_to_complex_basis: l=0.5 is not an integer; ...
    """
    return _basis_change(check_degree("l", l, where="real_to_complex_basis"))


@functools.cache
def basis_change_float(l: int) -> np.ndarray:
    """Complex128 ``U`` of :func:`real_to_complex_basis` (cached, read-only)."""
    u = np.array(_basis_change(l).evalf(20).tolist(), dtype=np.complex128)
    u.setflags(write=False)
    return u
